-- The crawler's bookkeeping (agendapack crawl / nightly) and the report's memory. PostgreSQL dialect (times as ISO text, as the crawler writes them).
-- Every URL fetched, with what the server said about it, for conditional GETs on the next run.
CREATE TABLE crawl_urls (
  url           TEXT PRIMARY KEY,
  sha256        TEXT,                 -- the bytes last fetched from it
  etag          TEXT,
  last_modified TEXT,
  authority     TEXT,
  committee     TEXT,
  meeting_id    TEXT,
  meeting_date  TEXT,
  first_seen    TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  last_fetched  TEXT,
  last_changed  TEXT
);
CREATE INDEX crawl_urls_sha256 ON crawl_urls (sha256);

-- One row per crawl; the report reads the latest for fetched/new/changed.
CREATE TABLE crawl_runs (
  id           BIGSERIAL PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  sites        TEXT,                  -- JSON list
  summary      TEXT                   -- JSON {"fetched", "new", "changed", ...}
);

-- What happened to each document URL in a run: new, changed, unchanged, not_modified, failed,
-- robots, too_large, not_pdf.
CREATE TABLE crawl_fetches (
  run_id      INTEGER NOT NULL,
  url         TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  http_status INTEGER,
  sha256      TEXT,
  attempts    INTEGER,
  message     TEXT
);
CREATE INDEX crawl_fetches_run ON crawl_fetches (run_id);

-- Hash of each page's normalised text, to find the same report inside an agenda pack.
CREATE TABLE page_fingerprints (
  sha256      TEXT NOT NULL,
  page        INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (sha256, page)
);
CREATE INDEX page_fingerprints_fp ON page_fingerprints (fingerprint);

-- A source whose every page is also in a larger source (a report inside its agenda pack).
CREATE TABLE source_links (
  part_sha256 TEXT PRIMARY KEY,
  pack_sha256 TEXT NOT NULL,
  first_page  INTEGER,                -- the pack page where the part begins
  pages       INTEGER
);

-- The figures of each report, so the next one can say what changed.
CREATE TABLE report_snapshots (
  id         BIGSERIAL PRIMARY KEY,
  created_at TEXT NOT NULL,
  summary    TEXT NOT NULL            -- JSON
);
