/**
 * Loading one form instance (data set × region × period) with everything a decision needs:
 * the data set, its element rows, the region's lineage and the current status. Shared by the
 * data-entry, workflow and attachment services.
 */
import type { Kysely } from 'kysely';
import type { RegionLineage } from '../../core/access/index.js';
import { isOpen, localDate, requireDataSetPeriod, windowFor, type DataSetWindow } from '../../core/dataset/index.js';
import { VitalsError } from '../../core/errors.js';
import type { DB } from '../../storage/index.js';
import { DataSetRepository, type DataSetElementRow, type StoredDataSet } from '../../storage/repositories/dataset.repository.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { WorkflowRepository, type InstanceKey, type StoredStatus } from '../../storage/repositories/workflow.repository.js';

/** What services need from the app: the database and the injected clock. */
export interface ReportingDeps {
  readonly db: Kysely<DB>;
  readonly now: () => Date;
}

export interface LoadedInstance {
  readonly key: InstanceKey;
  readonly stored: StoredDataSet;
  readonly elements: readonly DataSetElementRow[];
  readonly lineage: RegionLineage;
  readonly status: StoredStatus;
  readonly window: DataSetWindow;
}

/**
 * Load and check an instance: the data set exists, the period has its type, the region exists
 * and reports it. Pass `status` when the caller already holds it locked.
 * @throws VITALS_E_NOT_FOUND, VITALS_E_INVALID_PERIOD, VITALS_E_UNKNOWN_REGION, VITALS_E_INVALID_INPUT
 */
export async function loadInstance(db: Kysely<DB>, key: InstanceKey, status?: StoredStatus): Promise<LoadedInstance> {
  const stored = await new DataSetRepository(db).require(key.dataSet);
  const period = requireDataSetPeriod(stored.dataSet, key.period);
  const workflow = new WorkflowRepository(db);
  const lineage = await requireLineage(db, key.region);
  if (!stored.dataSet.reportingLevels.includes(lineage.level)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', {
      detail: `data set ${key.dataSet} is reported by ${stored.dataSet.reportingLevels.join(', ')} regions, and ${key.region} is a ${lineage.level}`,
    });
  }
  const normalizedKey = { ...key, period: period.code };
  return {
    key: normalizedKey,
    stored,
    elements: await new DataSetRepository(db).elements(key.dataSet),
    lineage,
    status: status ?? (await workflow.get(normalizedKey)),
    window: windowFor(stored.dataSet, period),
  };
}

/**
 * Edits are accepted from the day the window opens to the day it closes; a returned form stays
 * correctable after the close (the reviewer asked for the correction).
 * @throws VITALS_E_WINDOW_CLOSED
 */
export function requireWindowOpen(instance: LoadedInstance, now: Date): void {
  const nowIso = now.toISOString();
  if (isOpen(instance.stored.dataSet, instance.key.period, nowIso)) return;
  const beforeOpening = localDate(nowIso) < instance.window.opensAt;
  if (!beforeOpening && instance.status.state === 'returned') return;
  const w = instance.window;
  throw new VitalsError('VITALS_E_WINDOW_CLOSED', { period: instance.key.period, opensAt: w.opensAt, closesAt: w.closesAt }, { window: w });
}

/** A region's lineage (for policy decisions). @throws VITALS_E_UNKNOWN_REGION */
export async function requireLineage(db: Kysely<DB>, code: string): Promise<RegionLineage> {
  const lineage = await new ScopeRepository(db).lineage(code);
  if (!lineage) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
  return lineage;
}

/**
 * `db.transaction().execute(work)`, with PostgreSQL's deadlock and serialization failures
 * (two writers crossing on the same rows) reported as VITALS_E_CONFLICT: the loser retries.
 */
export async function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') {
      throw new VitalsError('VITALS_E_CONFLICT', { detail: 'another change to the same data happened at the same moment' }, { sqlstate: code });
    }
    throw error;
  }
}
