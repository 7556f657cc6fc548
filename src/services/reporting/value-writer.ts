/**
 * The one guarded path for writing data values from the API (form saves, bulk imports, DHIS2
 * pushes). Inside the caller's transaction it:
 * 1. finds every form instance (data set × region × period) that collects each value;
 * 2. locks those instances (fixed order, so writers never deadlock);
 * 3. compares with the stored values: unchanged values need no permission and write nothing;
 * 4. refuses a changed value whose region is outside the actor's capture scope, or whose form is
 *    submitted, approved or final (VITALS_E_LOCKED) — the core's `editProblem` decides;
 * 5. upserts the changed values (exactly one audit row each, by the data-value repository);
 * 6. adds one to the version of every instance whose data changed, so a reviewer who looked at
 *    the data before this write gets a conflict instead of approving numbers they never saw.
 */
import type { Kysely } from 'kysely';
import { authorize, type Actor, type RegionLineage } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { editProblem } from '../../core/workflow/index.js';
import { DataValueRepository, dataValueKeyString, type DataValueInput, type DB, type UpsertResult } from '../../storage/index.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { WorkflowRepository, instanceKeyString, type InstanceKey, type StoredStatus, type ValueCell } from '../../storage/repositories/workflow.repository.js';

export interface GuardedWriteContext {
  readonly actor: Actor;
  readonly reason?: string;
  readonly batchId?: number;
  /**
   * Instance versions the writer saw (key: `instanceKeyString`); a different current version is
   * VITALS_E_CONFLICT. Instances not listed are not version-checked (bulk imports).
   */
  readonly expectedVersions?: ReadonlyMap<string, number>;
}

export interface GuardedWriteResult extends UpsertResult {
  /** Instances whose data changed, with their new status (version + 1). */
  readonly changedInstances: readonly StoredStatus[];
}

/** One refused value: its audit-style key, why, and (when known) its file row. */
export interface Refusal {
  readonly key: string;
  readonly code: VitalsError['code'];
  readonly message: { readonly zh: string; readonly en: string };
  readonly row?: number | null;
}

type Normalized = DataValueInput & { sex: NonNullable<DataValueInput['sex']>; ageGroup: string; area: NonNullable<DataValueInput['area']> };

function normalize(v: DataValueInput): Normalized {
  return { ...v, sex: v.sex ?? 'total', ageGroup: v.ageGroup ?? 'total', area: v.area ?? 'total' };
}

/**
 * Why each of these (changed) cells may not be written: outside the actor's capture scope, or
 * collected by a form that is submitted, approved or final (the core's `editProblem` decides).
 * Pass `statuses` when the forms are already locked; otherwise they are read.
 */
export async function refusalsFor(
  db: Kysely<DB>,
  actor: Actor,
  cells: readonly ValueCell[],
  statuses?: ReadonlyMap<string, StoredStatus>,
): Promise<{ refusals: (Refusal & { index: number; error: VitalsError })[]; touched: InstanceKey[] }> {
  const workflow = new WorkflowRepository(db);
  const covering = await workflow.coveringInstances(cells);
  const lineages = await new ScopeRepository(db).lineages(cells.map((c) => c.region));
  const unique = uniqueInstances(covering);
  const known = statuses ?? new Map((await Promise.all(unique.map((k) => workflow.get(k)))).map((s) => [instanceKeyString(s), s]));
  const refusals: (Refusal & { index: number; error: VitalsError })[] = [];
  const decided = new Map<string, VitalsError | null>();
  cells.forEach((cell, index) => {
    const refuse = (error: VitalsError) =>
      refusals.push({ index, error, key: [cell.dataElement, cell.region, cell.period, cell.sex, cell.ageGroup, cell.area].join('|'), code: error.code, message: { zh: error.message_zh(), en: error.message } });
    const lineage = lineages.get(cell.region);
    if (!lineage) return void refuse(new VitalsError('VITALS_E_UNKNOWN_REGION', { value: cell.region }));
    // A value no form collects: only the scope applies (no workflow can lock it).
    const checks = covering[index]!.length === 0 ? [{ key: `-|${cell.region}`, check: () => scopeProblem(actor, lineage) }] : covering[index]!.map((form) => ({ key: instanceKeyString(form), check: () => editProblem(known.get(instanceKeyString(form))!, actor, lineage) }));
    for (const { key, check } of checks) {
      if (!decided.has(key)) decided.set(key, check());
      const problem = decided.get(key);
      if (problem) return void refuse(problem);
    }
  });
  return { refusals, touched: unique };
}

