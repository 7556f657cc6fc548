/**
 * The embedded PGlite child process: it is stopped on close, it never outlives a killed parent,
 * it guards its directory, keeps data across restarts, and keeps queries off our event loop.
 * Runs in the PGlite project only (the server project has no embedded process to test).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, resolvePgliteDir } from '../../src/storage/index.js';
import { seedPgliteDir, testEngine } from '../support/db.js';

/** Alive and not a zombie (a reparented child may linger as one when PID 1 does not reap). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 300 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !isRunning(pid);
}

describe.runIf(testEngine() === 'pglite')('embedded PGlite process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vitals-embedded-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the data directory from config, VITALS_DATA_DIR or the default', () => {
    expect(resolvePgliteDir({ pgliteDir: '/x/y' }, {})).toBe('/x/y');
    expect(resolvePgliteDir({ dataDir: '/data' }, { VITALS_DATA_DIR: '/env' })).toBe('/data/pglite');
    expect(resolvePgliteDir({}, { VITALS_DATA_DIR: '/env' })).toBe('/env/pglite');
    expect(resolvePgliteDir({}, {})).toBe(join(process.cwd(), '.vitals-data', 'pglite'));
  });

  it('keeps data across restarts, guards its directory, and is gone after close', async () => {
    const pgliteDir = join(dir, 'persist');
    seedPgliteDir(pgliteDir);
    const first = await openDatabase({ pgliteDir });
    const pid = first.embedded!.pid;
    expect(pid).not.toBe(process.pid);
    expect(isRunning(pid)).toBe(true);
    await sql`INSERT INTO age_group (code, name_zh) VALUES ('65+', '65岁及以上')`.execute(first.db);

    // A second process on the same directory would corrupt it: refused while the first lives.
    await expect(openDatabase({ pgliteDir })).rejects.toMatchObject({
      code: 'VITALS_E_DATABASE',
      message: expect.stringContaining(`in use by process ${pid}`),
    });

    await first.close();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(`${pgliteDir}.lock`)).toBe(false);

    const second = await openDatabase({ pgliteDir });
    try {
      expect(second.migrations?.applied).toEqual([]); // already migrated
      const rows = await second.db.selectFrom('age_group').select('code').orderBy('code').execute();
      expect(rows.map((r) => r.code)).toEqual(['65+', 'total']);
    } finally {
      await second.close();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const pgliteDir = join(dir, 'stale');
    seedPgliteDir(pgliteDir);
    // A pid far above any pid_max default: certainly not running.
    writeFileSync(`${pgliteDir}.lock`, '4194000');
    const database = await openDatabase({ pgliteDir, migrate: false });
    await database.close();
  });

  it('does not block this event loop while a query runs', async () => {
    seedPgliteDir(join(dir, 'loop'));
    const database = await openDatabase({ pgliteDir: join(dir, 'loop'), migrate: false });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      await sql`SELECT pg_sleep(1)`.execute(database.db);
      clearInterval(timer);
      // In-process PGlite would freeze the loop for the whole second: zero ticks.
      expect(ticks).toBeGreaterThan(5);
    } finally {
      await database.close();
    }
  });

  it('the child exits when its parent is killed with SIGKILL (no orphan)', async () => {
    seedPgliteDir(join(dir, 'orphan'));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const storage = pathToFileURL(join(process.cwd(), 'src/storage/index.ts')).href;
    const script = `
      const { openDatabase } = await import(${JSON.stringify(storage)});
      const db = await openDatabase({ pgliteDir: ${JSON.stringify(join(dir, 'orphan'))}, migrate: false });
      process.stdout.write('child-pid ' + db.embedded.pid + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /child-pid (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect(isRunning(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntilGone(childPid)).toBe(true);
    // It shut down cleanly: the lock file is gone too.
    expect(existsSync(join(dir, 'orphan.lock'))).toBe(false);
  });
});
