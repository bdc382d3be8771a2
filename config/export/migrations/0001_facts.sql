-- The analysts' database (`agendapack export`): every fact of every record as a row, each
-- with its source: the document's sha256, its URL, the page and box (PDF points, top-left
-- origin, JSON [x0, y0, x1, y1]) and a link `URL#page=N`. SQLite only.
-- Every fact table refers to documents(sha256) with ON DELETE CASCADE: a document exported
-- again (its record changed, or a newer version replaced it) loses all its rows in one
-- statement, and the FTS5 indexes follow through their triggers.

-- One row per export; documents remember the run that first and last exported them, so the
-- report can say what is new since it last looked.
CREATE TABLE export_runs (
  run_id      INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  catalog     TEXT,
  exported    INTEGER,              -- documents (re)written by this run
  removed     INTEGER,              -- documents gone from the catalog or superseded
  unchanged   INTEGER
);

CREATE TABLE documents (
  sha256          TEXT PRIMARY KEY,
  file            TEXT,
  url             TEXT,              -- where it was fetched from (null for local files)
  link            TEXT,              -- URL#page=1, or file://PATH#page=1
  bytes           INTEGER,
  pages           INTEGER,
  producer        TEXT,
  authority       TEXT,              -- the record's meeting.authority, else the catalog's
  body            TEXT,
  meeting_date    TEXT,
  title           TEXT,              -- how people name it: the pack's first document, else the file
  status          TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  error_code      TEXT,
  error_stage     TEXT,
  error_message   TEXT,
  in_pack_sha256  TEXT,              -- a report also inside an agenda pack (which holds its facts)
  pack_first_page INTEGER,
  replaces_sha256 TEXT,              -- the older version of the same URL this one superseded
  issues          INTEGER,
  ocr_pages       INTEGER,
  catalog_path    TEXT,
  record_location TEXT,
  catalog_stamp   TEXT NOT NULL,     -- what the catalog said when exported; a change re-exports
  first_run       INTEGER NOT NULL REFERENCES export_runs (run_id),
  run_id          INTEGER NOT NULL REFERENCES export_runs (run_id)
);
CREATE INDEX documents_authority ON documents (authority, meeting_date);

-- Older versions that a changed file replaced, kept so links to them can be followed.
CREATE TABLE superseded (
  sha256     TEXT PRIMARY KEY,
  url        TEXT,
  by_sha256  TEXT,
  run_id     INTEGER REFERENCES export_runs (run_id)
);

-- People, per authority: "Cllr M Tett", "Mr Martin Tett" and "Councillor Tett" are one row.
CREATE TABLE people (
  person_id  INTEGER PRIMARY KEY,
  authority  TEXT NOT NULL,
  name       TEXT NOT NULL,          -- the fullest form seen, without honorifics
  surname    TEXT NOT NULL,
  forename   TEXT,                   -- a full first name when one was printed
  initials   TEXT,
  key        TEXT NOT NULL,          -- surname|forename-or-initial, lower case
  UNIQUE (authority, key)
);
-- Every form a person's name was printed in.
CREATE TABLE people_names (
  person_id INTEGER NOT NULL REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  printed   TEXT NOT NULL,
  PRIMARY KEY (person_id, printed)
);