function scopeProblem(actor: Actor, region: RegionLineage): VitalsError | null {
  try {
    authorize(actor, 'data.write', { region });
    return null;
  } catch (error) {
    return error as VitalsError;
  }
}

function uniqueInstances(covering: readonly InstanceKey[][]): InstanceKey[] {
  return [...new Map(covering.flat().map((k) => [instanceKeyString(k), k])).values()];
}

/** Whether each value differs from what is stored (same rule as the data-value repository). */
async function changedFlags(trx: Kysely<DB>, items: readonly Normalized[]): Promise<boolean[]> {
  if (items.length === 0) return [];
  const stored = await new DataValueRepository(trx).find({
    regions: [...new Set(items.map((v) => v.region))],
    periods: [...new Set(items.map((v) => v.period))],
    dataElements: [...new Set(items.map((v) => v.dataElement))],
  });
  const byKey = new Map(stored.map((s) => [dataValueKeyString(s), s]));
  return items.map((v) => {
    const old = byKey.get(dataValueKeyString(v));
    if (!old) return true;
    if (old.value !== v.value) return true;
    if (v.comment !== undefined && (v.comment ?? null) !== old.comment) return true;
    return v.source !== undefined && (v.source ?? null) !== old.source;
  });
}

/**
 * Write values under the workflow's locks and the actor's capture scope. All or nothing: the
 * first refusal throws, listing every refused value in `details.refused` (`refusalsFor` checks without writing).
 * Must run inside a transaction.
 * @throws VITALS_E_LOCKED, VITALS_E_OUT_OF_SCOPE, VITALS_E_FORBIDDEN, VITALS_E_CONFLICT
 */
export async function writeValuesGuarded(trx: Kysely<DB>, values: readonly DataValueInput[], ctx: GuardedWriteContext): Promise<GuardedWriteResult> {
  if (!trx.isTransaction) throw new VitalsError('VITALS_E_INTERNAL', {}, 'writeValuesGuarded needs a transaction');
  const workflow = new WorkflowRepository(trx);
  const items = values.map(normalize);
  const covering = await workflow.coveringInstances(items.map((v) => ({ dataElement: v.dataElement, region: v.region, period: v.period, sex: v.sex, ageGroup: v.ageGroup, area: v.area })));
  const expectedKeys = [...(ctx.expectedVersions?.keys() ?? [])].map(parseInstanceKey);
  // One lock call for everything, so the fixed lock order holds.
  const statuses = await workflow.lockForUpdate([...uniqueInstances(covering), ...expectedKeys]);
  for (const [key, expected] of ctx.expectedVersions ?? []) {
    const status = statuses.get(key)!;
    if (status.version !== expected) {
      throw new VitalsError('VITALS_E_CONFLICT', { detail: `expected version ${expected}, current version ${status.version} (${status.state})` }, { expectedVersion: expected, currentVersion: status.version, state: status.state });
    }
  }
  const changed = await changedFlags(trx, items);
  const { refusals } = await refusalsFor(trx, ctx.actor, items.filter((_, i) => changed[i]) as ValueCell[], statuses);
  if (refusals.length > 0) {
    const first = refusals[0]!.error;
    throw new VitalsError(first.code, first.params, { refused: refusals.map(publicRefusal) });
  }
  const toWrite = items.filter((_, i) => changed[i]);
  const result = toWrite.length
    ? await new DataValueRepository(trx).upsert(toWrite, { actor: ctx.actor.id, ...(ctx.reason ? { reason: ctx.reason } : {}), ...(ctx.batchId ? { batchId: ctx.batchId } : {}) })
    : { inserted: 0, updated: 0, unchanged: 0 };
  const touched = uniqueInstances(covering.filter((_, i) => changed[i]));
  const changedInstances: StoredStatus[] = [];
  for (const key of touched) {
    const status = statuses.get(instanceKeyString(key))!;
    const next = { ...status, version: status.version + 1 };
    await workflow.update(next, status.version, ctx.actor.id);
    changedInstances.push(next);
  }
  return { inserted: result.inserted, updated: result.updated, unchanged: items.length - toWrite.length + result.unchanged, changedInstances };
}

/** Inverse of `instanceKeyString` (codes never contain '|'). */
export function parseInstanceKey(key: string): InstanceKey {
  const [dataSet, region, period] = key.split('|');
  return { dataSet: dataSet!, region: region!, period: period! };
}

/** A refusal as sent to clients (no internal error object). */
export function publicRefusal(r: Refusal & { index?: number; error?: unknown }): Refusal {
  return { key: r.key, code: r.code, message: r.message, ...(r.row !== undefined ? { row: r.row } : {}) };
}
