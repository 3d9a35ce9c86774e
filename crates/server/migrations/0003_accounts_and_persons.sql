-- Accounts (one per phone), SMS login, sessions, persons and their declarations and codes.
-- Phone and document numbers are stored as keyed hashes (HMAC with the server's pepper) for
-- lookups, and masked for display; the full document number lives only in the declaration body.

CREATE TABLE accounts (
    id           TEXT PRIMARY KEY,
    phone_hash   TEXT NOT NULL UNIQUE,
    phone_masked TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT 'resident',
    created_at   TEXT NOT NULL
);

CREATE TABLE otp_challenges (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_hash      TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    consumed_at     INTEGER
);
CREATE INDEX otp_challenges_by_phone ON otp_challenges (phone_hash, created_at);

-- Every code sent, for the per-phone and per-client rate limits (global across servers).
CREATE TABLE otp_sends (
    phone_hash TEXT NOT NULL,
    client     TEXT NOT NULL,
    sent_at    INTEGER NOT NULL
);
CREATE INDEX otp_sends_by_phone ON otp_sends (phone_hash, sent_at);
CREATE INDEX otp_sends_by_client ON otp_sends (client, sent_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE persons (
    id            TEXT PRIMARY KEY,
    -- The opaque reference carried in code tokens (never the document number).
    person_ref    TEXT NOT NULL UNIQUE,
    document_hash TEXT UNIQUE,
    name_masked   TEXT,
    created_at    TEXT NOT NULL
);

-- Which accounts may act for which persons, and how the person relates to the account.
CREATE TABLE account_persons (
    account_id       TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    person_id        TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    relation         TEXT NOT NULL,
    relation_note    TEXT,
    guardian_consent INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (account_id, person_id)
);
CREATE UNIQUE INDEX one_self_per_account ON account_persons (account_id) WHERE relation = 'self';
CREATE INDEX account_persons_by_person ON account_persons (person_id);

-- Every saved version of a declaration; the newest is the current one.
CREATE TABLE declarations (
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, version)
);

-- Replays of requests sent with an Idempotency-Key.
CREATE TABLE idempotency_keys (
    account_id   TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- The current review result of each person.
CREATE TABLE codes (
    person_id           TEXT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    status              TEXT NOT NULL,
    colour              TEXT,
    reasons             TEXT NOT NULL,
    valid_until         TEXT,
    declaration_version INTEGER NOT NULL,
    reviewed_at         TEXT
);

-- Divisions whose visitors get a yellow or red code (seeded empty; admins edit it).
CREATE TABLE risk_areas (
    division_code TEXT PRIMARY KEY,
    level         TEXT NOT NULL,
    since         TEXT NOT NULL,
    note          TEXT
);

-- Authority lists (confirmed, suspected, close contacts) by document hash.
CREATE TABLE authority_list (
    document_hash TEXT PRIMARY KEY,
    colour        TEXT NOT NULL,
    category      TEXT NOT NULL,
    added_at      TEXT NOT NULL
);

-- Issuer keys this server trusts: its own (current and retired) and peer regions' (互通互认).
-- Private keys never enter the database; they stay in the data dir's keys/ folder.
CREATE TABLE trusted_keys (
    issuer      TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    valid_from  INTEGER NOT NULL,
    valid_until INTEGER,
    own         INTEGER NOT NULL DEFAULT 0,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (issuer, key_id)
);
