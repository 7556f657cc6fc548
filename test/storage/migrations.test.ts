import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_TABLES, loadMigrations, migrate, checksumOf, type Migration } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';

// One database migrated by openDatabase, one left empty to drive the runner by hand.
let t: TestDatabase;
const shipped = loadMigrations();

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.dispose());

describe(`migrations on ${testEngine()}`, () => {
  it('runs on the engine the project selects', async () => {
    const { rows } = await sql<{ v: string }>`SELECT version() AS v`.execute(t.db);
    // PGlite 0.5 embeds PostgreSQL 18; the CI server is Debian's PostgreSQL 15 (or newer).
    expect(/PGlite/.test(rows[0]!.v)).toBe(testEngine() === 'pglite');
    expect(t.engine).toBe(testEngine());
  });

  it('applied every shipped migration while opening, in order', async () => {
    const versions = shipped.map((m) => m.version);
    expect(versions.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(t.migrations?.applied).toEqual(versions);
    const rows = await t.db.selectFrom('schema_migrations').select(['version', 'name', 'checksum']).orderBy('version').execute();
    expect(rows).toEqual(shipped.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const before = await t.db.selectFrom('schema_migrations').selectAll().orderBy('version').execute();
    const result = await migrate(t.pool);
    expect(result).toEqual({ applied: [], current: shipped.at(-1)!.version });
    const after = await t.db.selectFrom('schema_migrations').selectAll().orderBy('version').execute();
    expect(after).toEqual(before);
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const edited: Migration[] = shipped.map((m) =>
      m.version === 2 ? { ...m, sql: `${m.sql}\n-- a later edit\n`, checksum: checksumOf(`${m.sql}\n-- a later edit\n`) } : m,
    );
    await expect(migrate(t.pool, edited)).rejects.toMatchObject({
      code: 'VITALS_E_MIGRATION',
      message: expect.stringMatching(/0002_metadata\.sql was edited after it was applied/),
    });
  });

  it('treats CRLF line endings as the same file', () => {
    expect(checksumOf('a;\r\nb;\r\n')).toBe(checksumOf('a;\nb;\n'));
  });

  it('refuses a database migrated by a newer release', async () => {
    await expect(migrate(t.pool, shipped.slice(0, -1))).rejects.toMatchObject({
      code: 'VITALS_E_MIGRATION',
      message: expect.stringContaining('does not know'),
    });
  });

  it('rolls a failing migration back entirely and names the file', async () => {
    const broken: Migration = {
      version: 9998,
      name: 'broken',
      sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
      checksum: checksumOf('x'),
    };
    await expect(migrate(t.pool, [...shipped, broken])).rejects.toMatchObject({
      code: 'VITALS_E_MIGRATION',
      message: expect.stringContaining('9998_broken.sql'),
    });
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_class WHERE relname = 'half_done'`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
    const versions = await t.db.selectFrom('schema_migrations').select('version').execute();
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual(shipped.map((m) => m.version));
  });

  it('applies a new migration once even when two runners start together', async () => {
    const next: Migration = { version: 9999, name: 'extra', sql: 'CREATE TABLE extra_table (id int);', checksum: checksumOf('CREATE TABLE extra_table (id int);') };
    const [a, b] = await Promise.all([migrate(t.pool, [...shipped, next]), migrate(t.pool, [...shipped, next])]);
    // Exactly one runner applied version 9999; the other found it done.
    expect([...a.applied, ...b.applied]).toEqual([9999]);
    expect(a.current).toBe(9999);
    expect(b.current).toBe(9999);
  });
});

describe('Citus readiness (from the catalog)', () => {
  it('every large table has province_code in its primary key', async () => {
    const { rows } = await sql<{ table: string; columns: string[] }>`
      SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (k.conkey)
      WHERE k.contype = 'p' AND c.relname = ANY (${[...LARGE_TABLES]}::text[])
      GROUP BY c.relname ORDER BY c.relname`.execute(t.db);
    expect(rows.map((r) => r.table)).toEqual([...LARGE_TABLES].sort());
    for (const row of rows) expect(row.columns, row.table).toContain('province_code');
  });

  it('no foreign key joins two large tables', async () => {
    const { rows } = await sql<{ from: string; to: string }>`
      SELECT f.relname AS from, t.relname AS to
      FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
      WHERE k.contype = 'f' AND f.relnamespace = 'public'::regnamespace`.execute(t.db);
    expect(rows).toContainEqual({ from: 'region_lineage', to: 'region' }); // the query does see foreign keys
    const large = LARGE_TABLES as readonly string[];
    expect(rows.filter((fk) => large.includes(fk.from) && large.includes(fk.to))).toEqual([]);
  });
});
