/**
 * A fresh, migrated database for one test file, on the engine the project selects
 * (`VITALS_TEST_DB`): a new database in the global-setup cluster, or a new PGlite process on a
 * new temporary directory.
 *
 * @example
 * let t: TestDatabase;
 * beforeAll(async () => { t = await createTestDatabase(); });
 * afterAll(() => t.dispose());
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseConfig } from '../../src/storage/index.js';

export type TestEngine = 'pglite' | 'postgres';

export interface TestDatabase extends Database {
  /** Connection string of this database (server mode) or of the PGlite socket (embedded). */
  readonly url: string;
  /** Close and delete everything. */
  dispose(): Promise<void>;
}

export function testEngine(): TestEngine {
  return process.env.VITALS_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

let counter = 0;

/** A database name unique across test files and runs. */
function uniqueName(): string {
  return `vitals_test_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

/** URL of `database` on the same server as `adminUrl`. */
export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Create an empty database on the test server; returns its URL and a dropper. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('VITALS_TEST_DB=postgres but the global setup provided no server (is test/support/global-setup.ts configured?)');
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Fill `pgliteDir` with a copy of the initialised template from the global setup, so that
 * opening it skips PGlite's slow initdb. Without a template PGlite initialises it itself.
 */
export function seedPgliteDir(pgliteDir: string): void {
  const template = inject('pgliteTemplate');
  if (template) cpSync(template, pgliteDir, { recursive: true });
}

/** Open a fresh database on the selected engine (migrated unless `migrate: false`). */
export async function createTestDatabase(options: Pick<DatabaseConfig, 'migrate'> = {}): Promise<TestDatabase> {
  if (testEngine() === 'postgres') {
    const server = await createServerDatabase();
    const database = await openDatabase({ databaseUrl: server.url, migrate: options.migrate ?? true, poolMax: 4 });
    return {
      ...database,
      url: server.url,
      dispose: async () => {
        await database.close();
        await server.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'vitals-pglite-'));
  seedPgliteDir(join(dir, 'pglite'));
  const database = await openDatabase({ pgliteDir: join(dir, 'pglite'), migrate: options.migrate ?? true });
  return {
    ...database,
    url: `postgres://postgres@127.0.0.1:${database.embedded!.port}/postgres`,
    dispose: async () => {
      try {
        await database.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
