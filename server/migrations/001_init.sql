-- 001_init: accounts, devices, sync state, records, history, audit.
-- Identifiers the app generates (users, devices, records) are text holding UUIDs: the zod schemas check the
-- format at the edge, and text keeps a malformed id a 4xx instead of a cast error.

CREATE TABLE server_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE communities (
  id text PRIMARY KEY,
  code text NOT NULL,
  name_th text NOT NULL,
  name_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE, -- stored lower-case
  password_hash text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('caregiver', 'care_manager', 'admin')),
  status text NOT NULL CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_communities (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  community_id text NOT NULL REFERENCES communities (id),
  PRIMARY KEY (user_id, community_id)
);

CREATE TABLE devices (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- Bumped when all of the device's tokens are voided (refresh replay); access JWTs carry it as `gen`.
  token_generation integer NOT NULL DEFAULT 0
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE refresh_tokens (
  id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  token_hash text NOT NULL UNIQUE, -- sha256 of the opaque token, base64url
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

-- One row; `UPDATE ... RETURNING seq` at the start of every push takes its row lock, so pushes commit in
-- seq order and a puller never sees seq n+1 before seq n.
CREATE TABLE sync_counter (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
INSERT INTO sync_counter (id, seq) VALUES (1, 0);

CREATE TABLE clients (
  client_id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  user_id text NOT NULL REFERENCES users (id),
  last_mid bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Current state of every synced record, each at the seq of its latest change.
CREATE TABLE records (
  type text NOT NULL,
  id text NOT NULL,
  bucket text NOT NULL,
  resident_id text, -- the resident a record belongs to (itself for a resident): moves re-bucket them together
  seq bigint NOT NULL,
  data jsonb NOT NULL,
  -- Per-field merge state (HLC, seq and author of each field's current value), compact JSON text:
  -- {"h": [hlc...], "a": [{userId, clientId, deviceId}...], "f": {field: [hlcIndex, seq, authorIndex]}}
  -- (-1 = absent). A row has one or a few distinct HLCs and authors but dozens of fields; spelled out per
  -- field it tripled the row and the write time. server/sync/store.ts reads and writes it.
  meta text NOT NULL,
  deleted_at text, -- HLC of the tombstone
  deleted_seq bigint,
  created_at text NOT NULL, -- ISO instant of the creating HLC (part of the synced envelope)
  created_by text NOT NULL, -- user id of the creator
  updated_at timestamptz NOT NULL DEFAULT now(), -- server time of the last write (operational only)
  PRIMARY KEY (type, id)
);
CREATE UNIQUE INDEX records_seq ON records (seq);
CREATE INDEX records_bucket_seq ON records (bucket, seq);
CREATE INDEX records_resident ON records (resident_id);

-- Every mutation the server processed (applied or refused), in order.
CREATE TABLE record_history (
  id bigserial PRIMARY KEY,
  seq bigint, -- null for refused mutations
  type text NOT NULL,
  record_id text NOT NULL,
  op text NOT NULL,
  status text NOT NULL,
  code text,
  fields jsonb NOT NULL,
  hlc text NOT NULL, -- as sent by the client
  applied_hlc text, -- the server's stamp when it re-stamped a future HLC
  user_id text NOT NULL,
  device_id text NOT NULL,
  client_id text NOT NULL,
  mid bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_history_record ON record_history (type, record_id);
CREATE UNIQUE INDEX record_history_client_mid ON record_history (client_id, mid);

-- Ids whose tombstones were purged: they can never be created again.
CREATE TABLE deleted_ids (
  type text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (type, id)
);

-- A record leaving a bucket (a resident changing community): pullers of the old bucket evict it.
CREATE TABLE sync_moves (
  seq bigint NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  resident_id text,
  from_bucket text NOT NULL,
  to_bucket text NOT NULL,
  PRIMARY KEY (seq, type, id)
);
CREATE INDEX sync_moves_from ON sync_moves (from_bucket, seq);

-- Hash-chained: hash = sha256(prev_hash || canonical entry); audit_head holds the chain's last hash and its
-- row lock serialises appends.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id text,
  device_id text,
  action text NOT NULL,
  record_type text,
  record_id text,
  outcome text NOT NULL,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  hash text NOT NULL
);
INSERT INTO audit_head (id, hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');
