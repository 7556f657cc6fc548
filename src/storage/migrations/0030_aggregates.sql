-- Materialised aggregates: one row per data element × region × period × disaggregation, for
-- every region of a province's subtree (the leaves' own values included) and every period at
-- or above the element's fine period type (months → quarters → half-years → the year).
-- Computed by the core's rollUpTree/aggregatePeriods (docs/methods/aggregation.md) from FINAL
-- data values only; written set-based by src/storage/repositories/aggregate.repository.ts.
-- A large table: province_code leads the key (the Citus distribution column), no foreign keys
-- to other large tables.

CREATE TABLE aggregate_value (
  province_code         text NOT NULL,
  data_element_id       integer NOT NULL,
  period                text NOT NULL CHECK (period ~ '^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$'),
  region_code           text NOT NULL,
  sex                   text NOT NULL DEFAULT 'total',
  age_group             text NOT NULL DEFAULT 'total',
  area                  text NOT NULL DEFAULT 'total',
  rule                  text NOT NULL CHECK (rule IN ('sum', 'ratio_of_sums', 'population_weighted_mean', 'last_value', 'not_aggregatable')),
  -- NULL: nothing contributed, the rule forbids aggregation, or a weight/denominator sum is 0.
  value                 double precision,
  -- The additive totals behind `value` (docs/methods/aggregation.md, "Rules and formulas").
  numerator             double precision,
  denominator           double precision,
  weighted_sum          double precision,
  weight_sum            double precision,
  last_period           text,
  children_expected     integer NOT NULL CHECK (children_expected >= 0),
  children_contributing integer NOT NULL CHECK (children_contributing >= 0),
  leaves_expected       integer NOT NULL CHECK (leaves_expected >= 0),
  leaves_contributing   integer NOT NULL CHECK (leaves_contributing >= 0),
  periods_expected      integer NOT NULL CHECK (periods_expected >= 0),
  periods_contributing  integer NOT NULL CHECK (periods_contributing >= 0),
  completeness          double precision NOT NULL CHECK (completeness >= 0 AND completeness <= 1),
  leaf_level            text,
  reason                text,
  -- Provenance beyond the columns, only when there is any: missing and excluded children,
  -- warnings, lineage overlaps. Method (`aggregation/<rule>`) and parameters follow from the
  -- columns and the data element (docs/evaluation-runs.md).
  detail                jsonb,
  method_version        text NOT NULL,
  computed_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, data_element_id, period, region_code, sex, age_group, area)
);

-- The trend question (one region across periods) and the evaluation read (regions in scope ×
-- elements × periods) come by region first.
CREATE INDEX aggregate_value_region_idx ON aggregate_value (province_code, region_code, data_element_id, period)
  INCLUDE (value, completeness);

-- What a province's aggregates were built from: the audit and workflow high-water marks read
-- before the data. A later audit row or workflow transition in that province means the
-- aggregates may be stale (AggregateService.ensureFresh rebuilds them).
CREATE TABLE aggregate_build (
  province_code      text PRIMARY KEY,
  built_at           timestamptz NOT NULL DEFAULT now(),
  audit_watermark    bigint NOT NULL,
  workflow_watermark bigint NOT NULL,
  method_version     text NOT NULL,
  row_count          integer NOT NULL,
  report             jsonb NOT NULL
);
