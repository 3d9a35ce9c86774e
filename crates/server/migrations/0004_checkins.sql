-- Daily check-ins (健康打卡): one per person per day in China; a second one that day replaces
-- the first. Colour changes are kept for the history page and for statistics.

CREATE TABLE checkins (
    person_id         TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    day               TEXT NOT NULL,
    temperature_c     REAL NOT NULL,
    symptoms          TEXT NOT NULL,
    -- NULL: at the declared residence.
    location_division TEXT,
    at                TEXT NOT NULL,
    PRIMARY KEY (person_id, day)
);

CREATE TABLE colour_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    colour    TEXT NOT NULL,
    rule      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX colour_events_by_person ON colour_events (person_id, at);

-- What would change the code (e.g. 再连续打卡 5 天无异常可转为绿码), as a JSON reason.
ALTER TABLE codes ADD COLUMN next_step TEXT;
