-- Regions: the administrative hierarchy (nation → province → prefecture → county → township)
-- plus non-geographic reporting units, with effective dating and lineage.
-- Small dimension tables (≈45,000 rows with townships): Citus reference tables.

CREATE TABLE region (
  code             text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z_.-]{1,32}$'),
  name             text NOT NULL CHECK (length(btrim(name)) > 0),
  name_en          text,
  level            text NOT NULL CHECK (level IN ('nation', 'province', 'prefecture', 'county', 'township', 'unit')),
  parent_code      text REFERENCES region (code),
  -- Denormalised from the ancestry so that fact tables can carry it (the Citus distribution key).
  -- '000000' for the nation itself.
  province_code    text NOT NULL,
  -- Materialised ancestry, root first: '000000/130000/130100/130102'. Scope checks
  -- ("this region and everything below it") become one indexed prefix match.
  path             text NOT NULL,
  depth            smallint NOT NULL CHECK (depth >= 0),
  valid_from       date NOT NULL,
  valid_to         date,
  statistical_only boolean NOT NULL DEFAULT false,
  unit_kind        text CHECK (unit_kind IN ('department', 'hospital', 'other')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT region_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT region_root_is_nation CHECK ((level = 'nation') = (parent_code IS NULL)),
  CONSTRAINT region_unit_kind_only_on_units CHECK (unit_kind IS NULL OR level = 'unit'),
  -- Target of the composite foreign key from fact tables: guarantees that a fact row's
  -- province_code is the province of its region.
  CONSTRAINT region_code_province_key UNIQUE (code, province_code)
);

CREATE INDEX region_parent_idx ON region (parent_code);
CREATE INDEX region_path_idx ON region (path text_pattern_ops);
CREATE INDEX region_name_idx ON region (name);
CREATE INDEX region_province_level_idx ON region (province_code, level);

-- Divisions are split, merged, renamed and recoded every year; history must still aggregate,
-- so every retired code points at its successors.
CREATE TABLE region_lineage (
  predecessor_code text NOT NULL REFERENCES region (code),
  successor_code   text NOT NULL REFERENCES region (code),
  effective_date   date NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('split', 'merge', 'rename', 'recode', 'transfer')),
  note             text,
  PRIMARY KEY (predecessor_code, successor_code),
  CHECK (predecessor_code <> successor_code)
);

CREATE INDEX region_lineage_successor_idx ON region_lineage (successor_code);
