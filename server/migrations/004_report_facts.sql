-- 004_report_facts: the funding reports' facts (shared/reports/facts.ts) as flat projection tables, kept in
-- step with `records` in the same transaction as every push (server/reports/projection.ts) and aggregated by
-- server/reports/sql.ts. Dates are text YYYY-MM-DD (cast to date only for day arithmetic); every text
-- column uses the "C" collation, so ORDER BY and comparisons give JavaScript's string order (ids, dates).
-- A database migrated before holds no facts yet: start-up rebuilds them from `records` when the
-- server_settings key 'report_facts_version' differs from REPORT_FACTS_VERSION.

CREATE TABLE report_residents (
  id text COLLATE "C" PRIMARY KEY,
  community_id text COLLATE "C" NOT NULL,
  prefix text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  sex text NOT NULL,
  birth_date text COLLATE "C" NOT NULL,
  national_id text COLLATE "C",
  no_id_reason text,
  phone text NOT NULL,
  address text NOT NULL,
  status text COLLATE "C" NOT NULL,
  status_date text COLLATE "C",
  enrolled_on text COLLATE "C" NOT NULL
);
CREATE INDEX report_residents_community ON report_residents (community_id);

-- Live ADL assessments of live residents.
CREATE TABLE report_adl (
  id text COLLATE "C" PRIMARY KEY,
  resident_id text COLLATE "C" NOT NULL,
  assessed_on text COLLATE "C" NOT NULL,
  total integer NOT NULL,
  grp text COLLATE "C" NOT NULL,
  tai text COLLATE "C"
);
CREATE INDEX report_adl_resident ON report_adl (resident_id, assessed_on, id);

-- Live care plans of live residents that were ever approved.
CREATE TABLE report_plans (
  id text COLLATE "C" PRIMARY KEY,
  resident_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  status text COLLATE "C" NOT NULL,
  approved_on text COLLATE "C",
  approved_by text COLLATE "C",
  fund_approved_on text COLLATE "C",
  fund_ref text COLLATE "C",
  start_date text COLLATE "C" NOT NULL,
  review_date text COLLATE "C" NOT NULL,
  caregiver_id text COLLATE "C"
);
CREATE INDEX report_plans_resident ON report_plans (resident_id);

-- Live visits with their amendments applied (whether or not their resident is still held).
CREATE TABLE report_visits (
  id text COLLATE "C" PRIMARY KEY,
  resident_id text COLLATE "C" NOT NULL,
  caregiver_id text COLLATE "C" NOT NULL,
  date text COLLATE "C" NOT NULL,
  outcome text COLLATE "C" NOT NULL,
  planned boolean NOT NULL,
  type text COLLATE "C" NOT NULL,
  minutes integer NOT NULL,
  abnormal boolean NOT NULL,
  escalation text COLLATE "C" NOT NULL
);
CREATE INDEX report_visits_date ON report_visits (date);
CREATE INDEX report_visits_resident ON report_visits (resident_id);
-- The visit figures group by (caregiver, resident): in this index's order, with every column they read, a
-- long period's visits are grouped by an index-only scan instead of hashing a million rows.
CREATE INDEX report_visits_pair ON report_visits (caregiver_id, resident_id, date) INCLUDE (planned, outcome, minutes, abnormal, escalation);

-- A visit's amendments, found when the visit's fact is recomputed.
CREATE INDEX records_amendment_visit ON records ((data ->> 'visitId')) WHERE type = 'visit_amendment';
