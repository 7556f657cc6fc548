/**
 * A crash mid-import leaves no partial data: `vitals import` runs in a child process on a large
 * generated file; once it reports values written inside its transaction, it is killed with
 * SIGKILL. Afterwards the data values, the audit log and the stored values are exactly as
 * before, on embedded PGlite (VITALS_DATA_DIR) and on a PostgreSQL server (DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/content/index.js';
import { openDatabase, createRepositories, type Database } from '../../src/storage/index.js';
import { importDataValues } from '../../src/services/import/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { tableCounts } from '../fixtures/import/seed.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'vitals-import-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MONTHS = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`);

async function seed(database: Pick<Database, 'db'>): Promise<string[]> {
  const repos = createRepositories(database.db);
  const regions = loadRegions();
  await repos.regions.upsertMany(regions);
  await repos.metadata.upsertDataElements([{ code: 'VISITS', name: { zh: '诊疗人次数（月报）' }, unit: '人次', aggregation: 'sum', periodType: 'month' }]);
  // A value the file will try to change: it must keep its old value.
  await repos.dataValues.upsert([{ dataElement: 'VISITS', region: '130102', period: '2023M01', value: 1 }], { actor: 'seed' });
  return regions.filter((r) => r.level === 'county').map((r) => r.code);
}

/** Every county × 24 months: ~68,000 rows, enough for a write phase of several seconds. */
function bigFile(counties: readonly string[]): string {
  const path = join(work, 'visits.csv');
  const lines = ['region,data_element,period,value'];
  let v = 1000;
  for (const county of counties) for (const month of MONTHS) lines.push(`${county},VISITS,${month},${v++}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Run the CLI; kill it once it has written part of the file inside its transaction. */
function importAndKill(file: string, env: NodeJS.ProcessEnv): Promise<{ killedAt: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not tsx's own CLI: that one runs the script in a grandchild, which
    // would survive the kill and finish the import.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'import', file, '--user', 'crash-test'], {
      cwd: ROOT,
      env: { ...process.env, ...env, VITALS_IMPORT_CHUNK_SIZE: '200', VITALS_PROGRESS_INTERVAL_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killedAt: string | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (killedAt) return;
      const m = [...stderr.matchAll(/write: (\d+)\/(\d+)/g)].pop();
      if (m && Number(m[1]) > 0 && Number(m[1]) < Number(m[2])) {
        killedAt = m[0];
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killedAt && signal === 'SIGKILL') resolve({ killedAt, stderr });
      else reject(new Error(`the import ended before it could be killed mid-write (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
}

async function waitForLockRelease(lock: string): Promise<void> {
  for (let i = 0; i < 300 && existsSync(lock); i++) await new Promise((r) => setTimeout(r, 100));
  if (existsSync(lock)) {
    // The embedded server (our grandchild) should have stopped when its parent died.
    const pid = Number(readFileSync(lock, 'utf8'));
    throw new Error(`embedded PGlite (pid ${pid}) still holds ${lock}`);
  }
}

describe(`kill during import on ${testEngine()}`, () => {
  it('leaves data values and the audit log untouched', { timeout: 300_000 }, async () => {
    let database: Database | TestDatabase;
    let env: NodeJS.ProcessEnv;
    let reopen: () => Promise<Database | TestDatabase>;
    if (testEngine() === 'postgres') {
      const t = await createTestDatabase();
      database = t;
      env = { DATABASE_URL: t.url };
      reopen = async () => t;
    } else {
      // The CLI's own embedded PGlite on a data directory, as a user runs it.
      const dataDir = join(work, 'data');
      const template = inject('pgliteTemplate');
      if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
      database = await openDatabase({ dataDir });
      env = { VITALS_DATA_DIR: dataDir, DATABASE_URL: '' };
      reopen = () => openDatabase({ dataDir });
    }
    const counties = await seed(database);
    const before = await tableCounts(database.db);
    if (testEngine() === 'pglite') await database.close();

    const file = bigFile(counties);
    const { killedAt } = await importAndKill(file, env);
    expect(killedAt).toMatch(/^write: \d+\/\d+$/);
    if (testEngine() === 'pglite') await waitForLockRelease(join(work, 'data', 'pglite.lock'));

    const after = await reopen();
    try {
      expect(await tableCounts(after.db)).toEqual(before);
      const repos = createRepositories(after.db);
      expect((await repos.dataValues.get({ dataElement: 'VISITS', region: '130102', period: '2023M01' }))?.value).toBe(1);
      // The batch row was committed before the write began; it stays `running`: interrupted.
      const [batch] = await repos.importBatches.list(1);
      expect(batch).toMatchObject({ status: 'running', actor: 'crash-test', fileName: 'visits.csv' });
      // The database is healthy: a small import still works.
      const report = await importDataValues(after.db, { bytes: Buffer.from('region,data_element,period,value\n130102,VISITS,2023M01,2\n'), fileName: 'small.csv' }, { actor: 'after' });
      expect(report.counts).toMatchObject({ updated: 1 });
    } finally {
      if ('dispose' in after) await after.dispose();
      else await after.close();
    }
  });
});
