/**
 * Import batches: one row per import run, with the file's SHA-256, the counts and the report.
 * The file hash lets the import service recognise a file it has already loaded.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, ImportBatchRow } from '../schema.js';
import { toJson } from './util.js';

export type ImportStatus = 'running' | 'committed' | 'rejected' | 'failed' | 'dry_run';

export interface ImportBatchStart {
  readonly actor: string;
  readonly fileName?: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly fileHash?: string;
  readonly format?: string;
  readonly options?: Record<string, unknown>;
}

export interface ImportCounts {
  readonly read?: number;
  readonly inserted?: number;
  readonly updated?: number;
  readonly unchanged?: number;
  readonly rejected?: number;
}

export interface ImportBatch {
  readonly id: number;
  readonly actor: string;
  readonly fileName: string | null;
  readonly fileHash: string | null;
  readonly format: string | null;
  readonly status: ImportStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly counts: Required<ImportCounts>;
  readonly options: Record<string, unknown> | null;
  readonly report: unknown;
}

function toBatch(r: ImportBatchRow): ImportBatch {
  return {
    id: r.id,
    actor: r.actor,
    fileName: r.file_name,
    fileHash: r.file_hash,
    format: r.format,
    status: r.status as ImportStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: { read: r.rows_read, inserted: r.rows_inserted, updated: r.rows_updated, unchanged: r.rows_unchanged, rejected: r.rows_rejected },
    options: (r.options as Record<string, unknown> | null) ?? null,
    report: r.report,
  };
}

export class ImportBatchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Record the start of an import; returns the batch id to stamp on values and audit rows. */
  async start(input: ImportBatchStart): Promise<number> {
    const row = await this.db
      .insertInto('import_batch')
      .values({
        actor: input.actor,
        file_name: input.fileName ?? null,
        file_hash: input.fileHash ?? null,
        format: input.format ?? null,
        options: toJson(input.options),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Record the outcome. */
  async finish(id: number, outcome: { readonly status: Exclude<ImportStatus, 'running'>; readonly counts?: ImportCounts; readonly report?: unknown }): Promise<void> {
    const c = outcome.counts ?? {};
    await this.db
      .updateTable('import_batch')
      .set({
        status: outcome.status,
        finished_at: sql<Date>`now()`,
        rows_read: c.read ?? 0,
        rows_inserted: c.inserted ?? 0,
        rows_updated: c.updated ?? 0,
        rows_unchanged: c.unchanged ?? 0,
        rows_rejected: c.rejected ?? 0,
        report: toJson(outcome.report),
      })
      .where('id', '=', id)
      .execute();
  }

  async get(id: number): Promise<ImportBatch | undefined> {
    const row = await this.db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBatch(row) : undefined;
  }

  /** The latest committed import of a file with this hash, if any. */
  async findCommittedByHash(fileHash: string): Promise<ImportBatch | undefined> {
    const row = await this.db
      .selectFrom('import_batch')
      .selectAll()
      .where('file_hash', '=', fileHash)
      .where('status', '=', 'committed')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toBatch(row) : undefined;
  }

  /** Most recent batches first. */
  async list(limit = 50): Promise<ImportBatch[]> {
    const rows = await this.db.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toBatch);
  }
}
