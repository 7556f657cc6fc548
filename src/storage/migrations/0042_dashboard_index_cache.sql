-- Composite health index values per period, cached: computed by the core's composite engine
-- (computeIndexForPeriod) over indicator_value for the children of a region, with the Monte
-- Carlo rank intervals when the definition asks for them. A freshness refresh deletes the
-- periods an indicator change can reach (that period and later ones of the same year onwards:
-- LOCF imputation looks back); the next read computes and stores them again.

CREATE TABLE dashboard_index_cache (
  province_code  text NOT NULL,
  index_id       text NOT NULL,
  -- The region whose children are the units compared.
  region_code    text NOT NULL,
  period         text NOT NULL,
  -- SHA-256 of the canonical definition: a changed definition is a cache miss.
  config_hash    text NOT NULL,
  units          jsonb NOT NULL,
  detail         jsonb NOT NULL,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, index_id, region_code, period)
);
