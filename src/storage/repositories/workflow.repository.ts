/**
 * Workflow statuses (one per data set × region × period; no row = draft at version 0), their
 * append-only transitions, explanations, which forms collect a given value, and the final-only
 * read of data values.
 *
 * Writers lock statuses with `lockForUpdate` inside a transaction and store the next status
 * with `update(…, expectedVersion)`: the version guard makes a lost update impossible even if a
 * caller forgot the lock.
 */
import { sql, type Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import type { RegionLevel } from '../../core/region/types.js';
import type { TransitionRecord, WorkflowState, WorkflowStatus } from '../../core/workflow/index.js';
import type { DB } from '../schema.js';
import { reportingDb, type ReportingDB } from './dataset.repository.js';
import { inRegionScope, type RegionScope } from './scope.repository.js';
import { chunk } from './util.js';

export interface InstanceKey {
  readonly dataSet: string;
  readonly region: string;
  readonly period: string;
}

export interface StoredStatus extends WorkflowStatus {
  readonly provinceCode: string;
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}

export interface StoredTransition extends TransitionRecord {
  readonly id: number;
}

export interface StatusFilter {
  readonly dataSets?: readonly string[];
  readonly periods?: readonly string[];
  readonly states?: readonly WorkflowState[];
  /** The central scope filter (see scope.repository.ts): statuses of regions in it only. */
  readonly scope?: RegionScope;
  readonly regions?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/** The value key a covering-form look-up takes. */
export interface ValueCell {
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
}

export function instanceKeyString(k: InstanceKey): string {
  return `${k.dataSet}|${k.region}|${k.period}`;
}

type StatusRow = { province_code: string; data_set_code: string; region_code: string; period: string; state: string; approvals: number; version: number; updated_by: string | null; updated_at: Date | null };

function toStatus(r: StatusRow): StoredStatus {
  return {
    dataSet: r.data_set_code,
    region: r.region_code,
    period: r.period,
    state: r.state as WorkflowState,
    approvals: r.approvals,
    version: r.version,
    provinceCode: r.province_code,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

export class WorkflowRepository {
  private readonly db: Kysely<ReportingDB>;

  constructor(db: Kysely<DB>) {
    this.db = reportingDb(db);
  }

  /** The status of an instance; draft at version 0 when nothing was stored yet. */
  async get(key: InstanceKey): Promise<StoredStatus> {
    const row = await this.db
      .selectFrom('workflow_status')
      .selectAll()
      .where('data_set_code', '=', key.dataSet)
      .where('region_code', '=', key.region)
      .where('period', '=', key.period)
      .executeTakeFirst();
    if (row) return toStatus(row);
    const region = await this.db.selectFrom('region').select('province_code').where('code', '=', key.region).executeTakeFirst();
    if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: key.region });
    return toStatus({ province_code: region.province_code, data_set_code: key.dataSet, region_code: key.region, period: key.period, state: 'draft', approvals: 0, version: 0, updated_by: null, updated_at: null });
  }

  /**
   * Lock the statuses of `keys` (creating draft rows where none exist) until the transaction
   * ends. Keys are locked in a fixed order so that two writers never deadlock.
   * Must run inside a transaction.
   */
  async lockForUpdate(keys: readonly InstanceKey[]): Promise<Map<string, StoredStatus>> {
    if (!this.db.isTransaction) throw new VitalsError('VITALS_E_INTERNAL', {}, 'lockForUpdate needs a transaction');
    const unique = [...new Map(keys.map((k) => [instanceKeyString(k), k])).values()].sort((a, b) =>
      instanceKeyString(a) < instanceKeyString(b) ? -1 : instanceKeyString(a) > instanceKeyString(b) ? 1 : 0,
    );
    const out = new Map<string, StoredStatus>();
    for (const part of chunk(unique, 1000)) {
      const ds = part.map((k) => k.dataSet);
      const rg = part.map((k) => k.region);
      const pe = part.map((k) => k.period);
      await sql`
        INSERT INTO workflow_status (province_code, data_set_code, region_code, period, state, approvals, version)
        SELECT r.province_code, k.ds, k.rg, k.pe, 'draft', 0, 0
        FROM unnest(${ds}::text[], ${rg}::text[], ${pe}::text[]) WITH ORDINALITY AS k (ds, rg, pe, ord)
        JOIN region r ON r.code = k.rg
        ORDER BY k.ord
        ON CONFLICT DO NOTHING`.execute(this.db);
      const { rows } = await sql<StatusRow>`
        SELECT ws.* FROM workflow_status ws
        JOIN unnest(${ds}::text[], ${rg}::text[], ${pe}::text[]) AS k (ds, rg, pe)
          ON ws.data_set_code = k.ds AND ws.region_code = k.rg AND ws.period = k.pe
        ORDER BY ws.data_set_code, ws.region_code, ws.period
        FOR UPDATE OF ws`.execute(this.db);
      for (const r of rows) out.set(instanceKeyString(toStatus(r)), toStatus(r));
    }
    const missing = unique.filter((k) => !out.has(instanceKeyString(k)));
    if (missing.length > 0) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: [...new Set(missing.map((k) => k.region))].join(', ') });
    return out;
  }

  /**
   * Store the next status of an instance, only over `expectedVersion`.
   * @throws VITALS_E_CONFLICT when the stored version moved on
   */
  async update(next: WorkflowStatus, expectedVersion: number, actor: string): Promise<void> {
    const result = await this.db
      .updateTable('workflow_status')
      .set({ state: next.state, approvals: next.approvals, version: next.version, updated_by: actor, updated_at: sql<Date>`now()` })
      .where('data_set_code', '=', next.dataSet)
      .where('region_code', '=', next.region)
      .where('period', '=', next.period)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new VitalsError('VITALS_E_CONFLICT', { detail: `${instanceKeyString(next)} is no longer at version ${expectedVersion}` });
    }
  }

  async appendTransition(record: TransitionRecord, provinceCode: string): Promise<number> {
    const row = await this.db
      .insertInto('workflow_transition')
      .values({
        province_code: provinceCode,
        data_set_code: record.dataSet,
        region_code: record.region,
        period: record.period,
        action: record.action,
        from_state: record.from,
        to_state: record.to,
        actor: record.actor,
        occurred_at: record.at,
        reason: record.reason,
        step: record.step,
        step_level: record.stepLevel,
        approvals_before: record.approvalsBefore,
        approvals_after: record.approvalsAfter,
        version_before: record.versionBefore,
        version_after: record.versionAfter,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The history of an instance, oldest first. */
  async transitions(key: InstanceKey): Promise<StoredTransition[]> {
    const rows = await this.db
      .selectFrom('workflow_transition')
      .selectAll()
      .where('data_set_code', '=', key.dataSet)
      .where('region_code', '=', key.region)
      .where('period', '=', key.period)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      dataSet: r.data_set_code,
      region: r.region_code,
      period: r.period,
      action: r.action as TransitionRecord['action'],
      from: r.from_state as WorkflowState,
      to: r.to_state as WorkflowState,
      actor: r.actor,
      at: r.occurred_at.toISOString(),
      reason: r.reason,
      step: r.step,
      stepLevel: r.step_level as RegionLevel | null,
      approvalsBefore: r.approvals_before,
      approvalsAfter: r.approvals_after,
      versionBefore: r.version_before,
      versionAfter: r.version_after,
    }));
  }

  /** Stored statuses matching every filter, by data set, period, region. */
  async find(filter: StatusFilter): Promise<StoredStatus[]> {
    let query = this.filtered(filter).selectAll().orderBy('data_set_code').orderBy('period').orderBy('region_code');
    if (filter.limit) query = query.limit(filter.limit);
    if (filter.offset) query = query.offset(filter.offset);
    return (await query.execute()).map(toStatus);
  }

  /** How many stored statuses match (paging ignored). */
  async count(filter: StatusFilter): Promise<number> {
    const row = await this.filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filtered(filter: StatusFilter) {
    let query = this.db.selectFrom('workflow_status');
    if (filter.dataSets) query = query.where('data_set_code', 'in', filter.dataSets.length ? [...filter.dataSets] : ['']);
    if (filter.periods) query = query.where('period', 'in', filter.periods.length ? [...filter.periods] : ['']);
    if (filter.states) query = query.where('state', 'in', filter.states.length ? [...filter.states] : ['']);
    if (filter.regions) query = query.where('region_code', 'in', filter.regions.length ? [...filter.regions] : ['']);
    if (filter.scope) query = query.where(inRegionScope('workflow_status.region_code', filter.scope));
    return query;
  }

  /** Explanations of an instance by key (`rule:…`, `value:…`). */
  async explanations(key: InstanceKey): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('value_explanation')
      .select(['key', 'text'])
      .where('data_set_code', '=', key.dataSet)
      .where('region_code', '=', key.region)
      .where('period', '=', key.period)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.text]));
  }

  /** Set (text) or clear (null or blank) explanations; returns the keys whose text changed with old and new text. */
  async setExplanations(key: InstanceKey, provinceCode: string, entries: Readonly<Record<string, string | null>>, actor: string) {
    const current = await this.explanations(key);
    const changed: { key: string; old: string | null; new: string | null }[] = [];
    for (const [k, raw] of Object.entries(entries)) {
      const text = typeof raw === 'string' && raw.trim() !== '' ? raw : null;
      const old = current[k] ?? null;
      if (old === text) continue;
      changed.push({ key: k, old, new: text });
      const where = { province_code: provinceCode, data_set_code: key.dataSet, region_code: key.region, period: key.period, key: k };
      if (text === null) {
        await this.db.deleteFrom('value_explanation').where((eb) => eb.and(Object.entries(where).map(([c, v]) => eb(c as keyof typeof where, '=', v)))).execute();
      } else {
        await this.db
          .insertInto('value_explanation')
          .values({ ...where, text, updated_by: actor })
          .onConflict((oc) => oc.columns(['province_code', 'data_set_code', 'region_code', 'period', 'key']).doUpdateSet({ text, updated_by: actor, updated_at: sql<Date>`now()` }))
          .execute();
      }
    }
    return changed;
  }

  /**
   * The forms that collect each value for its region and period: data sets listing the element
   * with that disaggregation, of the period's type, reported at the region's level.
   * Returns, per input index, the instance keys (empty when no form collects the value).
   */
  async coveringInstances(cells: readonly ValueCell[]): Promise<InstanceKey[][]> {
    const out: InstanceKey[][] = cells.map(() => []);
    for (const [offset, part] of chunk(cells, 5000).map((p, i) => [i * 5000, p] as const)) {
      const col = (f: (c: ValueCell) => string) => part.map(f);
      const { rows } = await sql<{ ord: number; data_set_code: string; region_code: string; period: string }>`
        SELECT k.ord::int AS ord, dse.data_set_code, k.rg AS region_code, k.pe AS period
        FROM unnest(${col((c) => c.dataElement)}::text[], ${col((c) => c.region)}::text[], ${col((c) => c.period)}::text[],
                    ${col((c) => c.sex)}::text[], ${col((c) => c.ageGroup)}::text[], ${col((c) => c.area)}::text[])
             WITH ORDINALITY AS k (de, rg, pe, sex, age, area, ord)
        JOIN data_element de ON de.code = k.de
        JOIN data_set_element dse ON dse.data_element_id = de.id AND dse.sex = k.sex AND dse.age_group = k.age AND dse.area = k.area
        JOIN data_set ds ON ds.code = dse.data_set_code
        JOIN region r ON r.code = k.rg
        WHERE r.level = ANY(ds.reporting_levels)
          AND ds.period_type = CASE WHEN k.pe ~ '^[0-9]{4}$' THEN 'year' WHEN k.pe ~ 'H' THEN 'half_year'
                                    WHEN k.pe ~ 'Q' THEN 'quarter' ELSE 'month' END
        ORDER BY k.ord, dse.data_set_code`.execute(this.db);
      for (const r of rows) out[offset + r.ord - 1]!.push({ dataSet: r.data_set_code, region: r.region_code, period: r.period });
    }
    return out;
  }
}

