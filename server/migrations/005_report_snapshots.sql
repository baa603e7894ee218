-- 005_report_snapshots: funding reports marked as submitted (server/reports/snapshots.ts). A snapshot keeps the
-- figures as submitted (counts and the service list, shared/reports/snapshot.ts) and the fingerprint of the
-- facts behind them, so the report is produced again identically and later changes are listed. Never updated.

CREATE TABLE report_snapshots (
  id text PRIMARY KEY,
  period jsonb NOT NULL,
  date_from text COLLATE "C" NOT NULL,
  date_to text COLLATE "C" NOT NULL,
  filter jsonb NOT NULL,
  fund jsonb NOT NULL,
  figures jsonb NOT NULL,
  fingerprint jsonb NOT NULL,
  submitted_by text NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL
);
CREATE INDEX report_snapshots_period ON report_snapshots (date_from, date_to, submitted_at);
