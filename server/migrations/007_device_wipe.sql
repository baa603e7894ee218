-- 007_device_wipe: an administrator revoking a device can order its local data erased (docs/security.md §3,
-- docs/sync-protocol.md §4 "Revocation"). The order is given with the revocation; the device confirms once it
-- has erased everything (POST /auth/wiped).

ALTER TABLE devices ADD COLUMN wipe_ordered_at timestamptz;
ALTER TABLE devices ADD COLUMN wiped_at timestamptz;
