-- 006_audit_viewer: what the audit log now records and how the administrator's viewer reads it
-- (docs/security.md §5, server/admin/auditQuery.ts).
-- client_at: the device's own time of an event it recorded offline (a resident's profile opened); at stays
--   the server's. detail: small facts that are not values (route, refusal code, a mutation's op), as the JSON
--   text that was hashed. Both are part of the hash chain when present.
ALTER TABLE audit_log ADD COLUMN client_at timestamptz;
ALTER TABLE audit_log ADD COLUMN detail text;

-- The viewer reads newest first (keyset on id) under one or more filters; each index ends in id so a filter
-- and the order are one index range.
CREATE INDEX audit_log_user_id ON audit_log (user_id, id);
CREATE INDEX audit_log_device_id ON audit_log (device_id, id);
CREATE INDEX audit_log_record ON audit_log (record_id, id);
CREATE INDEX audit_log_action ON audit_log (action COLLATE "C", id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_denied ON audit_log (id) WHERE outcome <> 'success';

-- View events a device uploads carry their own id: a batch resent after a lost answer is appended once.
CREATE TABLE audit_view_seen (
  view_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
