-- The catalog: one row per source, keyed by its bytes (sha256). PostgreSQL dialect; also the
-- shared work queue (claims FOR UPDATE SKIP LOCKED, leases in lease_owner/lease_expires).
CREATE TABLE sources (
  id              BIGSERIAL PRIMARY KEY,
  sha256          TEXT NOT NULL UNIQUE,
  path            TEXT NOT NULL,              -- the first path or URL seen; others in paths
  bytes           BIGINT NOT NULL DEFAULT 0,
  shard_key       BIGINT NOT NULL,            -- first 32 bits of sha256, for --shard K/N
  pages           INTEGER,
  status          TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'done', 'failed')),
  error_code      TEXT,
  error_stage     TEXT,
  error_message   TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  ms              DOUBLE PRECISION,
  stage_ms        JSONB,
  ocr_pages       INTEGER,
  issue_counts    JSONB,
  record_location TEXT,
  lease_owner     TEXT,
  lease_expires   TIMESTAMPTZ,
  queued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at      TIMESTAMPTZ,
  finished_at     TIMESTAMPTZ,
  -- crawl metadata, filled by the crawler; NULL for local files
  url             TEXT,
  authority       TEXT,
  committee       TEXT,
  meeting_id      TEXT,
  meeting_date    DATE,
  etag            TEXT,
  last_modified   TEXT
);
CREATE INDEX sources_status ON sources (status, id);
CREATE INDEX sources_lease ON sources (lease_expires) WHERE status = 'running';

CREATE TABLE paths (
  path     TEXT PRIMARY KEY,
  sha256   TEXT NOT NULL,
  bytes    BIGINT NOT NULL,
  mtime_ns BIGINT NOT NULL,
  seen_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX paths_sha256 ON paths (sha256);

-- The records themselves, so machines that share the queue need no shared file system.
CREATE TABLE records (
  sha256     TEXT PRIMARY KEY REFERENCES sources (sha256),
  record     JSONB NOT NULL,
  written_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
