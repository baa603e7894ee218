-- 003_attachments: photo bytes beside the records (docs/architecture.md "Attachments"). A visit's PhotoRef names the
-- blob by its SHA-256; the bytes travel by their own idempotent PUT and are read by whoever may read the
-- resident's bucket. Keyed by (sha256, resident): the resident decides who may read it.
CREATE TABLE attachments (
  sha256 text NOT NULL,
  resident_id text NOT NULL,
  mime_type text NOT NULL,
  size integer NOT NULL,
  bytes bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sha256, resident_id)
);