CREATE TABLE meetings (
  meeting_id      INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL UNIQUE REFERENCES documents (sha256) ON DELETE CASCADE,
  authority       TEXT,
  body            TEXT,
  date            TEXT,
  start_time      TEXT,
  end_time        TEXT,
  venue           TEXT,
  chair           TEXT,
  chair_person_id INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  next_meeting    TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX meetings_date ON meetings (authority, date);
CREATE INDEX meetings_chair ON meetings (chair_person_id);

CREATE TABLE attendance (
  attendance_id INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meetings (meeting_id) ON DELETE CASCADE,
  sha256        TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  person_id     INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL,       -- as printed
  kind          TEXT NOT NULL,       -- present | apologies | in_attendance | officers
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX attendance_person ON attendance (person_id);
CREATE INDEX attendance_meeting ON attendance (meeting_id);
CREATE INDEX attendance_sha256 ON attendance (sha256);

CREATE TABLE items (
  item_id    INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meetings (meeting_id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  number     TEXT,
  title      TEXT,
  text       TEXT,
  page_first INTEGER,
  page_last  INTEGER,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX items_sha256 ON items (sha256);

CREATE TABLE resolutions (
  resolution_id         INTEGER PRIMARY KEY,
  item_id               INTEGER NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
  sha256                TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position              INTEGER NOT NULL,
  number                TEXT,
  text                  TEXT,
  decision              TEXT,
  outcome               TEXT,
  moved_by              TEXT,
  moved_by_person_id    INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  seconded_by           TEXT,
  seconded_by_person_id INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX resolutions_item ON resolutions (item_id);
CREATE INDEX resolutions_sha256 ON resolutions (sha256);
CREATE INDEX resolutions_moved_by ON resolutions (moved_by_person_id);
CREATE INDEX resolutions_seconded_by ON resolutions (seconded_by_person_id);

CREATE TABLE declarations (
  declaration_id INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
  sha256         TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  member         TEXT,
  person_id      INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  text           TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX declarations_sha256 ON declarations (sha256);
CREATE INDEX declarations_person ON declarations (person_id);

CREATE TABLE actions (
  action_id INTEGER PRIMARY KEY,
  item_id   INTEGER NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
  sha256    TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  number    TEXT,
  owner     TEXT,
  text      TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX actions_sha256 ON actions (sha256);

CREATE TABLE votes (
  vote_id       INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES items (item_id) ON DELETE CASCADE,
  sha256        TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  motion        TEXT,
  kind          TEXT,                -- motion | amendment | substantive motion | other
  outcome       TEXT,                -- carried | lost | withdrawn | null
  for_count     INTEGER,
  against_count INTEGER,
  abstain_count INTEGER,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX votes_item ON votes (item_id);
CREATE INDEX votes_sha256 ON votes (sha256);

CREATE TABLE recorded_votes (
  recorded_vote_id INTEGER PRIMARY KEY,
  vote_id          INTEGER NOT NULL REFERENCES votes (vote_id) ON DELETE CASCADE,
  sha256           TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  person_id        INTEGER REFERENCES people (person_id) DEFERRABLE INITIALLY DEFERRED,
  name             TEXT NOT NULL,    -- as printed
  vote             TEXT NOT NULL,    -- for | against | abstain
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX recorded_votes_vote ON recorded_votes (vote_id);
CREATE INDEX recorded_votes_person ON recorded_votes (person_id);
CREATE INDEX recorded_votes_sha256 ON recorded_votes (sha256);

-- The recommendation tracker: sets of one inquiry found in documents of one authority are one
-- tracker; each recommendation is linked to the tracker's number(s) it speaks of.
CREATE TABLE trackers (
  tracker_id      INTEGER PRIMARY KEY,  -- the id of its earliest set
  authority       TEXT NOT NULL,
  title           TEXT,
  first_date      TEXT,
  last_date       TEXT,
  sets            INTEGER NOT NULL,
  recommendations INTEGER NOT NULL
);

CREATE TABLE recommendation_sets (
  set_id     INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  item_id    INTEGER REFERENCES items (item_id) ON DELETE CASCADE,
  item       TEXT,
  position   INTEGER NOT NULL,
  title      TEXT,
  tracker_id INTEGER REFERENCES trackers (tracker_id) DEFERRABLE INITIALLY DEFERRED,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX recommendation_sets_sha256 ON recommendation_sets (sha256);
CREATE INDEX recommendation_sets_tracker ON recommendation_sets (tracker_id);

CREATE TABLE recommendations (
  recommendation_id INTEGER PRIMARY KEY,
  set_id            INTEGER NOT NULL REFERENCES recommendation_sets (set_id) ON DELETE CASCADE,
  sha256            TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  number            INTEGER,
  printed_number    TEXT,
  text              TEXT,
  bullets           TEXT,            -- JSON list
  agreed            TEXT,
  status            TEXT,
  response          TEXT,
  cabinet_member    TEXT,
  officer           TEXT,
  action_by         TEXT,
  action_by_raw     TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX recommendations_set ON recommendations (set_id);
CREATE INDEX recommendations_sha256 ON recommendations (sha256);

-- The tracker's numbering and the text it knows each recommendation by (the earliest printed).
CREATE TABLE tracker_recommendations (
  tracker_id INTEGER NOT NULL REFERENCES trackers (tracker_id) DEFERRABLE INITIALLY DEFERRED,
  number     INTEGER NOT NULL,
  text       TEXT,
  PRIMARY KEY (tracker_id, number)
);

-- Which tracker number(s) a recommendation row speaks of, and how that was decided: "text"
-- (its text matches), "printed" (its printed number), "number" (its position), "merged"
-- (one paragraph about two recommendations: "Recommendations 3 and 4").
CREATE TABLE recommendation_links (
  recommendation_id INTEGER NOT NULL REFERENCES recommendations (recommendation_id)
                    ON DELETE CASCADE,
  tracker_id        INTEGER NOT NULL REFERENCES trackers (tracker_id) DEFERRABLE INITIALLY DEFERRED,
  number            INTEGER NOT NULL,
  how               TEXT NOT NULL,
  PRIMARY KEY (recommendation_id, number)
);
CREATE INDEX recommendation_links_tracker ON recommendation_links (tracker_id, number);

-- What the tracker could not settle alone and a person should look at.
CREATE TABLE tracker_warnings (
  warning_id INTEGER PRIMARY KEY,
  tracker_id INTEGER REFERENCES trackers (tracker_id) DEFERRABLE INITIALLY DEFERRED,
  set_id     INTEGER REFERENCES recommendation_sets (set_id) ON DELETE CASCADE,
  sha256     TEXT REFERENCES documents (sha256) ON DELETE CASCADE,
  code       TEXT NOT NULL,
  message    TEXT NOT NULL
);
CREATE INDEX tracker_warnings_sha256 ON tracker_warnings (sha256);

CREATE TABLE funding_breakdowns (
  breakdown_id    INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  item_id         INTEGER REFERENCES items (item_id) ON DELETE CASCADE,
  item            TEXT,
  context         TEXT,
  stated_amount   REAL,
  stated_currency TEXT,
  stated_raw      TEXT,
  sum             REAL,
  consistent      INTEGER,           -- 1, 0, or null when no total is stated
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX funding_breakdowns_sha256 ON funding_breakdowns (sha256);

CREATE TABLE funding_lines (
  line_id      INTEGER PRIMARY KEY,
  breakdown_id INTEGER NOT NULL REFERENCES funding_breakdowns (breakdown_id) ON DELETE CASCADE,
  sha256       TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  label        TEXT,
  amount       REAL,
  currency     TEXT,
  raw          TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX funding_lines_sha256 ON funding_lines (sha256);

CREATE TABLE amounts (
  amount_id INTEGER PRIMARY KEY,
  sha256    TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  item_id   INTEGER REFERENCES items (item_id) ON DELETE CASCADE,
  item      TEXT,
  amount    REAL,
  currency  TEXT,
  raw       TEXT,
  sentence  TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX amounts_sha256 ON amounts (sha256);

-- The parts of an agenda pack (the record's top-level "documents").
CREATE TABLE pack_documents (
  pack_document_id INTEGER PRIMARY KEY,
  sha256           TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  kind             TEXT,
  title            TEXT,
  item             TEXT,
  item_id          INTEGER REFERENCES items (item_id) ON DELETE CASCADE,
  page_first       INTEGER,
  page_last        INTEGER,
  date             TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX pack_documents_sha256 ON pack_documents (sha256);

CREATE TABLE tables (
  table_id    INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  id          TEXT,                  -- the record's table id ("t3")
  page_first  INTEGER,
  page_last   INTEGER,
  header_rows INTEGER,
  n_rows      INTEGER,
  n_cols      INTEGER,
  cells       TEXT,                  -- JSON, row-major
  method      TEXT,
  url TEXT, page INTEGER, bbox TEXT, link TEXT
);
CREATE INDEX tables_sha256 ON tables (sha256);

CREATE TABLE quality_issues (
  issue_id INTEGER PRIMARY KEY,
  sha256   TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  code     TEXT NOT NULL,
  severity TEXT,
  message  TEXT,
  stage    TEXT,
  url TEXT, page INTEGER, link TEXT
);
CREATE INDEX quality_issues_sha256 ON quality_issues (sha256);

-- Full-text search: FTS5 external-content tables named <table>_fts, kept in step by triggers
-- (the layout sqlite-utils writes and Datasette detects: content="<table>").
CREATE VIRTUAL TABLE items_fts USING fts5 (title, text,
  content="items", content_rowid="item_id");
CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
  INSERT INTO items_fts (rowid, title, text) VALUES (new.item_id, new.title, new.text);
END;
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, text)
  VALUES ('delete', old.item_id, old.title, old.text);
END;
CREATE TRIGGER items_au AFTER UPDATE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, text)
  VALUES ('delete', old.item_id, old.title, old.text);
  INSERT INTO items_fts (rowid, title, text) VALUES (new.item_id, new.title, new.text);
END;

CREATE VIRTUAL TABLE resolutions_fts USING fts5 (text,
  content="resolutions", content_rowid="resolution_id");
CREATE TRIGGER resolutions_ai AFTER INSERT ON resolutions BEGIN
  INSERT INTO resolutions_fts (rowid, text) VALUES (new.resolution_id, new.text);
END;
CREATE TRIGGER resolutions_ad AFTER DELETE ON resolutions BEGIN
  INSERT INTO resolutions_fts (resolutions_fts, rowid, text)
  VALUES ('delete', old.resolution_id, old.text);
END;
CREATE TRIGGER resolutions_au AFTER UPDATE ON resolutions BEGIN
  INSERT INTO resolutions_fts (resolutions_fts, rowid, text)
  VALUES ('delete', old.resolution_id, old.text);
  INSERT INTO resolutions_fts (rowid, text) VALUES (new.resolution_id, new.text);
END;

CREATE VIRTUAL TABLE recommendations_fts USING fts5 (text, response,
  content="recommendations", content_rowid="recommendation_id");
CREATE TRIGGER recommendations_ai AFTER INSERT ON recommendations BEGIN
  INSERT INTO recommendations_fts (rowid, text, response)
  VALUES (new.recommendation_id, new.text, new.response);
END;
CREATE TRIGGER recommendations_ad AFTER DELETE ON recommendations BEGIN
  INSERT INTO recommendations_fts (recommendations_fts, rowid, text, response)
  VALUES ('delete', old.recommendation_id, old.text, old.response);
END;
CREATE TRIGGER recommendations_au AFTER UPDATE ON recommendations BEGIN
  INSERT INTO recommendations_fts (recommendations_fts, rowid, text, response)
  VALUES ('delete', old.recommendation_id, old.text, old.response);
  INSERT INTO recommendations_fts (rowid, text, response)
  VALUES (new.recommendation_id, new.text, new.response);
END;

-- Attendance rate by member and year: of the meetings whose minutes list the member as
-- present or sending apologies, the share present (absence without apologies is not printed).
CREATE VIEW attendance_rate AS
SELECT p.person_id, p.authority, p.name, substr(m.date, 1, 4) AS year,
       SUM(a.kind = 'present') AS present, SUM(a.kind = 'apologies') AS apologies,
       COUNT(DISTINCT a.meeting_id) AS meetings,
       ROUND(1.0 * SUM(a.kind = 'present') / COUNT(*), 3) AS rate
FROM attendance a
JOIN people p ON p.person_id = a.person_id
JOIN meetings m ON m.meeting_id = a.meeting_id
WHERE a.kind IN ('present', 'apologies') AND m.date IS NOT NULL
GROUP BY p.person_id, substr(m.date, 1, 4);

-- One row per recommendation per meeting: what was said about it, in date order.
CREATE VIEW recommendation_history AS
SELECT l.tracker_id, t.title AS tracker_title, s.title AS set_title, l.number,
       COALESCE(tr.text, r.text) AS text, r.text AS printed_text, r.printed_number,
       COALESCE(m.date, d.meeting_date) AS meeting_date, COALESCE(m.body, d.body) AS body,
       d.sha256, r.agreed, r.response, r.status, r.cabinet_member, r.officer, r.action_by,
       l.how, r.recommendation_id, s.set_id, r.url, r.page, r.link
FROM recommendation_links l
JOIN recommendations r ON r.recommendation_id = l.recommendation_id
JOIN recommendation_sets s ON s.set_id = r.set_id
JOIN documents d ON d.sha256 = r.sha256
JOIN trackers t ON t.tracker_id = l.tracker_id
LEFT JOIN meetings m ON m.sha256 = r.sha256
LEFT JOIN tracker_recommendations tr ON tr.tracker_id = l.tracker_id AND tr.number = l.number;

-- Each recommendation's latest status: the last meeting that stated one (else its last
-- meeting, with a null status).
CREATE VIEW recommendation_latest AS
SELECT tracker_id, tracker_title, number, text, status, meeting_date, body, sha256, link
FROM (SELECT h.*, ROW_NUMBER() OVER (PARTITION BY tracker_id, number
                                     ORDER BY status IS NULL, meeting_date IS NULL,
                                              meeting_date DESC, recommendation_id DESC) AS rn
      FROM recommendation_history h)
WHERE rn = 1;
