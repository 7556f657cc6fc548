/**
 * Data values with their audit trail. Every update writes exactly one audit row (with the old
 * value) in the same transaction; a first insert writes one row too, or, for imports
 * (`insertAudit: 'per-batch'`), shares one row per province with the rest of its batch. An
 * unchanged value writes nothing, so re-importing the same data is a no-op.
 * Writes go through this repository only: the audit log is not filled by triggers.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { VerificationFlag } from '../../core/provenance.js';
import type { DB } from '../schema.js';
import { bulkUpsert, conflictError, type StagingLoader } from './data-value.bulk.js';
import {
  dataValueKeyString,
  normalizeInputs,
  type Area,
  type ChangedItem,
  type DataValueInput,
  type DataValueKey,
  type NormalizedInput,
  type Sex,
  type StoredDataValue,
  type UpsertOptions,
  type UpsertResult,
  type WriteContext,
} from './data-value.types.js';
import { atomically, chunk } from './util.js';

export * from './data-value.types.js';
export type { StagingLoader } from './data-value.bulk.js';

export interface DataValueFilter {
  readonly regions?: readonly string[];
  readonly periods?: readonly string[];
  readonly dataElements?: readonly string[];
  /** Limit to one province (the distribution key: cheap on Citus). */
  readonly provinceCode?: string;
}

export interface DataValueRepositoryOptions {
  /** How the bulk path fills its staging table; detected from the server when omitted. */
  readonly stagingLoader?: StagingLoader;
  /** `path: 'auto'` switches to the bulk path above this many values (default 500). */
  readonly bulkThreshold?: number;
}

interface CurrentRow {
  ord: number;
  row_version: number;
  value: number | null;
  comment: string | null;
  source: string | null;
  verification: VerificationFlag | null;
}

export class DataValueRepository {
  private loader: StagingLoader | undefined;
  private readonly bulkThreshold: number;

  constructor(
    private readonly db: Kysely<DB>,
    options: DataValueRepositoryOptions = {},
  ) {
    this.loader = options.stagingLoader;
    this.bulkThreshold = options.bulkThreshold ?? 500;
  }

  /** One value by its key, or undefined. */
  async get(key: DataValueKey): Promise<StoredDataValue | undefined> {
    const rows = await this.query()
      .where('de.code', '=', key.dataElement)
      .where('dv.region_code', '=', key.region)
      .where('dv.period', '=', key.period)
      .where('dv.sex', '=', key.sex ?? 'total')
      .where('dv.age_group', '=', key.ageGroup ?? 'total')
      .where('dv.area', '=', key.area ?? 'total')
      .execute();
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  /** Values matching every given filter, ordered by region, period, data element, disaggregation. */
  async find(filter: DataValueFilter): Promise<StoredDataValue[]> {
    let query = this.query();
    if (filter.regions) query = query.where('dv.region_code', 'in', filter.regions.length ? [...filter.regions] : ['']);
    if (filter.periods) query = query.where('dv.period', 'in', filter.periods.length ? [...filter.periods] : ['']);
    if (filter.dataElements) query = query.where('de.code', 'in', filter.dataElements.length ? [...filter.dataElements] : ['']);
    if (filter.provinceCode) query = query.where('dv.province_code', '=', filter.provinceCode);
    const rows = await query
      .orderBy('dv.region_code')
      .orderBy('dv.period')
      .orderBy('de.code')
      .orderBy('dv.sex')
      .orderBy('dv.age_group')
      .orderBy('dv.area')
      .execute();
    return rows.map(toStored);
  }

  private query() {
    return this.db
      .selectFrom('data_value as dv')
      // Joining region supplies province_code, so the primary key (province first) is usable.
      .innerJoin('region as r', (join) => join.onRef('r.code', '=', 'dv.region_code').onRef('r.province_code', '=', 'dv.province_code'))
      .innerJoin('data_element as de', 'de.id', 'dv.data_element_id')
      .select([
        'de.code as data_element', 'dv.region_code', 'dv.period', 'dv.sex', 'dv.age_group', 'dv.area', 'dv.province_code', 'dv.value',
        'dv.comment', 'dv.source', 'dv.verification', 'dv.row_version', 'dv.created_by', 'dv.created_at', 'dv.updated_by', 'dv.updated_at',
      ]);
  }

  /**
   * Insert or update values atomically (inside the caller's transaction if `db` is one, via a
   * savepoint). Returns how many were inserted, updated and left unchanged.
   */
  async upsert(items: readonly DataValueInput[], context: WriteContext, options: UpsertOptions = {}): Promise<UpsertResult> {
    if (!context.actor) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'a write needs an actor' });
    const inputs = normalizeInputs(items);
    if (inputs.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const bulk = options.path === 'bulk' || (options.path !== 'row' && inputs.length > this.bulkThreshold);
    const loader = bulk ? await this.bulkLoader() : undefined;
    return atomically(this.db, async (trx) => {
      const ids = await resolveKeys(trx, inputs);
      return loader ? bulkUpsert(trx, inputs, context, loader, !!options.returnChanges) : rowUpsert(trx, inputs, ids, context, !!options.returnChanges);
    });
  }

