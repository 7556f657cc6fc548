/**
 * Kysely table types, hand-written to mirror `migrations/*.sql` (keep them in step: a new
 * migration that adds a column adds it here too). Column names stay snake_case; repositories
 * map rows to the camelCase domain types of `src/core`.
 *
 * Type parsing (see `pg-types.ts`): `bigint` arrives as `number`, `date` as an ISO
 * `YYYY-MM-DD` string, `timestamptz` as `Date`, `jsonb` as parsed JSON.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz the database fills (DEFAULT now()) but that may also be written. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** JSON in, parsed JSON out. */
type Json = ColumnType<unknown, string, string>;
/** Identity columns that are GENERATED ALWAYS can never be written. */
type AlwaysGenerated<T> = ColumnType<T, never, never>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
  duration_ms: number;
}

export interface RegionTable {
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  parent_code: string | null;
  province_code: string;
  path: string;
  depth: number;
  valid_from: string;
  valid_to: string | null;
  statistical_only: Generated<boolean>;
  unit_kind: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegionLineageTable {
  predecessor_code: string;
  successor_code: string;
  effective_date: string;
  kind: string;
  note: string | null;
}

export interface DataElementTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string | null;
  unit: string;
  aggregation: string;
  period_type: string;
  weight_element_code: string | null;
  definition_zh: string | null;
  definition_en: string | null;
  source: string | null;
  responsible_department: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string | null;
  unit: string;
  polarity: string;
  period_type: string;
  aggregation: string;
  numerator: string | null;
  denominator: string | null;
  factor: number | null;
  formula: string | null;
  bounds_min: number | null;
  bounds_max: number | null;
  definition_zh: string | null;
  definition_en: string | null;
  source: string | null;
  responsible_department: string | null;
  provenance: Json | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgeGroupTable {
  code: string;
  name_zh: string;
  name_en: string | null;
  min_age: number | null;
  max_age: number | null;
  sort_order: Generated<number>;
}

export interface FrameworkTable {
  id: Generated<number>;
  code: string;
  version: Generated<number>;
  name_zh: string;
  name_en: string | null;
  jurisdiction_code: string | null;
  start_year: number | null;
  end_year: number | null;
  parent_framework_id: number | null;
  issuer: string | null;
  document: string | null;
  status: Generated<string>;
  provenance: Json | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FrameworkGroupTable {
  id: Generated<number>;
  framework_id: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  parent_id: number | null;
  sort_order: Generated<number>;
}

export interface FrameworkIndicatorTable {
  framework_id: number;
  indicator_id: number;
  group_id: number | null;
  label: string | null;
  nature: string | null;
  kind: string | null;
  baseline_year: number | null;
  baseline_value: number | null;
  baseline_text: string | null;
  adopted_from_framework_id: number | null;
  sort_order: Generated<number>;
  provenance: Json | null;
}

export interface TargetTable {
  id: Generated<number>;
  framework_id: number;
  indicator_id: number;
  scope_region_code: string | null;
  scope_level: string | null;
  scope_within_code: string | null;
  milestone_year: number;
  kind: string;
  spec: Json;
  wording: string;
  baseline_year: number | null;
  baseline_value: number | null;
  source_document: string;
  source_clause: string | null;
  source_url: string | null;
  source_note: string | null;
  verification: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportBatchTable {
  id: Generated<number>;
  file_name: string | null;
  file_hash: string | null;
  format: string | null;
  actor: string;
  status: Generated<string>;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  rows_read: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_rejected: Generated<number>;
  options: Json | null;
  report: Json | null;
}

export interface DataValueTable {
  province_code: string;
  region_code: string;
  period: string;
  data_element_id: number;
  sex: Generated<string>;
  age_group: Generated<string>;
  area: Generated<string>;
  value: number | null;
  comment: string | null;
  source: string | null;
  /** A `VerificationFlag` (migration 0005); NULL when none is stated. */
  verification: string | null;
  row_version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  province_code: string;
  id: AlwaysGenerated<number>;
  occurred_at: Timestamp;
  actor: string;
  action: string;
  entity: string;
  entity_key: string;
  region_code: string | null;
  period: string | null;
  old_value: Json | null;
  new_value: Json | null;
  reason: string | null;
  batch_id: number | null;
  context: Json | null;
}

/** The whole schema, for `Kysely<DB>`. */
export interface DB {
  schema_migrations: SchemaMigrationsTable;
  region: RegionTable;
  region_lineage: RegionLineageTable;
  data_element: DataElementTable;
  indicator: IndicatorTable;
  age_group: AgeGroupTable;
  framework: FrameworkTable;
  framework_group: FrameworkGroupTable;
  framework_indicator: FrameworkIndicatorTable;
  target: TargetTable;
  import_batch: ImportBatchTable;
  data_value: DataValueTable;
  audit_log: AuditLogTable;
}

export type RegionRow = Selectable<RegionTable>;
export type NewRegionRow = Insertable<RegionTable>;
export type DataValueRow = Selectable<DataValueTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type ImportBatchRow = Selectable<ImportBatchTable>;
export type ImportBatchUpdate = Updateable<ImportBatchTable>;

/** Tables that grow with the data (Citus: distributed by `province_code`). */
export const LARGE_TABLES = [
  'data_value',
  'audit_log',
  'aggregate_value',
  'evaluation_result',
  'workflow_status',
  'workflow_transition',
  'value_explanation',
  'attachment',
  'indicator_value',
  'dashboard_judgement',
  'dashboard_score',
  'dashboard_index_cache',
] as const;
