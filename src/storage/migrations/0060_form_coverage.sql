-- Which values a form governs. Until now a value was "collected by a form" as soon as any data
-- set listed its element, whatever the period type, reporting level or date: creating a monthly
-- county form turned every earlier value of its elements (yearbook baselines, provincial yearly
-- figures) into drafts that no instance would ever approve. A form now governs a value when it
-- lists the element with that disaggregation, for the value's period type, at the value's
-- region level, and the value was written after the form started collecting the element.
-- Values written before stay as loaded (final, like any value outside a workflow); editing one
-- through the form (or re-importing it) later brings it under the form.

ALTER TABLE data_set_element ADD COLUMN collects_since timestamptz;
-- Existing rows: since the form was created (the best record of when collection began).
UPDATE data_set_element dse SET collects_since = ds.created_at FROM data_set ds WHERE ds.code = dse.data_set_code;
ALTER TABLE data_set_element ALTER COLUMN collects_since SET DEFAULT now(), ALTER COLUMN collects_since SET NOT NULL;

-- The period type of a period code (shape checked by data_value's CHECK, migration 0055).
CREATE FUNCTION vitals_period_type(period text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN length(period) = 4 THEN 'year'
              WHEN substr(period, 5, 1) = 'H' THEN 'half_year'
              WHEN substr(period, 5, 1) = 'Q' THEN 'quarter'
              ELSE 'month' END
$$;

-- One row per (form, element cell): what the form collects, at which levels and since when.
CREATE VIEW form_cell AS
SELECT dse.data_set_code, dse.data_element_id, dse.sex, dse.age_group, dse.area,
       ds.period_type, ds.reporting_levels, dse.collects_since
FROM data_set_element dse JOIN data_set ds ON ds.code = dse.data_set_code;

-- Recreated (not replaced): data_value's column list may have grown since migration 0020.
DROP VIEW data_value_final;
DROP VIEW data_value_state;

CREATE VIEW data_value_state AS
SELECT dv.*,
       CASE WHEN EXISTS (
              SELECT 1 FROM form_cell fc JOIN region r ON r.code = dv.region_code
              WHERE fc.data_element_id = dv.data_element_id AND fc.sex = dv.sex
                AND fc.age_group = dv.age_group AND fc.area = dv.area
                AND fc.period_type = vitals_period_type(dv.period) AND r.level = ANY (fc.reporting_levels)
                AND dv.updated_at >= fc.collects_since)
            THEN coalesce((
              SELECT ws.state
              FROM data_set_element dse
              JOIN workflow_status ws
                ON ws.data_set_code = dse.data_set_code AND ws.province_code = dv.province_code
               AND ws.region_code = dv.region_code AND ws.period = dv.period
              WHERE dse.data_element_id = dv.data_element_id AND dse.sex = dv.sex
                AND dse.age_group = dv.age_group AND dse.area = dv.area
              ORDER BY CASE ws.state WHEN 'final' THEN 0 WHEN 'approved' THEN 1 WHEN 'submitted' THEN 2
                                     WHEN 'returned' THEN 3 ELSE 4 END
              LIMIT 1), 'draft')
            ELSE 'none' END AS workflow_state
FROM data_value dv;

-- Final data: values no form governs, and values whose form is final for their region and period.
-- THE rule of what evaluation, aggregates and public outputs may use: AggregateRepository
-- reads this view (the planner inlines it, so its filters reach data_value's indexes).
CREATE VIEW data_value_final AS
SELECT dv.*
FROM data_value dv
WHERE NOT EXISTS (
        SELECT 1 FROM form_cell fc JOIN region r ON r.code = dv.region_code
        WHERE fc.data_element_id = dv.data_element_id AND fc.sex = dv.sex
          AND fc.age_group = dv.age_group AND fc.area = dv.area
          AND fc.period_type = vitals_period_type(dv.period) AND r.level = ANY (fc.reporting_levels)
          AND dv.updated_at >= fc.collects_since)
   OR EXISTS (
        SELECT 1 FROM data_set_element dse
        JOIN workflow_status ws
          ON ws.data_set_code = dse.data_set_code AND ws.province_code = dv.province_code
         AND ws.region_code = dv.region_code AND ws.period = dv.period
        WHERE dse.data_element_id = dv.data_element_id AND dse.sex = dv.sex
          AND dse.age_group = dv.age_group AND dse.area = dv.area
          AND ws.state = 'final');
