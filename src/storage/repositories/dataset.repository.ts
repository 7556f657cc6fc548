/**
 * Data sets (forms): the parsed definition, its element rows (joinable to data values) and
 * its outlier options. Also declares the Kysely types of the reporting tables of migration
 * 0020 (kept here rather than in schema.ts, which another module owns; see the report).
 */
import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';
import type { DataSet } from '../../core/dataset/index.js';
import { VitalsError } from '../../core/errors.js';
import type { OutlierOptions } from '../../core/validation/index.js';
import type { DB } from '../schema.js';
import { toJson } from './util.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;
type AlwaysGenerated<T> = ColumnType<T, never, never>;

export interface DataSetTable {
  code: string;
  name_zh: string;
  name_en: string | null;
  period_type: string;
  reporting_levels: ColumnType<string[], string[], string[]>;
  owner_region: string;
  definition: Json;
  outlier_options: Json | null;
  revision: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
}

export interface DataSetElementTable {
  data_set_code: string;
  element_key: string;
  data_element_id: number;
  sex: Generated<string>;
  age_group: Generated<string>;
  area: Generated<string>;
  section: string | null;
  sort_order: Generated<number>;
  /** When the form started collecting this cell (migration 0060): earlier values stay outside its workflow. */
  collects_since: Generated<Date>;
}

export interface ValidationRuleTable {
  data_set_code: string;
  code: string;
  importance: string;
  definition: Json;
  sort_order: Generated<number>;
}

export interface WorkflowStatusTable {
  province_code: string;
  data_set_code: string;
  region_code: string;
  period: string;
  state: string;
  approvals: Generated<number>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface WorkflowTransitionTable {
  province_code: string;
  id: AlwaysGenerated<number>;
  data_set_code: string;
  region_code: string;
  period: string;
  action: string;
  from_state: string;
  to_state: string;
  actor: string;
  occurred_at: Timestamp;
  reason: string | null;
  step: number | null;
  step_level: string | null;
  approvals_before: number;
  approvals_after: number;
  version_before: number;
  version_after: number;
}

export interface ValueExplanationTable {
  province_code: string;
  data_set_code: string;
  region_code: string;
  period: string;
  key: string;
  text: string;
  updated_by: string;
  updated_at: Timestamp;
}

export interface AttachmentTable {
  province_code: string;
  id: AlwaysGenerated<number>;
  sha256: string;
  size_bytes: number;
  content_type: string;
  file_name: string;
  data_set_code: string;
  region_code: string;
  period: string;
  element_key: string | null;
  uploaded_by: string;
  uploaded_at: Timestamp;
  deleted_at: NullableTimestamp;
  deleted_by: string | null;
}

/** The schema plus the reporting tables of migration 0020. */
export interface ReportingDB extends DB {
  data_set: DataSetTable;
  data_set_element: DataSetElementTable;
  validation_rule: ValidationRuleTable;
  workflow_status: WorkflowStatusTable;
  workflow_transition: WorkflowTransitionTable;
  value_explanation: ValueExplanationTable;
  attachment: AttachmentTable;
}

/** View a `Kysely<DB>` (or transaction) with the reporting tables typed. */
export function reportingDb(db: Kysely<DB>): Kysely<ReportingDB> {
  return db as unknown as Kysely<ReportingDB>;
}

/** One element row of a form, resolved to a data element and a disaggregation. */
export interface DataSetElementRow {
  readonly elementKey: string;
  readonly dataElement: string;
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
  readonly section: string | null;
  readonly order: number;
}

export interface StoredDataSet {
  readonly dataSet: DataSet;
  /** Region whose planners maintain the form. */
  readonly ownerRegion: string;
  readonly outlierOptions: OutlierOptions | null;
  readonly revision: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export class DataSetRepository {
  private readonly db: Kysely<ReportingDB>;

  constructor(db: Kysely<DB>) {
    this.db = reportingDb(db);
  }

  /**
   * Insert or replace a data set and its element rows. `rows` must resolve every element of
   * the definition (the service parses keys). Returns the new revision.
   */
  async save(dataSet: DataSet, rows: readonly DataSetElementRow[], options: { readonly ownerRegion: string; readonly outlierOptions: OutlierOptions | null; readonly actor: string }): Promise<number> {
    const { ownerRegion, outlierOptions, actor } = options;
    const codes = [...new Set(rows.map((r) => r.dataElement))];
    const ids = new Map<string, number>();
    if (codes.length > 0) {
      for (const r of await this.db.selectFrom('data_element').select(['id', 'code']).where('code', 'in', codes).execute()) ids.set(r.code, r.id);
    }
    const unknown = codes.filter((c) => !ids.has(c));
    if (unknown.length > 0) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `data element ${unknown.join(', ')}` }, unknown);
    const saved = await this.db
      .insertInto('data_set')
      .values({
        code: dataSet.code,
        name_zh: dataSet.name.zh,
        name_en: dataSet.name.en ?? null,
        period_type: dataSet.periodType,
        reporting_levels: [...dataSet.reportingLevels],
        owner_region: ownerRegion,
        definition: toJson(dataSet)!,
        outlier_options: toJson(outlierOptions),
        created_by: actor,
        updated_by: actor,
      })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          period_type: eb.ref('excluded.period_type'),
          reporting_levels: eb.ref('excluded.reporting_levels'),
          owner_region: eb.ref('excluded.owner_region'),
          definition: eb.ref('excluded.definition'),
          outlier_options: eb.ref('excluded.outlier_options'),
          revision: sql<number>`data_set.revision + 1`,
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning('revision')
      .executeTakeFirstOrThrow();
    // A cell kept through an edit keeps the date it started being collected (migration 0060).
    const since = new Map(
      (await this.db.selectFrom('data_set_element').select(['data_element_id', 'sex', 'age_group', 'area', 'collects_since']).where('data_set_code', '=', dataSet.code).execute())
        .map((r) => [`${r.data_element_id}|${r.sex}|${r.age_group}|${r.area}`, r.collects_since]),
    );
    await this.db.deleteFrom('data_set_element').where('data_set_code', '=', dataSet.code).execute();
    if (rows.length > 0) {
      await this.db
        .insertInto('data_set_element')
        .values(
          rows.map((r) => {
            const kept = since.get(`${ids.get(r.dataElement)!}|${r.sex}|${r.ageGroup}|${r.area}`);
            return {
              data_set_code: dataSet.code,
              element_key: r.elementKey,
              data_element_id: ids.get(r.dataElement)!,
              sex: r.sex,
              age_group: r.ageGroup,
              area: r.area,
              section: r.section,
              sort_order: r.order,
              ...(kept ? { collects_since: kept } : {}),
            };
          }),
        )
        .execute();
    }
    return saved.revision;
  }

