-- "One data element, these periods, every region of a province": the read behind every
-- aggregate recomputation (AggregateRepository.readFinalValues), which the freshness path runs
-- for each element and period of an approved form. The primary key leads with the region, so
-- without this index that read scans all of the province's values (50 ms for Hebei's 68,000;
-- seconds at national scale). Measured with bench/freshness.bench.ts (docs/dashboard.md).
CREATE INDEX data_value_element_period_idx ON data_value (province_code, data_element_id, period);
