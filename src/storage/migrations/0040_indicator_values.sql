-- Indicator values materialised for the dashboards: one row per indicator × region × period,
-- computed from the FINAL aggregates (aggregate_value, 0030) by the indicator's compiled formula
-- (a ratio is Σnumerator / Σdenominator × factor: both elements aggregated first, never an
-- average of rates), or the region's officially reported value (`<CODE>_VALUE`) where it has
-- one. Kept fresh incrementally by src/services/dashboard (docs/dashboard.md). A large table:
-- province_code leads every key (the Citus distribution column); no foreign keys.

CREATE TABLE indicator_value (
  province_code  text NOT NULL,
  indicator_code text NOT NULL,
  period         text NOT NULL CHECK (period ~ '^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$'),
  region_code    text NOT NULL,
  period_type    text NOT NULL CHECK (period_type IN ('year', 'half_year', 'quarter', 'month')),
  value          double precision,
  -- Ratio indicators: the aggregated numerator and denominator elements (before the factor).
  numerator      double precision,
  denominator    double precision,
  -- reported: the region's own final figure; complete / incomplete: from aggregates at or
  -- below the completeness threshold (0.9); missing: inputs exist but no value follows.
  status         text NOT NULL CHECK (status IN ('reported', 'complete', 'incomplete', 'missing')),
  -- synthetic: an input value carries the verification flag `synthetic` (generated demo data).
  quality        text NOT NULL CHECK (quality IN ('final', 'synthetic')),
  completeness   double precision CHECK (completeness IS NULL OR (completeness >= 0 AND completeness <= 1)),
  method         text NOT NULL,
  method_version text NOT NULL,
  -- Formula indicators: every element read ({ code: { value, source, completeness } }); NULL for
  -- ratios, whose inputs are the two columns above.
  inputs         jsonb,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  -- The map and the ranking ask "one indicator, one period, these regions": the key answers it
  -- and carries what they show (index-only scans).
  PRIMARY KEY (province_code, indicator_code, period, region_code)
    INCLUDE (value, status, quality, completeness)
);

-- The trend and the scorecard ask "one region, these indicators, across periods".
CREATE INDEX indicator_value_series_idx ON indicator_value (province_code, region_code, indicator_code, period)
  INCLUDE (period_type, value, status, quality, completeness);

-- Children of a region with what the dashboards print about them (small reference table).
CREATE INDEX region_children_covering_idx ON region (parent_code)
  INCLUDE (code, name, name_en, level, province_code, valid_from, valid_to, statistical_only);
