/**
 * The data-value import: detect → decode → parse → normalise → validate → plan → write in ONE
 * transaction → report. Shared by `vitals import` and the HTTP API.
 *
 * A file with any error writes nothing unless `partial` is set; a re-import of the same file
 * writes no value and no audit row (unchanged values are never sent); a crash or kill during the
 * write leaves nothing behind, because every value of the file is written in one transaction.
 */
import type { Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import { createRepositories, type DB, type ImportBatchRepository } from '../../storage/index.js';
import { COLUMN_SYNONYMS, missingRequired } from './columns.js';
import { detectFormat, scanSource, sourceName } from './detect.js';
import { normalizeRow } from './normalize.js';
import { Deduplicator, planChanges, toInput, type Plan } from './plan.js';
import { ProblemList } from './problems.js';
import { loadReference } from './reference-loader.js';
import { openSource, type OpenedSource } from './sources/open.js';
import type { ImportCounts, ImportFormat, ImportOptions, ImportReport, ImportSource } from './types.js';

const DEFAULT_CHUNK = 5_000;
/** Problems kept in the batch row's stored report (the returned report has them all). */
const STORED_PROBLEMS = 1_000;
const EMPTY_ROWS_LISTED = 50;

/**
 * Import data values from a file.
 *
 * @returns the report; `status` is `committed`, `dry_run`, or `rejected` (nothing written).
 * @throws VitalsError only for failures outside the file's content (database, I/O); the batch
 *   row then says `failed`.
 * @example
 *   const report = await importDataValues(database.db, { path: 'hebei-2024.csv' }, { actor: 'alice', dryRun: true });
 */
export async function importDataValues(db: Kysely<DB>, source: ImportSource, options: ImportOptions): Promise<ImportReport> {
  if (!options.actor?.trim()) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'an import needs a user (actor)' });
  const progress = options.onProgress ?? (() => undefined);
  const name = sourceName(source);
  const scan = await scanSource(source, (done) => progress({ phase: 'scan', done }));
  const repos = createRepositories(db);
  const problems = new ProblemList();
  let format: ImportFormat | undefined;
  try {
    format = detectFormat(name, scan.head, options.format ?? 'auto');
  } catch (error) {
    if (!(error instanceof VitalsError)) throw error;
    problems.error(error.code, error.params, { row: null, column: null });
  }
  const ref = await loadReference(repos);
  const previous = await repos.importBatches.findCommittedByHash(scan.hash);
  const batchId = await repos.importBatches.start({
    actor: options.actor,
    fileName: name,
    fileHash: scan.hash,
    ...(format ? { format } : {}),
    options: { dryRun: !!options.dryRun, partial: !!options.partial, encoding: options.encoding ?? 'auto', ...(options.sheet ? { sheet: options.sheet } : {}) },
  });
  if (previous) problems.warn('VITALS_W_ALREADY_IMPORTED', { batchId: previous.id }, { row: null, column: null });

  try {
    let opened: OpenedSource | undefined;
    if (format) {
      try {
        opened = await openSource(source, scan, format, problems, options);
      } catch (error) {
        if (!(error instanceof VitalsError)) throw error;
        problems.error(error.code, error.params, { row: null, column: null });
      }
    }
    const parsed = opened?.parsed;
    if (opened && !parsed) {
      problems.error('VITALS_E_IMPORT_MISSING_COLUMN', { column: 'region, data element, period, value', accepted: acceptedNames(['region', 'dataElement', 'period', 'value']) }, { row: null, column: null });
    }
    if (parsed) {
      for (const field of missingRequired(parsed.labels)) {
        problems.error('VITALS_E_IMPORT_MISSING_COLUMN', { column: field, accepted: acceptedNames([field]) }, { row: parsed.headerRow ?? null, column: null, fileLevel: true });
      }
      if (parsed.ignored.length > 0) problems.warn('VITALS_W_IGNORED_COLUMN', { columns: parsed.ignored.join(', ') }, { row: parsed.headerRow ?? null, column: null });
    }

    const dedupe = new Deduplicator();
    let read = 0;
    const emptyRows: number[] = [];
    let empty = 0;
    if (parsed && !problems.hasFileErrors) {
      try {
        for await (const raw of parsed.rows) {
          read++;
          const result = normalizeRow(raw, ref, parsed.labels, problems);
          if (result === 'empty') {
            if (!problems.isRejected(raw.row)) {
              empty++;
              if (emptyRows.length < EMPTY_ROWS_LISTED) emptyRows.push(raw.row);
            }
          } else if (result && !problems.isRejected(raw.row)) dedupe.add(result, problems);
          if (read % 1000 === 0) progress({ phase: 'read', done: read });
        }
      } catch (error) {
        // A malformed CSV record (an unclosed quote…): the file cannot be read past it.
        if (!(error instanceof VitalsError)) throw error;
        problems.error(error.code, error.params, { row: null, column: null });
      }
      progress({ phase: 'read', done: read });
    }
    if (empty > 0) {
      const rows = emptyRows.join(', ') + (empty > emptyRows.length ? ', …' : '');
      problems.warn('VITALS_W_EMPTY_VALUE', { count: empty, rows }, { row: null, column: null });
    }

    const candidates = dedupe.candidates;
    const base = {
      read, valid: candidates.length, empty, duplicates: dedupe.duplicates, rejected: problems.rejectedRows,
    };
    const fileInfo = {
      name, hash: scan.hash, format: opened?.format ?? format ?? ('csv' as const),
      ...(opened?.encoding ? { encoding: opened.encoding } : {}),
      ...(parsed?.sheet ? { sheet: parsed.sheet } : {}),
      ...(parsed?.headerRow ? { headerRow: parsed.headerRow } : {}),
    };
    const report = (status: ImportReport['status'], counts: ImportCounts, plan?: Plan): ImportReport => ({
      batchId, status, dryRun: !!options.dryRun, partial: !!options.partial, file: fileInfo,
      columns: { ...(parsed?.labels ?? {}) }, counts, problems: problems.sorted(), changes: plan?.changes ?? [],
      ...(previous ? { previousImport: { batchId: previous.id, finishedAt: previous.finishedAt } } : {}),
    });

    if (problems.hasFileErrors || (problems.errorCount > 0 && !options.partial)) {
      const result = report('rejected', { ...base, inserted: 0, updated: 0, unchanged: 0 });
      await finish(repos.importBatches, batchId, result);
      return result;
    }

    const written = options.dryRun
      ? await dryRunPlan(db, candidates)
      : await writeAll(db, candidates, {
          actor: options.actor, reason: options.reason ?? `import ${name}`, batchId,
          chunk: Math.max(1, options.writeChunkSize ?? DEFAULT_CHUNK), progress,
          ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
        });
    const result = report(options.dryRun ? 'dry_run' : 'committed', { ...base, ...written.counts }, written.plan);
    await finish(repos.importBatches, batchId, result);
    progress({ phase: 'done', done: read });
    return result;
  } catch (error) {
    // A VitalsError here is a refusal (e.g. by `beforeCommit`); anything else is a failure.
    const refused = error instanceof VitalsError;
    const report = refused ? { code: error.code, message: error.message, details: error.details } : { error: error instanceof Error ? error.message : String(error) };
    await repos.importBatches.finish(batchId, { status: refused ? 'rejected' : 'failed', report }).catch(() => undefined);
    throw error;
  }
}