  /** How the bulk path loads its staging table here: `copy` on a server, `unnest` on PGlite. */
  async bulkLoader(): Promise<StagingLoader> {
    if (!this.loader) {
      const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(this.db);
      this.loader = /pglite/i.test(rows[0]?.version ?? '') ? 'unnest' : 'copy';
    }
    return this.loader;
  }
}

interface ResolvedKeys {
  readonly elementIds: Map<string, number>;
  readonly provinces: Map<string, string>;
}

/** Ids of the data elements and provinces of the regions; every unknown code is reported. */
async function resolveKeys(db: Kysely<DB>, inputs: readonly NormalizedInput[]): Promise<ResolvedKeys> {
  const elementCodes = [...new Set(inputs.map((i) => i.dataElement))];
  const regionCodes = [...new Set(inputs.map((i) => i.region))];
  const ageGroups = [...new Set(inputs.map((i) => i.ageGroup))];
  const elementIds = new Map<string, number>();
  const provinces = new Map<string, string>();
  for (const part of chunk(elementCodes, 5000)) {
    for (const r of await db.selectFrom('data_element').select(['id', 'code']).where('code', 'in', part).execute()) elementIds.set(r.code, r.id);
  }
  for (const part of chunk(regionCodes, 5000)) {
    for (const r of await db.selectFrom('region').select(['code', 'province_code']).where('code', 'in', part).execute()) provinces.set(r.code, r.province_code);
  }
  const knownAges = new Set((await db.selectFrom('age_group').select('code').where('code', 'in', ageGroups).execute()).map((r) => r.code));
  const missingElements = elementCodes.filter((c) => !elementIds.has(c));
  const missingRegions = regionCodes.filter((c) => !provinces.has(c));
  const missingAges = ageGroups.filter((c) => !knownAges.has(c));
  if (missingRegions.length > 0) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: missingRegions.slice(0, 20).join(', ') }, missingRegions);
  if (missingElements.length > 0) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `data element ${missingElements.slice(0, 20).join(', ')}` }, missingElements);
  if (missingAges.length > 0) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `age group ${missingAges.join(', ')}` }, missingAges);
  return { elementIds, provinces };
}

