/**
 * The admin REST API as a servlet ({@link dev.spawn.servlet.admin.AdminServlet}), compatible with
 * the Go Spawn Sync Service's API: nodes, queues, dead letters, metrics, login, with every change
 * written to an {@link dev.spawn.servlet.admin.AuditLog}. The routes are described in {@code
 * docs/ADMIN-API.md}.
 */
package dev.spawn.servlet.admin;
