-- Which final values are generated demo data (verification flag `synthetic`): the dashboards
-- label every figure resting on one (docs/dashboard.md, "quality"). A partial index: it holds
-- only synthetic rows, so on real data it stays empty and costs nothing on writes, and the
-- incremental refresh finds a province's synthetic values of one element and year without
-- scanning the province.
CREATE INDEX data_value_synthetic_idx ON data_value (province_code, data_element_id, period, region_code)
  WHERE verification = 'synthetic';
