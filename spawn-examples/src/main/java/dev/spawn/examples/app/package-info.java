/**
 * An example stateful REST webapp that Spawn replicates: a "notes" API kept in one JSON file per
 * note in a directory of its own, started by {@link dev.spawn.examples.app.NotesApp}.
 *
 * <p>The app knows nothing about clustering. The one thing it does for replication is to take the
 * id and the time of every new note from the request (see {@code WriteStamp}), so that every node
 * that runs the same write stores the same note. {@code GET /digest} lets a test or an operator
 * check that two nodes hold the same data.
 */
package dev.spawn.examples.app;
