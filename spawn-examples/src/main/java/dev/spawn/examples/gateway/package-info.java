/**
 * The standalone Spawn gateway: a reverse proxy in front of unmodified nodes, the Go service's
 * shape. Reads go to one node chosen by round-robin and/or priority, with fail-over; writes are
 * journaled durably and repeated on every active node, and the client gets the first node's answer
 * (or, with {@code respond: primary}, the best node runs the write first and only what it accepted
 * is replicated).
 *
 * <p>{@link dev.spawn.examples.gateway.SpawnGateway} is the program ({@code spawn-gateway.jar}) and
 * the programmatic entry point; everything else here is package-private machinery. The proxy
 * listener runs on Netty ({@link dev.spawn.examples.gateway.ProxyServer}): reads are relayed on its
 * event loops without a thread waiting, writes run on a pool of blocking threads; the admin API is
 * a Jetty server of its own. It is built on
 * the public API of {@code spawn-core} only, as any user's program would be.
 */
package dev.spawn.examples.gateway;
