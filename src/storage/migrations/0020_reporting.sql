-- Reporting: data sets (forms) and their validation rules, the workflow status of each
-- data set × region × period with its append-only transition history, explanations of
-- flagged values and rule warnings, evidence attachments, and the views that tell which
-- data values are final (only final data counts in assessments and public outputs).

CREATE TABLE data_set (
  code             text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name_zh          text NOT NULL CHECK (length(btrim(name_zh)) > 0),
  name_en          text,
  period_type      text NOT NULL CHECK (period_type IN ('year', 'half_year', 'quarter', 'month')),
  reporting_levels text[] NOT NULL CHECK (cardinality(reporting_levels) > 0),
  -- The region whose planners maintain the form (metadata.write is checked against it).
  owner_region     text NOT NULL REFERENCES region (code),
  -- The whole parsed definition (sections, elements, schedule, workflow) as the core's DataSet;
  -- the element list is also broken out below so that SQL can join values to forms.
  definition       jsonb NOT NULL,
  -- Outlier thresholds for this form (core OutlierOptions); NULL: the defaults.
  outlier_options  jsonb,
  revision         integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One row per cell row of the form: a data element with a fixed disaggregation.
CREATE TABLE data_set_element (
  data_set_code     text NOT NULL REFERENCES data_set (code) ON DELETE CASCADE,
  -- As written in the definition: 'BIRTHS' or 'BIRTHS|sex=female'.
  element_key       text NOT NULL,
  data_element_id   integer NOT NULL REFERENCES data_element (id),
  sex               text NOT NULL DEFAULT 'total' CHECK (sex IN ('total', 'male', 'female')),
  age_group         text NOT NULL DEFAULT 'total' REFERENCES age_group (code),
  area              text NOT NULL DEFAULT 'total' CHECK (area IN ('total', 'urban', 'rural')),
  section           text,
  sort_order        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (data_set_code, element_key),
  UNIQUE (data_set_code, data_element_id, sex, age_group, area)
);

CREATE INDEX data_set_element_element_idx ON data_set_element (data_element_id, sex, age_group, area);

CREATE TABLE validation_rule (
  data_set_code text NOT NULL REFERENCES data_set (code) ON DELETE CASCADE,
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  importance    text NOT NULL CHECK (importance IN ('error', 'warning')),
  -- The rule as authored (core ValidationRuleInput), re-parsed by the core on use.
  definition    jsonb NOT NULL,
  sort_order    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (data_set_code, code)
);

-- The state of one data set × region × period. No row means "draft, version 0".
-- Grows with regions × periods: carries province_code first in its key (Citus distribution key).
CREATE TABLE workflow_status (
  province_code text NOT NULL,
  data_set_code text NOT NULL REFERENCES data_set (code),
  region_code   text NOT NULL,
  period        text NOT NULL CHECK (period ~ '^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$'),
  state         text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned', 'final')),
  -- Approval steps passed: > 0 exactly when approved or final.
  approvals     integer NOT NULL DEFAULT 0 CHECK (approvals >= 0),
  -- Optimistic concurrency: every transition and every data edit adds one.
  version       integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  updated_by    text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, data_set_code, region_code, period),
  CONSTRAINT workflow_status_region_fkey FOREIGN KEY (region_code, province_code) REFERENCES region (code, province_code),
  CONSTRAINT workflow_status_approvals CHECK ((state IN ('approved', 'final')) = (approvals > 0))
);

CREATE INDEX workflow_status_lookup_idx ON workflow_status (data_set_code, region_code, period);
CREATE INDEX workflow_status_state_idx ON workflow_status (state, data_set_code, period);

-- Every transition: who, when, why, at which approval step. Append-only, like audit_log.
CREATE TABLE workflow_transition (
  province_code    text NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  data_set_code    text NOT NULL,
  region_code      text NOT NULL,
  period           text NOT NULL,
  action           text NOT NULL CHECK (action IN ('submit', 'approve', 'return', 'reopen')),
  from_state       text NOT NULL,
  to_state         text NOT NULL,
  actor            text NOT NULL,
  occurred_at      timestamptz NOT NULL,
  reason           text,
  step             integer,
  step_level       text,
  approvals_before integer NOT NULL,
  approvals_after  integer NOT NULL,
  version_before   integer NOT NULL,
  version_after    integer NOT NULL,
  PRIMARY KEY (province_code, id)
);

