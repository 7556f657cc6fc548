/**
 * Crash tests: the real server (`vitals start`) as a child process on a real PostgreSQL,
 * killed with SIGKILL in the middle of a bulk import and in the middle of an approval, then
 * restarted on the same database. The data must be either fully applied or untouched.
 *
 * "In the middle" is made deterministic: the test holds a table lock that the server's
 * transaction needs at a late step (after it has written), waits until the server's backend is
 * blocked on it with its writes done, and only then kills the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataEntryService } from '../../src/services/reporting/data-entry.service.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { UserService } from '../../src/services/users/index.js';
import { createRepositories, openDatabase, type Database } from '../../src/storage/index.js';
import { createServerDatabase } from '../support/db.js';
import { ApiClient, TEST_PASSWORD, type TestServer } from './helpers.js';
import { FORM, actors, seedReporting } from './reporting.fixtures.js';
import { region } from '../support/factories.js';

let database: Database;
let url: string;
let drop: () => Promise<void>;
let dataDir: string;
let child: ChildProcess | undefined;
const COUNTIES = Array.from({ length: 30 }, (_, i) => `1301${String(40 + i)}`);

beforeAll(async () => {
  ({ url, drop } = await createServerDatabase());
  database = await openDatabase({ databaseUrl: url, poolMax: 3 });
  await seedReporting(database.db);
  await createRepositories(database.db).regions.upsertMany(COUNTIES.map((code) => region(code, `测试县${code}`, 'county', '130100')));
  const users = new UserService(database.db, () => new Date());
  for (const [username, roles, captureScope] of [['importer', ['reporter'], ['130100']], ['city-reviewer', ['reviewer'], ['130100']]] as const) {
    await users.create({ username, displayName: username, roles: [...roles], captureScope: [...captureScope], viewScope: [], password: TEST_PASSWORD }, { actorId: 'test-setup' });
  }
  dataDir = mkdtempSync(join(tmpdir(), 'vitals-crash-'));
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await database?.close();
  await drop?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Start `vitals start` on the test database; resolves with its base URL once it listens. */
async function startChild(): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: url, VITALS_DATA_DIR: dataDir, VITALS_LOAD_DEMO: '0', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /is running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}):\n${output}`));
    });
  });
}

async function killChild(): Promise<void> {
  const proc = child!;
  child = undefined;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

async function loginAt(base: string, username: string): Promise<ApiClient> {
  const client = new ApiClient({ url: base } as unknown as TestServer);
  const res = await client.post('/auth/login', { username, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return client;
}

/** A separate session that holds a table lock, and watches the server's backends. */
async function withLock<T>(table: string, work: () => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    const result = await work();
    await admin.query('COMMIT');
    return result;
  } finally {
    await admin.end();
  }
}

/** Poll until a backend of this database waits for a lock on `table` while holding its writes to `written`. */
async function waitForBlockedWriter(table: string, written: string): Promise<number> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await other.query<{ pid: number }>(
        `SELECT a.pid FROM pg_stat_activity a
         WHERE a.datname = current_database() AND a.wait_event_type = 'Lock' AND a.query ILIKE $1
           AND EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                       WHERE l.pid = a.pid AND c.relname = $2 AND l.mode = 'RowExclusiveLock' AND l.granted)`,
        [`%${table}%`, written],
      );
      if (rows[0]) return rows[0].pid;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no server backend blocked on ${table} after writing ${written}`);
  } finally {
    await other.end();
  }
}

async function waitForBackendGone(pid: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await database.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`backend ${pid} still alive`);
}

const count = async (query: string, params: unknown[] = []) => Number((await database.pool.query(query, params)).rows[0].n);

