-- Evaluation runs: immutable result snapshots (docs/evaluation-runs.md).
-- A run records what was evaluated (framework version, scope, year), by whom and when, which
-- methods with which versions and parameters, and a SHA-256 over the canonical input values it
-- used. Its results never change: a data correction leads to a NEW run with a different inputs
-- hash; the old snapshot stays. The only change a run allows is being published, once.

-- Per-framework defaults: progress methods and their parameters, an optional scoring scheme and
-- index definition. Small: a Citus reference table.
CREATE TABLE evaluation_profile (
  framework_code text PRIMARY KEY,
  methods        jsonb NOT NULL,
  scheme         jsonb,
  index_config   jsonb,
  options        jsonb,
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Small (one row per run): a Citus reference table.
CREATE TABLE evaluation_run (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  framework_id      integer NOT NULL REFERENCES framework (id),
  framework_code    text NOT NULL,
  framework_version integer NOT NULL,
  scope_region_code text NOT NULL REFERENCES region (code),
  province_code     text NOT NULL,
  year              integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
  inputs_hash       text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
  input_count       integer NOT NULL CHECK (input_count >= 0),
  -- Every method used: [{ kind, name, version, params }].
  methods           jsonb NOT NULL,
  options           jsonb NOT NULL,
  summary           jsonb NOT NULL,
  result_count      integer NOT NULL CHECK (result_count >= 0),
  -- The latest earlier run of the same framework, scope and year, if any.
  previous_run_id   bigint REFERENCES evaluation_run (id),
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  published         boolean NOT NULL DEFAULT false,
  published_at      timestamptz,
  published_by      text,
  CONSTRAINT evaluation_run_published_at CHECK (published = (published_at IS NOT NULL)),
  CONSTRAINT evaluation_run_published_by CHECK (published = (published_by IS NOT NULL))
);

CREATE INDEX evaluation_run_lookup_idx ON evaluation_run (framework_code, scope_region_code, year, id DESC);
CREATE INDEX evaluation_run_province_idx ON evaluation_run (province_code, id DESC);

-- One row per figure. A large table: province_code leads the key (Citus distribution column);
-- the foreign key to the small run table is allowed by Citus (reference table).
CREATE TABLE evaluation_result (
  province_code  text NOT NULL,
  run_id         bigint NOT NULL REFERENCES evaluation_run (id),
  ordinal        integer NOT NULL CHECK (ordinal >= 1),
  region_code    text NOT NULL,
  -- NULL for scores, ranks and index values (they belong to a region, not an indicator).
  indicator_code text,
  milestone_year integer,
  period         text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('value', 'attainment', 'progress', 'warning', 'score', 'rank', 'index')),
  method         text NOT NULL,
  status         text NOT NULL,
  value          double precision,
  required       jsonb,
  gap_absolute   double precision,
  gap_percent    double precision,
  provenance     jsonb NOT NULL,
  PRIMARY KEY (province_code, run_id, ordinal)
);

CREATE INDEX evaluation_result_run_idx ON evaluation_result (run_id, region_code, indicator_code, ordinal);
CREATE INDEX evaluation_result_status_idx ON evaluation_result (run_id, kind, status);

CREATE FUNCTION evaluation_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is an immutable snapshot: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'run a new evaluation instead';
END;
$$;

CREATE TRIGGER evaluation_result_no_update_delete
  BEFORE UPDATE OR DELETE ON evaluation_result
  FOR EACH ROW EXECUTE FUNCTION evaluation_refuse_change();

CREATE TRIGGER evaluation_result_no_truncate
  BEFORE TRUNCATE ON evaluation_result
  FOR EACH STATEMENT EXECUTE FUNCTION evaluation_refuse_change();

-- A run may only go from unpublished to published; nothing else about it may change.
CREATE FUNCTION evaluation_run_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'evaluation_run is an immutable snapshot: DELETE is not allowed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.published OR NOT NEW.published
     OR (to_jsonb(NEW) - ARRAY['published', 'published_at', 'published_by'])
        IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['published', 'published_at', 'published_by']) THEN
    RAISE EXCEPTION 'evaluation_run %: only publishing an unpublished run is allowed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER evaluation_run_guard
  BEFORE UPDATE OR DELETE ON evaluation_run
  FOR EACH ROW EXECUTE FUNCTION evaluation_run_guard();

CREATE TRIGGER evaluation_run_no_truncate
  BEFORE TRUNCATE ON evaluation_run
  FOR EACH STATEMENT EXECUTE FUNCTION evaluation_refuse_change();
