/** Small helpers shared by the repositories. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Split a list into consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let at = 0; at < items.length; at += size) parts.push(items.slice(at, at + size));
  return parts;
}

/** JSON for a jsonb parameter (pg would turn a JS array into a PostgreSQL array). */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

let savepointCounter = 0;

/**
 * Run `work` atomically: in a new transaction, or, when `db` already is one, inside a
 * savepoint so that a failure undoes only this work and leaves the caller's transaction usable.
 */
export async function atomically<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(work);
  const savepoint = sql.id(`vitals_sp_${++savepointCounter}`);
  await sql`SAVEPOINT ${savepoint}`.execute(db);
  try {
    const result = await work(db);
    await sql`RELEASE SAVEPOINT ${savepoint}`.execute(db);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${savepoint}`.execute(db);
    throw error;
  }
}
