-- Schema of a SqliteJournal file. Statements are separated by ';' at line end.
-- meta holds the journal id, the schema version and the last sequence number ever handed out
-- (kept here so that sequence numbers are never reused once every entry has been deleted).
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One row per update; target is NULL for an update meant for every peer.
CREATE TABLE IF NOT EXISTS entries (
  seq         INTEGER PRIMARY KEY,
  target      TEXT NULL,
  appended_at INTEGER NOT NULL,
  payload     BLOB NOT NULL
);
-- Entries for one peer are rare (retried dead letters): a partial index keeps pruning them cheap.
CREATE INDEX IF NOT EXISTS entries_by_target ON entries (target, seq) WHERE target IS NOT NULL;
-- The last persisted cursor of each attached peer; mode is START, RESYNC or ACKED.
CREATE TABLE IF NOT EXISTS cursors (
  peer TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL,
  mode TEXT NOT NULL
);
-- AUTOINCREMENT so that the id of a retried or removed dead letter is never handed out again.
CREATE TABLE IF NOT EXISTS dead_letters (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  peer       TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  status     INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  payload    BLOB NOT NULL
);
