/**
 * Who may use the admin API: pluggable {@link dev.spawn.servlet.auth.Authenticator}s (none for
 * development, static users with PBKDF2 hashes, LDAP over JNDI) and the {@link
 * dev.spawn.servlet.auth.TokenStore} of the bearer tokens handed out at login.
 */
package dev.spawn.servlet.auth;