/** The small-batch path: lock the stored rows, compare in memory, write row by row. */
async function rowUpsert(trx: Kysely<DB>, inputs: readonly NormalizedInput[], ids: ResolvedKeys, context: WriteContext, returnChanges: boolean): Promise<UpsertResult> {
  const current = new Map<number, CurrentRow>();
  for (const part of chunk(inputs, 1000)) {
    const col = <T>(f: (i: NormalizedInput) => T): T[] => part.map(f);
    const { rows } = await sql<CurrentRow>`
      SELECT k.ord, dv.row_version, dv.value, dv.comment, dv.source, dv.verification
      FROM unnest(${col((i) => i.ord)}::int[], ${col((i) => ids.provinces.get(i.region)!)}::text[], ${col((i) => i.region)}::text[],
                  ${col((i) => i.period)}::text[], ${col((i) => ids.elementIds.get(i.dataElement)!)}::int[],
                  ${col((i) => i.sex)}::text[], ${col((i) => i.ageGroup)}::text[], ${col((i) => i.area)}::text[])
           AS k (ord, province_code, region_code, period, data_element_id, sex, age_group, area)
      JOIN data_value dv USING (province_code, region_code, period, data_element_id, sex, age_group, area)
      FOR UPDATE OF dv`.execute(trx);
    for (const r of rows) current.set(r.ord, r);
  }

  type Planned = { input: NormalizedInput; old: CurrentRow | undefined; comment: string | null; source: string | null; verification: VerificationFlag | null };
  const planned: Planned[] = [];
  const conflicts = [];
  for (const input of inputs) {
    const old = current.get(input.ord);
    const comment = input.commentSet ? input.comment : (old?.comment ?? null);
    const source = input.sourceSet ? input.source : (old?.source ?? null);
    const verification = input.verificationSet ? input.verification : (old?.verification ?? null);
    if (old && old.value === input.value && old.comment === comment && old.source === source && old.verification === verification) continue;
    const found = old?.row_version ?? 0;
    if (input.expectedVersion !== null && input.expectedVersion !== found) {
      conflicts.push({ data_element_code: input.dataElement, region_code: input.region, period: input.period, sex: input.sex, age_group: input.ageGroup, area: input.area, expected_version: input.expectedVersion, current_version: found });
    }
    planned.push({ input, old, comment, source, verification });
  }
  if (conflicts.length > 0) throw conflictError(conflicts);

  let inserted = 0;
  for (const { input, old, comment, source, verification } of planned) {
    const key = {
      province_code: ids.provinces.get(input.region)!,
      region_code: input.region,
      period: input.period,
      data_element_id: ids.elementIds.get(input.dataElement)!,
      sex: input.sex,
      age_group: input.ageGroup,
      area: input.area,
    };
    if (!old) {
      inserted++;
      await trx
        .insertInto('data_value')
        .values({ ...key, value: input.value, comment, source, verification, row_version: 1, created_by: context.actor, updated_by: context.actor })
        .execute()
        .catch((error: { code?: string }) => {
          // Inserted by someone else since we looked.
          if (error.code === '23505') throw new VitalsError('VITALS_E_CONFLICT', { detail: `${input.dataElement}|${input.region}|${input.period} was created by someone else during this save` });
          throw error;
        });
    } else {
      await trx
        .updateTable('data_value')
        .set({ value: input.value, comment, source, verification, row_version: old.row_version + 1, updated_by: context.actor, updated_at: sql<Date>`now()` })
        .where((eb) => eb.and(Object.entries(key).map(([column, value]) => eb(column as keyof typeof key, '=', value))))
        .where('row_version', '=', old.row_version)
        .executeTakeFirstOrThrow();
    }
  }

  const perBatch = context.insertAudit === 'per-batch';
  if (perBatch && context.batchId === undefined) throw new VitalsError('VITALS_E_INTERNAL', {}, 'per-batch insert audit needs a batch id');
  if (perBatch) await appendBatchAudit(trx, planned.filter((p) => !p.old).map((p) => ({ province: ids.provinces.get(p.input.region)!, key: dataValueKeyString(p.input) })), context);
  for (const part of chunk(perBatch ? planned.filter((p) => p.old) : planned, 500)) {
    await trx
      .insertInto('audit_log')
      .values(
        part.map(({ input, old, comment, source, verification }) => ({
          province_code: ids.provinces.get(input.region)!,
          actor: context.actor,
          action: old ? 'update' : 'insert',
          entity: 'data_value',
          entity_key: [input.dataElement, input.region, input.period, input.sex, input.ageGroup, input.area].join('|'),
          region_code: input.region,
          period: input.period,
          // Built by the server, like the bulk path, so both paths store identical JSON.
          old_value: old
            ? sql<string>`jsonb_build_object('value', ${old.value}::float8, 'comment', ${old.comment}::text, 'source', ${old.source}::text, 'verification', ${old.verification}::text, 'version', ${old.row_version}::int)`
            : null,
          new_value: sql<string>`jsonb_build_object('value', ${input.value}::float8, 'comment', ${comment}::text, 'source', ${source}::text, 'verification', ${verification}::text, 'version', ${(old?.row_version ?? 0) + 1}::int)`,
          reason: context.reason ?? null,
          batch_id: context.batchId ?? null,
        })),
      )
      .execute();
  }
  const result = { inserted, updated: planned.length - inserted, unchanged: inputs.length - planned.length };
  if (!returnChanges) return result;
  const changes = planned.map(({ input, old }): ChangedItem => (old ? { index: input.ord, action: 'update', oldValue: old.value } : { index: input.ord, action: 'insert' }));
  return { ...result, changes };
}

/** The row path's `insert_batch` audit rows: the same shape as the bulk path's (data-value.bulk.ts). */
async function appendBatchAudit(trx: Kysely<DB>, inserts: readonly { province: string; key: string }[], context: WriteContext): Promise<void> {
  const byProvince = new Map<string, string[]>();
  for (const i of inserts) {
    const keys = byProvince.get(i.province) ?? [];
    keys.push(i.key);
    byProvince.set(i.province, keys);
  }
  for (const [province, keys] of [...byProvince].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Byte order, as COLLATE "C" in SQL.
    const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    await trx
      .insertInto('audit_log')
      .values({
        province_code: province, actor: context.actor, action: 'insert_batch', entity: 'data_value', entity_key: `batch ${context.batchId}`,
        region_code: province, period: null, old_value: null,
        new_value: sql<string>`jsonb_build_object('batch', ${context.batchId}::bigint, 'fileHash', ${context.fileHash ?? null}::text, 'count', ${keys.length}::int,
                                                  'firstKey', ${sorted[0]}::text, 'lastKey', ${sorted[sorted.length - 1]}::text, 'version', 1)`,
        reason: context.reason ?? null, batch_id: context.batchId ?? null,
      })
      .execute();
  }
}

type Row = {
  data_element: string; region_code: string; period: string; sex: string; age_group: string; area: string; province_code: string;
  value: number | null; comment: string | null; source: string | null; verification: string | null; row_version: number;
  created_by: string; created_at: Date; updated_by: string; updated_at: Date;
};

function toStored(r: Row): StoredDataValue {
  return {
    dataElement: r.data_element,
    region: r.region_code,
    period: r.period,
    sex: r.sex as Sex,
    ageGroup: r.age_group,
    area: r.area as Area,
    provinceCode: r.province_code,
    value: r.value,
    comment: r.comment,
    source: r.source,
    // The CHECK on the column admits only VerificationFlag values.
    verification: r.verification as VerificationFlag | null,
    version: r.row_version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}
