-- Printed codes (纸质码) for those without a phone. The token itself is not stored, only its
-- serial, so a card reported lost (挂失) is refused by verify from then on.
CREATE TABLE paper_codes (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    serial      TEXT NOT NULL UNIQUE,
    issued_by   TEXT NOT NULL,
    colour      TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX paper_codes_by_person ON paper_codes (person_id, issued_at);
