-- Appeals (申诉), colour overrides that need two different admins, and the audit log of both.

CREATE TABLE appeals (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    reason     TEXT NOT NULL,
    note       TEXT,
    status     TEXT NOT NULL,
    resolution TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX appeals_by_person ON appeals (person_id, created_at);
CREATE INDEX appeals_by_status ON appeals (status, created_at);

CREATE TABLE colour_overrides (
    id          TEXT PRIMARY KEY,
    appeal_id   TEXT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    colour      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT
);
CREATE INDEX colour_overrides_by_person ON colour_overrides (person_id, approved_at);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT,
    at      TEXT NOT NULL
);
