/**
 * The servlet filter that replicates a webapp's writes: {@link dev.spawn.servlet.SpawnFilter}.
 * Everything else here is its machinery (request and response wrappers, locks), package-private.
 * The admin REST API lives in {@code dev.spawn.servlet.admin}.
 */
package dev.spawn.servlet;