/** The accepted header names of fields, for the missing-column message. */
function acceptedNames(fields: readonly ('region' | 'dataElement' | 'period' | 'value')[]): string {
  return fields
    .flatMap((f) => (f === 'region' ? [...COLUMN_SYNONYMS.region, ...COLUMN_SYNONYMS.regionCode] : COLUMN_SYNONYMS[f]))
    .join(' / ');
}

interface Written {
  readonly plan: Plan;
  readonly counts: Pick<ImportCounts, 'inserted' | 'updated' | 'unchanged'>;
}

async function dryRunPlan(db: Kysely<DB>, candidates: Parameters<typeof planChanges>[1]): Promise<Written> {
  const plan = await planChanges(createRepositories(db), candidates);
  return { plan, counts: { inserted: plan.inserts, updated: plan.updates, unchanged: plan.unchanged } };
}

/** Plan and write inside one transaction: all of the file's values, or none of them. */
async function writeAll(
  db: Kysely<DB>,
  candidates: Parameters<typeof planChanges>[1],
  w: {
    actor: string; reason: string; batchId: number; chunk: number;
    progress: NonNullable<ImportOptions['onProgress']>; beforeCommit?: ImportOptions['beforeCommit'];
  },
): Promise<Written> {
  return db.transaction().execute(async (trx) => {
    const repos = createRepositories(trx);
    const plan = await planChanges(repos, candidates);
    let inserted = 0;
    let updated = 0;
    let unchanged = plan.unchanged;
    w.progress({ phase: 'write', done: 0, total: plan.writes.length });
    for (let i = 0; i < plan.writes.length; i += w.chunk) {
      const part = plan.writes.slice(i, i + w.chunk).map(toInput);
      const r = await repos.dataValues.upsert(part, { actor: w.actor, reason: w.reason, batchId: w.batchId });
      inserted += r.inserted;
      updated += r.updated;
      unchanged += r.unchanged;
      w.progress({ phase: 'write', done: Math.min(i + w.chunk, plan.writes.length), total: plan.writes.length });
    }
    if (w.beforeCommit) {
      const values = plan.writes.map((c) => ({ row: c.row, dataElement: c.dataElement, region: c.region, period: c.period, sex: c.sex, ageGroup: c.ageGroup, area: c.area, value: c.value }));
      await w.beforeCommit(trx, { batchId: w.batchId, values });
    }
    return { plan, counts: { inserted, updated, unchanged } };
  });
}

async function finish(batches: ImportBatchRepository, batchId: number, report: ImportReport): Promise<void> {
  const { counts } = report;
  await batches.finish(batchId, {
    status: report.status,
    counts: { read: counts.read, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, rejected: counts.rejected },
    report: { ...report, problems: report.problems.slice(0, STORED_PROBLEMS), problemCount: report.problems.length },
  });
}

/** The error the CLI and the API raise for a rejected report (exit code 3, HTTP 422). */
export function rejectionError(report: ImportReport): VitalsError {
  const count = report.problems.filter((p) => p.severity === 'error').length;
  return new VitalsError('VITALS_E_IMPORT_REJECTED', { count }, report.problems.filter((p) => p.severity === 'error'));
}