  async get(code: string): Promise<StoredDataSet | undefined> {
    const row = await this.db.selectFrom('data_set').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toStored(row) : undefined;
  }

  /** Like `get`, but a missing data set is VITALS_E_NOT_FOUND. */
  async require(code: string): Promise<StoredDataSet> {
    const found = await this.get(code);
    if (!found) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `data set ${code}` });
    return found;
  }

  /** Every data set, by code. */
  async list(): Promise<StoredDataSet[]> {
    const rows = await this.db.selectFrom('data_set').selectAll().orderBy('code').execute();
    return rows.map(toStored);
  }

  /** The element rows of a form, in display order. */
  async elements(code: string): Promise<DataSetElementRow[]> {
    const rows = await this.db
      .selectFrom('data_set_element as dse')
      .innerJoin('data_element as de', 'de.id', 'dse.data_element_id')
      .select(['dse.element_key', 'de.code', 'dse.sex', 'dse.age_group', 'dse.area', 'dse.section', 'dse.sort_order'])
      .where('dse.data_set_code', '=', code)
      .orderBy('dse.sort_order')
      .execute();
    return rows.map((r) => ({ elementKey: r.element_key, dataElement: r.code, sex: r.sex, ageGroup: r.age_group, area: r.area, section: r.section, order: r.sort_order }));
  }
}

function toStored(row: { definition: unknown; owner_region: string; outlier_options: unknown; revision: number; updated_by: string; updated_at: Date }): StoredDataSet {
  return {
    dataSet: row.definition as DataSet,
    ownerRegion: row.owner_region,
    outlierOptions: (row.outlier_options as OutlierOptions | null) ?? null,
    revision: row.revision,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
