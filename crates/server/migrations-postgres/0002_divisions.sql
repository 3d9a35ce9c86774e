-- Administrative divisions (see ../migrations/0002_divisions.sql).
CREATE TABLE divisions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT,
    level       BIGINT NOT NULL,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX divisions_by_parent ON divisions (parent_code, code);
CREATE INDEX divisions_by_level ON divisions (level, code);
