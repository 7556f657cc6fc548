/**
 * The pool's client turns `query('COPY … FROM STDIN …', [payload])` into a real COPY. Only a
 * server speaks COPY over the wire here (pglite-socket 0.2.17 cannot), so this runs there.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';

let t: TestDatabase;

describe.runIf(testEngine() === 'postgres')('COPY through the pg client', () => {
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t?.dispose());

  it('loads CSV on a pooled connection and reports the row count', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('CREATE TEMP TABLE c (n int, s text)');
      const result = await client.query('COPY c (n, s) FROM STDIN (FORMAT csv)', ['1,"a,b"\n2,\n3,""\n']);
      expect(result.rowCount).toBe(3);
      const rows = await client.query('SELECT n, s FROM c ORDER BY n');
      // Unquoted empty field is NULL, quoted empty field is the empty string.
      expect(rows.rows).toEqual([
        { n: 1, s: 'a,b' },
        { n: 2, s: null },
        { n: 3, s: '' },
      ]);
    } finally {
      client.release();
    }
  });

  it('runs inside a Kysely transaction on its connection', async () => {
    const n = await t.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE e (n int) ON COMMIT DROP`.execute(trx);
      await trx.executeQuery(CompiledQuery.raw('COPY e (n) FROM STDIN (FORMAT csv)', ['7\n8\n']));
      return (await sql<{ total: number }>`SELECT sum(n)::int AS total FROM e`.execute(trx)).rows[0]!.total;
    });
    expect(n).toBe(15); // 7 + 8, visible to the same transaction
  });

  it('rejects bad data with the server message and leaves the pool usable', async () => {
    const attempt = t.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE d (n int) ON COMMIT DROP`.execute(trx);
      await trx.executeQuery(CompiledQuery.raw('COPY d (n) FROM STDIN (FORMAT csv)', ['1\nnot-a-number\n']));
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('invalid input syntax for type integer') });
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(t.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
