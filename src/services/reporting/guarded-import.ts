/**
 * Bulk imports over the API: the import service (parsing, validation, planning, one
 * transaction, report) plus the workflow's rules, which the CLI does not need:
 * - a changed value must lie in the caller's CAPTURE scope;
 * - a changed value of a submitted, approved or final form is refused (VITALS_E_LOCKED);
 * - every form whose data changed gets version + 1 (reviewers' stale views then conflict).
 *
 * The guard is the import service's `beforeCommit` hook: it runs inside the import's transaction,
 * after the values are written and before the commit, over exactly the values the import
 * changed. It locks the forms concerned and throws to roll everything back if any value is
 * refused. All or nothing, like the import itself.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { importDataValues, type ImportOptions, type ImportProblem, type ImportReport, type ImportSource, type PlannedChange, type WrittenValues } from '../import/index.js';
import type { DB } from '../../storage/index.js';
import { WorkflowRepository, instanceKeyString, type ValueCell } from '../../storage/repositories/workflow.repository.js';
import { publicRefusal, refusalsFor } from './value-writer.js';

export { refusalsFor, type Refusal } from './value-writer.js';

/** The import's `beforeCommit` hook: refuses or accepts the changed values, inside its transaction. */
async function guardWrittenValues(trx: Kysely<DB>, actor: Actor, written: WrittenValues): Promise<void> {
  if (written.values.length === 0) return;
  // The import normalises every key; the defaults only satisfy the optional key fields' type.
  const cells: ValueCell[] = written.values.map((v) => ({
    dataElement: v.dataElement, region: v.region, period: v.period, sex: v.sex ?? 'total', ageGroup: v.ageGroup ?? 'total', area: v.area ?? 'total',
  }));
  const workflow = new WorkflowRepository(trx);
  const covering = await workflow.coveringInstances(cells);
  const statuses = await workflow.lockForUpdate(covering.flat());
  const { refusals } = await refusalsFor(trx, actor, cells, statuses);
  if (refusals.length > 0) {
    throw new VitalsError('VITALS_E_IMPORT_REJECTED', { count: refusals.length }, refusals.map(publicRefusal));
  }
  const touched = [...new Map(covering.flat().map((k) => [instanceKeyString(k), k])).values()];
  for (const key of touched) {
    const status = statuses.get(instanceKeyString(key))!;
    await workflow.update({ ...status, version: status.version + 1 }, status.version, actor.id);
  }
}

/**
 * Import a file for an API caller. A dry run also reports the scope and lock refusals of the
 * planned changes it previews (the import service previews up to 200 changes).
 * @throws VITALS_E_IMPORT_REJECTED (422) with the refused values in `details` when the file is
 *   valid but touches forms or regions the caller may not change; nothing is written then
 */
export async function importForActor(db: Kysely<DB>, actor: Actor, source: ImportSource, options: Omit<ImportOptions, 'actor'>): Promise<ImportReport> {
  if (options.dryRun) {
    const report = await importDataValues(db, source, { ...options, actor: actor.id });
    return withPreviewRefusals(db, actor, report);
  }
  let guarded = false;
  const report = await importDataValues(db, source, {
    ...options,
    actor: actor.id,
    beforeCommit: async (trx, written) => {
      guarded = true;
      // A caller's own hook runs first, as it did before the guard became a hook itself.
      await options.beforeCommit?.(trx, written);
      await guardWrittenValues(trx, actor, written);
    },
  });
  // The guard relies on the import calling `beforeCommit` whenever it writes; fail loudly if that changes.
  if (report.status === 'committed' && report.counts.inserted + report.counts.updated > 0 && !guarded) {
    throw new VitalsError('VITALS_E_INTERNAL', {}, 'the import wrote values without passing the workflow guard');
  }
  return report;
}

async function withPreviewRefusals(db: Kysely<DB>, actor: Actor, report: ImportReport): Promise<ImportReport> {
  const changes: readonly PlannedChange[] = report.changes;
  if (changes.length === 0) return report;
  const { refusals } = await refusalsFor(db, actor, changes);
  if (refusals.length === 0) return report;
  const problems: ImportProblem[] = refusals.map((r) => ({
    severity: 'error', code: r.code, row: changes[r.index]!.row, column: null, message: r.message, params: { key: r.key },
  }));
  return { ...report, problems: [...report.problems, ...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
}
