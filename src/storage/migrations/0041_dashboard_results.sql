-- Live evaluation results behind the dashboards: the judgement of every applicable target
-- (attainment, progress by each selected method, checkpoint warning) and the scores and ranks
-- of a framework's scheme, for the latest data years of a province. Unlike evaluation runs
-- (0031, immutable snapshots) these rows follow the data: when a submission becomes final the
-- affected regions × indicators are judged again and the affected levels re-scored, in the
-- same transaction (src/services/dashboard, docs/dashboard.md). Large tables: province_code
-- leads every key; no foreign keys.

CREATE TABLE dashboard_judgement (
  province_code  text NOT NULL,
  framework_code text NOT NULL,
  -- The "as of" year: attainment at the year (or at the milestone when it has passed), progress
  -- and warnings as of the year.
  year           integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
  region_code    text NOT NULL,
  indicator_code text NOT NULL,
  milestone_year integer NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('attainment', 'progress', 'warning')),
  method         text NOT NULL,
  -- The year judged, or the checkpoint (2025Q3) of a warning.
  period         text NOT NULL,
  status         text NOT NULL,
  value          double precision,
  -- The numeric target at the milestone when the target has one (thresholds, changes…).
  target_value   double precision,
  gap_absolute   double precision,
  gap_percent    double precision,
  -- What the dashboards show beyond the columns: the target's wording, kind, verification flag
  -- and origin; labels; reasons; the projection of a warning. Full provenance lives in runs.
  detail         jsonb NOT NULL,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, framework_code, year, region_code, indicator_code, milestone_year, kind, method)
);

-- The map's "status against the target" for the children of a region, one indicator.
CREATE INDEX dashboard_judgement_indicator_idx
  ON dashboard_judgement (province_code, framework_code, year, indicator_code, kind, region_code)
  INCLUDE (status, milestone_year, value, target_value);

CREATE TABLE dashboard_score (
  province_code  text NOT NULL,
  framework_code text NOT NULL,
  year           integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
  region_code    text NOT NULL,
  scheme_code    text NOT NULL,
  -- Regions are scored and ranked within their level (counties also within their prefecture).
  level          text NOT NULL,
  score          double precision NOT NULL,
  max_score      double precision NOT NULL,
  grade          text NOT NULL,
  rank           integer,
  tied_with      integer NOT NULL,
  peer_group     text,
  group_rank     integer,
  group_size     integer,
  previous_rank  integer,
  rank_change    integer,
  movement       text NOT NULL,
  -- Grade label, dimension subtotals, items with points earned and the bilingual "why".
  detail         jsonb NOT NULL,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, framework_code, year, region_code)
);

CREATE INDEX dashboard_score_rank_idx ON dashboard_score (province_code, framework_code, year, level, rank)
  INCLUDE (region_code, score, grade, peer_group, group_rank, rank_change, movement);

-- Per province: which years are live, when the tables were last built, and whether an
-- incremental refresh failed (then a rebuild is due; the approval itself went through).
CREATE TABLE dashboard_build (
  province_code  text PRIMARY KEY,
  built_at       timestamptz NOT NULL DEFAULT now(),
  refreshed_at   timestamptz NOT NULL DEFAULT now(),
  live_years     integer[] NOT NULL,
  stale          boolean NOT NULL DEFAULT false,
  stale_reason   text,
  report         jsonb NOT NULL
);