describe('crash safety (kill -9 and restart)', () => {
  it('a bulk import killed mid-transaction leaves nothing; after restart it applies fully', async () => {
    // 30 counties × 240 months × 3 data elements = 21,600 values.
    const lines = ['地区代码,数据元,期间,数值'];
    for (const county of COUNTIES) for (let m = 0; m < 240; m++) for (const de of ['MCH_BIRTHS', 'MCH_INFANT_DEATHS', 'MCH_ANC_VISITS']) {
      lines.push(`${county},${de},${2000 + Math.floor(m / 12)}M${String((m % 12) + 1).padStart(2, '0')},${(m % 7) + 1}`);
    }
    const csv = lines.join('\n') + '\n';
    let base = await startChild();
    let importer = await loginAt(base, 'importer');
    const pid = await withLock('workflow_status', async () => {
      // The import writes every value, then its guard needs workflow_status: it blocks there.
      const pending = importer.post('/imports?fileName=history.csv', undefined, { raw: csv, contentType: 'text/csv' }).catch(() => undefined);
      const blocked = await waitForBlockedWriter('workflow_status', 'data_value');
      await killChild();
      await pending;
      return blocked;
    });
    await waitForBackendGone(pid);
    expect(await count(`SELECT count(*) AS n FROM data_value WHERE region_code = ANY($1)`, [COUNTIES])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'data_value'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM workflow_status`)).toBe(0);

    base = await startChild();
    importer = await loginAt(base, 'importer');
    const res = await importer.post('/imports?fileName=history.csv', undefined, { raw: csv, contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body.counts.inserted).toBe(21_600);
    expect(await count(`SELECT count(*) AS n FROM data_value WHERE region_code = ANY($1)`, [COUNTIES])).toBe(21_600);
    // First inserts are audited once per province and chunk (docs/import.md): every county here is
    // in one province, so the 21,600 inserts are counted by the insert_batch rows, summing to 21,600.
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'data_value' AND action <> 'insert_batch'`)).toBe(0);
    expect(await count(`SELECT coalesce(sum((new_value->>'count')::int), 0) AS n FROM audit_log WHERE entity = 'data_value' AND action = 'insert_batch'`)).toBe(21_600);
    await killChild();
  }, 180_000);

  it('an approval killed mid-transaction leaves the form as it was; after restart it applies fully', async () => {
    // A submitted form, prepared through the services with a clock inside its window.
    const clock = () => new Date('2025-02-05T09:00:00+08:00');
    const key = { dataSet: FORM, region: '130102', period: '2025M01' };
    const saved = await new DataEntryService({ db: database.db, now: clock }).save(actors.reporter, key, { expectedVersion: 0, values: [{ element: 'MCH_BIRTHS', value: 100 }, { element: 'MCH_INFANT_DEATHS', value: 1 }] });
    const submitted = await new WorkflowService({ db: database.db, now: clock }).act(actors.reporter, key, { action: 'submit', expectedVersion: saved.status.version });
    const version = submitted.status.version;
    const path = `/datasets/${FORM}/forms/130102/2025M01/workflow`;
    const before = await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'workflow'`);

    let base = await startChild();
    let reviewer = await loginAt(base, 'city-reviewer');
    const pid = await withLock('workflow_transition', async () => {
      // The approval updates the status, then needs workflow_transition: it blocks there.
      const pending = reviewer.post(path, { action: 'approve', expectedVersion: version }).catch(() => undefined);
      const blocked = await waitForBlockedWriter('workflow_transition', 'workflow_status');
      await killChild();
      await pending;
      return blocked;
    });
    await waitForBackendGone(pid);
    const row = (await database.pool.query(`SELECT state, approvals, version FROM workflow_status WHERE region_code = '130102' AND period = '2025M01'`)).rows[0];
    expect(row).toEqual({ state: 'submitted', approvals: 0, version });
    expect(await count(`SELECT count(*) AS n FROM workflow_transition WHERE action = 'approve'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'workflow'`)).toBe(before);

    base = await startChild();
    reviewer = await loginAt(base, 'city-reviewer');
    const res = await reviewer.post(path, { action: 'approve', expectedVersion: version });
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ state: 'approved', approvals: 1, version: version + 1 });
    expect(await count(`SELECT count(*) AS n FROM workflow_transition WHERE action = 'approve'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'workflow'`)).toBe(before + 1);
    await killChild();
  }, 180_000);
});