/** A final data value (see the `data_value_final` view). */
export interface FinalDataValue {
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
  readonly value: number | null;
}

/**
 * Only final data counts in assessments and public outputs: this reads the `data_value_final`
 * view (values whose form is final for their region and period), with the same filters as
 * `DataValueRepository.find`, inside `scope` (evaluation jobs pass `SYSTEM_SCOPE`, requests
 * `request.scope.region('view')`).
 */
export async function findFinalDataValues(
  db: Kysely<DB>,
  scope: RegionScope,
  filter: { readonly regions?: readonly string[]; readonly periods?: readonly string[]; readonly dataElements?: readonly string[] } = {},
): Promise<FinalDataValue[]> {
  const conditions = [inRegionScope('f.region_code', scope)];
  if (filter.regions) conditions.push(sql`f.region_code = ANY(${[...filter.regions]}::text[])`);
  if (filter.periods) conditions.push(sql`f.period = ANY(${[...filter.periods]}::text[])`);
  if (filter.dataElements) conditions.push(sql`de.code = ANY(${[...filter.dataElements]}::text[])`);
  const { rows } = await sql<{ code: string; region_code: string; period: string; sex: string; age_group: string; area: string; value: number | null }>`
    SELECT de.code, f.region_code, f.period, f.sex, f.age_group, f.area, f.value
    FROM data_value_final f JOIN data_element de ON de.id = f.data_element_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY f.region_code, f.period, de.code, f.sex, f.age_group, f.area`.execute(db);
  return rows.map((r) => ({ dataElement: r.code, region: r.region_code, period: r.period, sex: r.sex, ageGroup: r.age_group, area: r.area, value: r.value }));
}
