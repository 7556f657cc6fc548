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
import { authorize, type Actor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { editProblem } from '../../core/workflow/index.js';
import { importDataValues, type ImportOptions, type ImportProblem, type ImportReport, type ImportSource, type PlannedChange } from '../import/index.js';
import type { DB } from '../../storage/index.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { WorkflowRepository, instanceKeyString, type InstanceKey, type StoredStatus, type ValueCell } from '../../storage/repositories/workflow.repository.js';

/** One refused value. */
export interface Refusal {
  readonly key: string;
  readonly code: VitalsError['code'];
  readonly message: { readonly zh: string; readonly en: string };
  /** File row, when known. */
  readonly row?: number | null;
}

/** Refusals of changed cells, given their covering forms' statuses (no writes). */
export async function refusalsFor(db: Kysely<DB>, actor: Actor, cells: readonly ValueCell[], statuses?: ReadonlyMap<string, StoredStatus>): Promise<{ refusals: (Refusal & { index: number })[]; touched: InstanceKey[] }> {
  const workflow = new WorkflowRepository(db);
  const covering = await workflow.coveringInstances(cells);
  const lineages = await new ScopeRepository(db).lineages(cells.map((c) => c.region));
  const unique = [...new Map(covering.flat().map((k) => [instanceKeyString(k), k])).values()];
  const known = statuses ?? new Map((await Promise.all(unique.map((k) => workflow.get(k)))).map((s) => [instanceKeyString(s), s]));
  const refusals: (Refusal & { index: number })[] = [];
  cells.forEach((cell, index) => {
    const key = [cell.dataElement, cell.region, cell.period, cell.sex, cell.ageGroup, cell.area].join('|');
    const refuse = (error: VitalsError) => refusals.push({ index, key, code: error.code, message: { zh: error.message_zh(), en: error.message } });
    const lineage = lineages.get(cell.region);
    if (!lineage) return void refuse(new VitalsError('VITALS_E_UNKNOWN_REGION', { value: cell.region }));
    if (covering[index]!.length === 0) {
      try {
        authorize(actor, 'data.write', { region: lineage });
      } catch (error) {
        refuse(error as VitalsError);
      }
      return;
    }
    for (const form of covering[index]!) {
      const problem = editProblem(known.get(instanceKeyString(form))!, actor, lineage);
      if (problem) return void refuse(problem);
    }
  });
  return { refusals, touched: unique };
}

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
    throw new VitalsError('VITALS_E_IMPORT_REJECTED', { count: refusals.length }, refusals.map(({ index: _index, ...r }) => r));
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
  return importDataValues(withGuard(db, (trx) => guardWrittenValues(trx, actor, since)), source, { ...options, actor: actor.id });
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
