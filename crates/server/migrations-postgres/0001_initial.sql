-- The PostgreSQL schema is the SQLite one (../migrations) in PostgreSQL's types, migration for
-- migration with the same numbers: INTEGER becomes BIGINT (Rust reads i64), REAL becomes
-- DOUBLE PRECISION, 0/1 flags become BOOLEAN, AUTOINCREMENT ids become identity columns.
-- Migrations are never edited once landed; later changes go in new files, in both folders.
CREATE TABLE server_meta (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
