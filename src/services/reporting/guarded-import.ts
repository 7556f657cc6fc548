/**
 * Bulk imports over the API: the import service (parsing, validation, planning, one
 * transaction, report) plus the workflow's rules, which the CLI does not need:
 * - a changed value must lie in the caller's CAPTURE scope;
 * - a changed value of a submitted, approved or final form is refused (VITALS_E_LOCKED);
 * - every form whose data changed gets version + 1 (reviewers' stale views then conflict).
 *
 * The import service owns its transaction, so the guard runs inside it, after the values are
 * written and before the commit: it reads the audit rows the import just wrote (exactly one per
 * changed value), locks the forms concerned and throws to roll everything back if any value is
 * refused. All or nothing, like the import itself. A hook in the import service would make
 * this simpler (see the report); the guard's contract would not change.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { importDataValues, type ImportOptions, type ImportProblem, type ImportReport, type ImportSource, type PlannedChange } from '../import/index.js';
import type { DB } from '../../storage/index.js';
import { WorkflowRepository, instanceKeyString, type ValueCell } from '../../storage/repositories/workflow.repository.js';
import { publicRefusal, refusalsFor } from './value-writer.js';

export { refusalsFor, type Refusal } from './value-writer.js';

function parseAuditKey(key: string): ValueCell {
  const [dataElement, region, period, sex, ageGroup, area] = key.split('|');
  return { dataElement: dataElement!, region: region!, period: period!, sex: sex!, ageGroup: ageGroup!, area: area! };
}

/** Runs inside the import's transaction once its values are written. */
async function guardWrittenValues(trx: Kysely<DB>, actor: Actor, sinceAuditId: number): Promise<void> {
  const { rows } = await sql<{ entity_key: string }>`
    SELECT entity_key FROM audit_log
    WHERE id > ${sinceAuditId} AND entity = 'data_value' AND actor = ${actor.id}
      AND batch_id IN (SELECT id FROM import_batch WHERE status = 'running' AND actor = ${actor.id})
    ORDER BY id`.execute(trx);
  if (rows.length === 0) return;
  const cells = rows.map((r) => parseAuditKey(r.entity_key));
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

/** `db` whose `transaction().execute(fn)` runs `after(trx)` between `fn` and the commit. */
function withGuard(db: Kysely<DB>, after: (trx: Kysely<DB>) => Promise<void>): Kysely<DB> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          const builder = target.transaction();
          return {
            execute: <T>(fn: (trx: Kysely<DB>) => Promise<T>) =>
              builder.execute(async (trx) => {
                const result = await fn(trx);
                await after(trx);
                return result;
              }),
          };
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
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
  const { rows } = await sql<{ max: number | null }>`SELECT max(id)::bigint AS max FROM audit_log`.execute(db);
  const since = Number(rows[0]?.max ?? 0);
  let guarded = false;
  const report = await importDataValues(
    withGuard(db, async (trx) => {
      guarded = true;
      await guardWrittenValues(trx, actor, since);
    }),
    source,
    { ...options, actor: actor.id },
  );
  // The guard relies on the import writing through `db.transaction()`; fail loudly if that changes.
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
