/**
 * The data-value import: detect → decode → parse → normalise → validate → plan → write in ONE
 * transaction → report. Shared by `vitals import` and the HTTP API.
 *
 * A file with any error writes nothing unless `partial` is set; a re-import of the same file
 * writes no value and no audit row (unchanged values are never sent); a crash or kill during the
 * write leaves nothing behind, because every value of the file is written in one transaction.
 * Without `partial`, chunks are written while later rows are still being parsed (ChunkWriter);
 * an error anywhere rolls the transaction back.
 */
import type { Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import { createRepositories, type DB, type ImportBatchRepository } from '../../storage/index.js';
import { COLUMN_SYNONYMS, missingRequired } from './columns.js';
import { detectFormat, scanSource, sourceName } from './detect.js';
import { ChunkWriter } from './chunk-writer.js';
import { normalizeRow, type Candidate } from './normalize.js';
import { Deduplicator, planChanges } from './plan.js';
import { ProblemList } from './problems.js';
import type { ReferenceData } from './reference.js';
import { loadReference } from './reference-loader.js';
import { openSource, type OpenedSource } from './sources/open.js';
import type { ImportCounts, ImportFormat, ImportOptions, ImportReport, ImportSource, PlannedChange } from './types.js';

/** Values per chunk: large, so that per-statement costs (staging, ANALYZE, planning) are shared by many values. */
const DEFAULT_CHUNK = 20_000;
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
  const ref = await loadReference(repos, db);
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
    const reading = { read: 0, empty: 0, emptyRows: [] as number[] };
    const canRead = !!parsed && !problems.hasFileErrors;
    const readAll = async (onCandidate?: (c: Candidate) => Promise<void>): Promise<void> => {
      if (parsed && canRead) await readRows(parsed, ref, problems, dedupe, reading, progress, onCandidate);
    };
    const chunkSize = Math.max(1, options.writeChunkSize ?? DEFAULT_CHUNK);
    const writeContext = {
      actor: options.actor, reason: options.reason ?? `import ${name}`, batchId, fileHash: scan.hash, progress,
    };
    // Without `partial`, any error rejects the whole file, so values can be written while the
    // rest is still being read (and rolled back if an error turns up). With `partial`, a later
    // conflicting duplicate rejects an earlier row too: read everything first. A dry run
    // writes nothing.
    const streaming = !options.dryRun && !options.partial;
    let written: Written | undefined;
    if (streaming) {
      written = await db
        .transaction()
        .execute(async (trx) => {
          const writer = new ChunkWriter(trx, writeContext);
          let pending: Candidate[] = [];
          await readAll(async (c) => {
            if (problems.errorCount > 0) return; // rejected anyway: stop writing, keep reading for the report
            pending.push(c);
            if (pending.length >= chunkSize) {
              const full = pending;
              pending = [];
              await writer.submit(full);
            }
          });
          if (problems.hasFileErrors || problems.errorCount > 0) {
            await writer.drain().catch(() => undefined);
            throw REJECTED; // rolls back what was written
          }
          await writer.submit(pending);
          await writer.finish();
          return commitWrites(trx, writer, batchId, options.beforeCommit);
        })
        .catch((error: unknown) => {
          if (error === REJECTED) return undefined;
          throw error;
        });
    } else {
      await readAll();
    }
    const { read, empty, emptyRows } = reading;
    if (empty > 0) {
      const rows = emptyRows.join(', ') + (empty > emptyRows.length ? ', …' : '');
      problems.warn('VITALS_W_EMPTY_VALUE', { count: empty, rows }, { row: null, column: null });
    }

    const base = {
      read, valid: dedupe.size, empty, duplicates: dedupe.duplicates, rejected: problems.rejectedRows,
    };
    const fileInfo = {
      name, hash: scan.hash, format: opened?.format ?? format ?? ('csv' as const),
      ...(opened?.encoding ? { encoding: opened.encoding } : {}),
      ...(parsed?.sheet ? { sheet: parsed.sheet } : {}),
      ...(parsed?.headerRow ? { headerRow: parsed.headerRow } : {}),
    };
    const report = (status: ImportReport['status'], counts: ImportCounts, changes: readonly PlannedChange[] = []): ImportReport => ({
      batchId, status, dryRun: !!options.dryRun, partial: !!options.partial, file: fileInfo,
      columns: { ...(parsed?.labels ?? {}) }, counts, problems: problems.sorted(), changes: [...changes],
      ...(previous ? { previousImport: { batchId: previous.id, finishedAt: previous.finishedAt } } : {}),
    });

    if (problems.hasFileErrors || (problems.errorCount > 0 && !options.partial)) {
      const result = report('rejected', { ...base, inserted: 0, updated: 0, unchanged: 0 });
      await finish(repos.importBatches, batchId, result);
      return result;
    }

    if (!written) {
      const candidates = dedupe.candidates;
      written = options.dryRun
        ? await dryRunPlan(db, candidates)
        : await db.transaction().execute(async (trx) => {
            const writer = new ChunkWriter(trx, writeContext);
            for (let i = 0; i < candidates.length; i += chunkSize) await writer.submit(candidates.slice(i, i + chunkSize));
            await writer.finish();
            return commitWrites(trx, writer, batchId, options.beforeCommit);
          });
    }
    const result = report(options.dryRun ? 'dry_run' : 'committed', { ...base, ...written.counts }, written.changes);
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

/** Thrown inside the write transaction to roll a rejected file back. */
const REJECTED = Symbol('rejected');

/**
 * Parse, normalise, validate and de-duplicate every row; `onCandidate` receives each value
 * kept (the first of its key), and its promise is awaited: that is the back-pressure.
 */
async function readRows(
  parsed: NonNullable<OpenedSource['parsed']>,
  ref: ReferenceData,
  problems: ProblemList,
  dedupe: Deduplicator,
  state: { read: number; empty: number; emptyRows: number[] },
  progress: NonNullable<ImportOptions['onProgress']>,
  onCandidate?: (c: Candidate) => Promise<void>,
): Promise<void> {
  try {
    for await (const raw of parsed.rows) {
      state.read++;
      const result = normalizeRow(raw, ref, parsed.labels, problems);
      if (result === 'empty') {
        if (!problems.isRejected(raw.row)) {
          state.empty++;
          if (state.emptyRows.length < EMPTY_ROWS_LISTED) state.emptyRows.push(raw.row);
        }
      } else if (result && !problems.isRejected(raw.row) && dedupe.add(result, problems) && onCandidate) {
        await onCandidate(result);
      }
      if (state.read % 1000 === 0) progress({ phase: 'read', done: state.read });
    }
  } catch (error) {
    // A malformed CSV record (an unclosed quote…): the file cannot be read past it.
    if (!(error instanceof VitalsError)) throw error;
    problems.error(error.code, error.params, { row: null, column: null });
  }
  progress({ phase: 'read', done: state.read });
}

/** The drained writer's result, after `beforeCommit` has seen every value written. */
async function commitWrites(trx: Kysely<DB>, writer: ChunkWriter, batchId: number, beforeCommit: ImportOptions['beforeCommit']): Promise<Written> {
  const { counts, changes, writes } = writer.result();
  if (beforeCommit) {
    const values = writes.map((c) => ({ row: c.row, dataElement: c.dataElement, region: c.region, period: c.period, sex: c.sex, ageGroup: c.ageGroup, area: c.area, value: c.value }));
    await beforeCommit(trx, { batchId, values });
  }
  return { counts, changes };
}

/** The accepted header names of fields, for the missing-column message. */
function acceptedNames(fields: readonly ('region' | 'dataElement' | 'period' | 'value')[]): string {
  return fields
    .flatMap((f) => (f === 'region' ? [...COLUMN_SYNONYMS.region, ...COLUMN_SYNONYMS.regionCode] : COLUMN_SYNONYMS[f]))
    .join(' / ');
}

interface Written {
  readonly counts: Pick<ImportCounts, 'inserted' | 'updated' | 'unchanged'>;
  readonly changes: readonly PlannedChange[];
}

async function dryRunPlan(db: Kysely<DB>, candidates: readonly Candidate[]): Promise<Written> {
  const plan = await planChanges(createRepositories(db), candidates);
  return { changes: plan.changes, counts: { inserted: plan.inserts, updated: plan.updates, unchanged: plan.unchanged } };
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
