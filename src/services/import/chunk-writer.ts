/**
 * Writes an import's values chunk by chunk inside its one transaction, overlapping with the
 * parsing: `submit(chunk n)` returns as soon as chunk n − 1 is stored and chunk n is under way,
 * so Node parses chunk n + 1 while the database stores chunk n. At most one chunk is in flight
 * and one is being filled, which bounds the memory the write side holds.
 *
 * Each chunk goes to the repository's upsert, which compares with the stored values in the
 * database (an unchanged value writes nothing and is not audited, so a re-import writes
 * nothing), audits first inserts per batch (one row per province and chunk) and updates per
 * value, and lists what it wrote for the report's preview and for `beforeCommit`.
 */
import type { Kysely } from 'kysely';
import { createRepositories, type DB } from '../../storage/index.js';
import type { Candidate } from './normalize.js';
import { toInput } from './plan.js';
import type { ImportCounts, ImportOptions, PlannedChange } from './types.js';

const PREVIEW_LIMIT = 200;

export interface ChunkWriterContext {
  readonly actor: string;
  readonly reason: string;
  readonly batchId: number;
  readonly fileHash: string;
  readonly progress: NonNullable<ImportOptions['onProgress']>;
}

export class ChunkWriter {
  private inFlight: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private queued = 0;
  private written = 0;
  private readonly changes: PlannedChange[] = [];
  private readonly writes: Candidate[] = [];
  private inserted = 0;
  private updated = 0;
  private unchanged = 0;

  constructor(
    private readonly trx: Kysely<DB>,
    private readonly context: ChunkWriterContext,
  ) {}

  /** Start writing `chunk` once the previous chunk is stored; rethrows an earlier chunk's failure. */
  async submit(chunk: readonly Candidate[]): Promise<void> {
    await this.drain();
    if (chunk.length === 0) return;
    this.queued += chunk.length;
    // The catch keeps a failure for the next submit/drain instead of an unhandled rejection.
    this.inFlight = this.write(chunk).catch((error: unknown) => {
      this.failure = { error };
    });
  }

  /** Wait for the chunk in flight; rethrows its failure. */
  async drain(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = undefined;
    if (pending) await pending;
    if (this.failure) throw this.failure.error;
  }

  /** Drain, then report the write phase complete. */
  async finish(): Promise<void> {
    await this.drain();
    this.context.progress({ phase: 'write', done: this.written, total: this.queued });
  }

  /** Counts, the first changes (preview) and every value written, once drained. */
  result(): { counts: Pick<ImportCounts, 'inserted' | 'updated' | 'unchanged'>; changes: readonly PlannedChange[]; writes: readonly Candidate[] } {
    return { counts: { inserted: this.inserted, updated: this.updated, unchanged: this.unchanged }, changes: this.changes, writes: this.writes };
  }

  private async write(chunk: readonly Candidate[]): Promise<void> {
    // Reported at the start: values stored so far out of those read so far.
    this.context.progress({ phase: 'write', done: this.written, total: this.queued });
    const repos = createRepositories(this.trx);
    // No separate planning query: the bulk statement compares with the stored rows itself and
    // lists what it wrote, and unchanged values write nothing there either.
    const { actor, reason, batchId, fileHash } = this.context;
    const r = await repos.dataValues.upsert(chunk.map(toInput), { actor, reason, batchId, fileHash, insertAudit: 'per-batch' }, { returnChanges: true });
    this.inserted += r.inserted;
    this.updated += r.updated;
    this.unchanged += r.unchanged;
    for (const change of r.changes ?? []) {
      const c = chunk[change.index]!;
      this.writes.push(c);
      if (this.changes.length < PREVIEW_LIMIT) {
        this.changes.push({
          row: c.row, action: change.action, dataElement: c.dataElement, region: c.region, period: c.period,
          sex: c.sex, ageGroup: c.ageGroup, area: c.area, oldValue: change.action === 'update' ? (change.oldValue ?? null) : undefined, newValue: c.value,
        });
      }
    }
    this.written += chunk.length;
  }
}
