-- The catalog: one row per source, keyed by its bytes (sha256). SQLite dialect.
-- Times are UTC ISO-8601 text; JSON columns hold text.
CREATE TABLE sources (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256          TEXT NOT NULL UNIQUE,
  path            TEXT NOT NULL,              -- the first path or URL seen; others in paths
  bytes           INTEGER NOT NULL DEFAULT 0,
  shard_key       INTEGER NOT NULL,           -- first 32 bits of sha256, for --shard K/N
  pages           INTEGER,
  status          TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'done', 'failed')),
  error_code      TEXT,
  error_stage     TEXT,
  error_message   TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  ms              REAL,
  stage_ms        TEXT,                       -- JSON {"stage": ms}
  ocr_pages       INTEGER,
  issue_counts    TEXT,                       -- JSON {"CODE": n}
  record_location TEXT,
  lease_owner     TEXT,
  lease_expires   TEXT,
  queued_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  started_at      TEXT,
  finished_at     TEXT,
  -- crawl metadata, filled by the crawler; NULL for local files
  url             TEXT,
  authority       TEXT,
  committee       TEXT,
  meeting_id      TEXT,
  meeting_date    TEXT,
  etag            TEXT,
  last_modified   TEXT
);
CREATE INDEX sources_status ON sources (status, id);

-- Every name a source was seen under, with the size and mtime it had, so a rerun over the
-- same archive does not hash unchanged files again.
CREATE TABLE paths (
  path     TEXT PRIMARY KEY,
  sha256   TEXT NOT NULL,
  bytes    INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX paths_sha256 ON paths (sha256);
