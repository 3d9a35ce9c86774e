-- "找不到我的社区" (seed FAQ 1): a resident reports a division missing under a parent. Reports
-- of one name under one parent are one group for admins; adding the division or dismissing
-- closes the group.
CREATE TABLE division_reports (
    id            TEXT PRIMARY KEY,
    parent_code   TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- The name without spaces, lower-cased: what groups reports.
    name_key      TEXT NOT NULL,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reported_at   TEXT NOT NULL,
    -- 'added' or 'dismissed' once closed.
    outcome       TEXT,
    closed_by     TEXT,
    closed_at     TEXT,
    division_code TEXT,
    UNIQUE (account_id, parent_code, name_key)
);
CREATE INDEX division_reports_open ON division_reports (outcome, parent_code, name_key);
