/**
 * The `pg` client Vitals uses in both modes: per-pool type parsers (nothing global is
 * changed) and `COPY … FROM STDIN` reachable through an ordinary query call, so that the bulk
 * path can run it inside a Kysely transaction on the transaction's own connection.
 */
import pg from 'pg';

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * `bigint` → number (ids and counts stay far below 2^53; a larger value is an error rather
 * than a silent rounding), `date` → the ISO string as stored (the default parser would shift
 * it into the local time zone).
 */
export const vitalsTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) {
      return (text: string) => {
        const n = Number(text);
        if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} exceeds the safe integer range`);
        return n;
      };
    }
    if (oid === DATE_OID) return (text: string) => text;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const COPY_FROM_STDIN = /^\s*COPY\s[\s\S]*\sFROM\s+STDIN\b/i;

/** A pg "submittable" that streams one payload as COPY data. */
class CopyFromStdin {
  private rowCount = 0;
  readonly done: Promise<number>;
  private resolve!: (n: number) => void;
  private reject!: (e: Error) => void;

  constructor(
    private readonly text: string,
    private readonly payload: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    // Chunk so that a large payload does not become one giant socket write.
    const step = 1 << 20;
    for (let at = 0; at < this.payload.length; at += step) connection.sendCopyFromChunk(this.payload.subarray(at, at + step));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rowCount = Number(/COPY (\d+)/.exec(message.text)?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.resolve(this.rowCount);
  }

  // pg clears the active query on an error and never calls handleReadyForQuery for it.
  handleError(error: Error): void {
    this.reject(error);
  }

  // Other protocol callbacks pg may invoke on a submittable; COPY FROM produces none of them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * `client.query('COPY t FROM STDIN (FORMAT csv)', [csvText])` runs a real COPY with the one
 * parameter as its data. A server would reject a COPY with bind parameters anyway, so the
 * shape cannot be reached by accident. Kysely passes `(sql, parameters)` straight through,
 * which makes `db.executeQuery(CompiledQuery.raw(copySql, [csv]))` work inside transactions.
 *
 * PGlite's socket server (0.2.17) cannot carry the COPY sub-protocol; callers check the engine
 * (see `data-value.repository.ts`) and use a set-based INSERT … SELECT FROM unnest there.
 */
export class VitalsPgClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && COPY_FROM_STDIN.test(text) && Array.isArray(values) && values.length === 1) {
      const data = values[0];
      if (typeof data === 'string' || Buffer.isBuffer(data)) {
        const copy = new CopyFromStdin(text, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        (super.query as (q: unknown) => void)(copy);
        return copy.done.then((rowCount) => ({ command: 'COPY', rowCount, rows: [], fields: [] })) as never;
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