CREATE INDEX workflow_transition_instance_idx ON workflow_transition (data_set_code, region_code, period, id);

CREATE FUNCTION reporting_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'record a correction as a new row';
END;
$$;

CREATE TRIGGER workflow_transition_no_update_delete
  BEFORE UPDATE OR DELETE ON workflow_transition
  FOR EACH ROW EXECUTE FUNCTION reporting_refuse_change();

CREATE TRIGGER workflow_transition_no_truncate
  BEFORE TRUNCATE ON workflow_transition
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_refuse_change();

-- Written explanations that clear a warning rule ('rule:CODE') or a flagged value
-- ('value:ELEMENT|REGION|PERIOD') before submission.
CREATE TABLE value_explanation (
  province_code text NOT NULL,
  data_set_code text NOT NULL REFERENCES data_set (code),
  region_code   text NOT NULL,
  period        text NOT NULL,
  key           text NOT NULL CHECK (key ~ '^(rule|value):'),
  text          text NOT NULL CHECK (length(btrim(text)) > 0),
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, data_set_code, region_code, period, key)
);

-- Evidence (佐证材料). The bytes live content-addressed under <dataDir>/attachments by their
-- SHA-256; the type is the one sniffed from the bytes, never the client's claim.
CREATE TABLE attachment (
  province_code text NOT NULL,
  id            bigint GENERATED ALWAYS AS IDENTITY,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
  content_type  text NOT NULL,
  -- Display name only (sanitised; never used as a path).
  file_name     text NOT NULL,
  data_set_code text NOT NULL REFERENCES data_set (code),
  region_code   text NOT NULL,
  period        text NOT NULL,
  element_key   text,
  uploaded_by   text NOT NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  deleted_by    text,
  PRIMARY KEY (province_code, id),
  CONSTRAINT attachment_region_fkey FOREIGN KEY (region_code, province_code) REFERENCES region (code, province_code)
);

CREATE UNIQUE INDEX attachment_id_idx ON attachment (id);
CREATE INDEX attachment_instance_idx ON attachment (data_set_code, region_code, period);

-- The workflow state of every data value: the most advanced state among the forms that
-- collect it for its region and period; 'draft' when a form collects it but nobody acted yet;
-- 'none' when no form collects it (loaded outside any workflow, e.g. by a bulk import).
-- Dashboards use it to mark draft and submitted data.
CREATE VIEW data_value_state AS
SELECT dv.*,
       coalesce((
         SELECT ws.state
         FROM data_set_element dse
         JOIN workflow_status ws
           ON ws.data_set_code = dse.data_set_code AND ws.province_code = dv.province_code
          AND ws.region_code = dv.region_code AND ws.period = dv.period
         WHERE dse.data_element_id = dv.data_element_id AND dse.sex = dv.sex
           AND dse.age_group = dv.age_group AND dse.area = dv.area
         ORDER BY CASE ws.state WHEN 'final' THEN 0 WHEN 'approved' THEN 1 WHEN 'submitted' THEN 2
                                WHEN 'returned' THEN 3 ELSE 4 END
         LIMIT 1),
         CASE WHEN EXISTS (
           SELECT 1 FROM data_set_element dse
           WHERE dse.data_element_id = dv.data_element_id AND dse.sex = dv.sex
             AND dse.age_group = dv.age_group AND dse.area = dv.area) THEN 'draft' ELSE 'none' END
       ) AS workflow_state
FROM data_value dv;

-- Only final data: values whose form is final for their region and period. Assessments and
-- public outputs read this view (or DataValueWorkflowRepository.findFinal), never data_value.
CREATE VIEW data_value_final AS
SELECT dv.*
FROM data_value dv
WHERE EXISTS (
  SELECT 1
  FROM data_set_element dse
  JOIN workflow_status ws
    ON ws.data_set_code = dse.data_set_code AND ws.province_code = dv.province_code
   AND ws.region_code = dv.region_code AND ws.period = dv.period
  WHERE dse.data_element_id = dv.data_element_id AND dse.sex = dv.sex
    AND dse.age_group = dv.age_group AND dse.area = dv.area
    AND ws.state = 'final');
