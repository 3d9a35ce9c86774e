-- The first schema: server-wide settings and facts (e.g. when the district data was imported).
-- Migrations are never edited once landed; later changes go in new files.
CREATE TABLE server_meta (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
