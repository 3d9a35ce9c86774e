-- Sessions end after a time without use as well as at their absolute end (staff: 30 minutes
-- idle within 12 hours; residents: 7 days idle within 30): when each was last used.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
