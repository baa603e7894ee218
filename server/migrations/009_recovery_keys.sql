-- 009_recovery_keys: the recovery key of each device and its user (docs/security.md §3 "Recovery after a
-- block", docs/sync-protocol.md §4 "Recovery key"). The device keeps its data key wrapped under this key; the
-- server keeps the key and never the wrapped data key. A device row belongs to one user, so the device id names
-- the pair; user_id is kept to check it. The row goes with its device's revocation (server/users.ts).

CREATE TABLE recovery_keys (
  device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key_b64 text NOT NULL, -- 32 random bytes, base64
  created_at timestamptz NOT NULL
);
