/**
 * The durable journal: an ordered log of updates with one cursor per peer.
 *
 * <p>{@link dev.spawn.journal.Journal} is the contract; {@link dev.spawn.journal.SqliteJournal} is
 * the durable default (one SQLite file, group-committed appends) and {@link
 * dev.spawn.journal.InMemoryJournal} keeps everything in memory for tests and for users who opt
 * out of durability. Entries carry opaque payloads: what they mean is the mirror protocol's
 * business.
 */
package dev.spawn.journal;
