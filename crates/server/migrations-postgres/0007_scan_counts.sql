-- Checkpoint throughput: counts per checkpoint account, China-time hour, outcome and colour.
-- Nothing about the scanned person is kept.
CREATE TABLE scan_counts (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    hour       TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    colour     TEXT NOT NULL DEFAULT '',
    count      BIGINT NOT NULL,
    PRIMARY KEY (account_id, hour, outcome, colour)
);
