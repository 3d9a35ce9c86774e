-- Administrative divisions: imported from data/divisions.tsv.gz on first start, then the
-- source of truth (admins add divisions the dataset lacks, seed FAQ 1).
CREATE TABLE divisions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT,
    level       INTEGER NOT NULL,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX divisions_by_parent ON divisions (parent_code, code);
CREATE INDEX divisions_by_level ON divisions (level, code);
