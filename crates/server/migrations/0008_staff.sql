-- Staff (网格员, officials): what they need to find a resident without reading declaration
-- bodies, the divisions each staff account may see, and the grid worker's contact notes.

-- Copied from the newest declaration at every save (and once at start-up for older data).
ALTER TABLE persons ADD COLUMN residence_division TEXT;
ALTER TABLE persons ADD COLUMN document_masked TEXT;
ALTER TABLE persons ADD COLUMN isolation_start TEXT;
CREATE INDEX persons_by_residence ON persons (residence_division);

-- A grid worker's communities (12-digit codes) or an official's division (any level).
CREATE TABLE staff_scopes (
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    division_code TEXT NOT NULL,
    granted_by    TEXT NOT NULL,
    granted_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, division_code)
);

-- 已联系 / 已上门, with the worker's note.
CREATE TABLE resident_contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    note       TEXT,
    at         TEXT NOT NULL
);
CREATE INDEX resident_contacts_by_person ON resident_contacts (person_id, at);

CREATE INDEX checkins_by_day ON checkins (day, person_id);

-- The appeal desk: a second admin may turn a proposal down instead of approving it.
ALTER TABLE colour_overrides ADD COLUMN rejected_by TEXT;
ALTER TABLE colour_overrides ADD COLUMN rejected_at TEXT;

-- What the audit log is browsed by.
CREATE INDEX audit_log_by_action ON audit_log (action, id);
