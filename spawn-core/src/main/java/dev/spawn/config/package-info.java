/**
 * The sections of a {@link dev.spawn.SpawnConfig}: one immutable record per JSON section
 * ({@code health-check}, {@code auth}, {@code journal}, {@code mirror}, {@code delivery}, ...),
 * most with a builder that validates each setting as it is set.
 *
 * <p>Records are immutable and thread-safe; their builders are mutable and not thread-safe. Every
 * record's constructor validates all of its values, so an instance is always valid. Error messages
 * name a setting by its JSON key ({@code 'journal.max-bytes' must be ...}); the keys, types and
 * defaults are listed in {@code docs/CONFIG.md}.
 */
package dev.spawn.config;
