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
import { WorkflowRepository, instanceKeyString, type InstanceKey, type StoredStatus } from '../../storage/repositories/workflow.repository.js';

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

/** Why one value may not be written; `index` is its position in the input. */
export interface ValueRefusal {
  readonly index: number;
  readonly error: VitalsError;
}

type Normalized = DataValueInput & { sex: NonNullable<DataValueInput['sex']>; ageGroup: string; area: NonNullable<DataValueInput['area']> };

function normalize(v: DataValueInput): Normalized {
  return { ...v, sex: v.sex ?? 'total', ageGroup: v.ageGroup ?? 'total', area: v.area ?? 'total' };
}

/**
 * Check every value without writing: the refusals (scope, lock) of the values that would
 * change. Needs the instances locked first when used before a write (see `writeValuesGuarded`).
 */
export async function valueRefusals(
  trx: Kysely<DB>,
  values: readonly DataValueInput[],
  actor: Actor,
  statuses?: ReadonlyMap<string, StoredStatus>,
): Promise<{ refusals: ValueRefusal[]; changed: boolean[]; covering: InstanceKey[][]; lineages: Map<string, RegionLineage> }> {
  const workflow = new WorkflowRepository(trx);
  const items = values.map(normalize);
  const covering = await workflow.coveringInstances(items.map((v) => ({ dataElement: v.dataElement, region: v.region, period: v.period, sex: v.sex, ageGroup: v.ageGroup, area: v.area })));
  const lineages = await new ScopeRepository(trx).lineages(items.map((v) => v.region));
  const known = statuses ?? new Map((await Promise.all(uniqueInstances(covering).map((k) => workflow.get(k)))).map((s) => [instanceKeyString(s), s]));
  const changed = await changedFlags(trx, items);
  const refusals: ValueRefusal[] = [];
  const decided = new Map<string, VitalsError | null>();
  items.forEach((v, index) => {
    if (!changed[index]) return;
    const lineage = lineages.get(v.region);
    if (!lineage) return void refusals.push({ index, error: new VitalsError('VITALS_E_UNKNOWN_REGION', { value: v.region }) });
    const forms = covering[index]!;
    if (forms.length === 0) {
      // Collected by no form: only the scope applies (no workflow can lock it).
      const key = `-|${v.region}`;
      if (!decided.has(key)) decided.set(key, scopeProblem(actor, lineage));
      const problem = decided.get(key);
      if (problem) refusals.push({ index, error: problem });
      return;
    }
    for (const form of forms) {
      const key = instanceKeyString(form);
      if (!decided.has(key)) decided.set(key, editProblem(known.get(key)!, actor, lineage));
      const problem = decided.get(key);
      if (problem) return void refusals.push({ index, error: problem });
    }
  });
  return { refusals, changed, covering, lineages };
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
 * first refusal throws (use `valueRefusals` first to report row by row).
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
  const check = await valueRefusals(trx, items, ctx.actor, statuses);
  if (check.refusals.length > 0) {
    const first = check.refusals[0]!;
    throw new VitalsError(first.error.code, first.error.params, { ...(typeof first.error.details === 'object' ? first.error.details : {}), refused: check.refusals.length, item: first.index + 1 });
  }
  const toWrite = items.filter((_, i) => check.changed[i]);
  const result = toWrite.length
    ? await new DataValueRepository(trx).upsert(toWrite, { actor: ctx.actor.id, ...(ctx.reason ? { reason: ctx.reason } : {}), ...(ctx.batchId ? { batchId: ctx.batchId } : {}) })
    : { inserted: 0, updated: 0, unchanged: 0 };
  const touched = uniqueInstances(covering.filter((_, i) => check.changed[i]));
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
