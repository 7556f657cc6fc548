/**
 * `vitals import` and `vitals export` through the real CLI, on the database the environment
 * names: DATABASE_URL (PostgreSQL) or VITALS_DATA_DIR (embedded PGlite).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { FIXTURES, seedImport } from '../fixtures/import/seed.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'vitals-import-cli-'));
let env: NodeJS.ProcessEnv;
let server: TestDatabase | undefined;

beforeAll(async () => {
  if (testEngine() === 'postgres') {
    server = await createTestDatabase();
    await seedImport(server.db);
    env = { DATABASE_URL: server.url };
  } else {
    const dataDir = join(work, 'data');
    const template = inject('pgliteTemplate');
    if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
    const database = await openDatabase({ dataDir });
    await seedImport(database.db);
    await database.close();
    env = { VITALS_DATA_DIR: dataDir, DATABASE_URL: '' };
  }
});
afterAll(async () => {
  await server?.dispose();
  rmSync(work, { recursive: true, force: true });
});

function vitals(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe(`vitals import / export CLI on ${testEngine()}`, { timeout: 180_000 }, () => {
  it('rejects a bad file with exit code 3, listing each problem in zh and en', () => {
    const r = vitals('import', `${FIXTURES}bad-rows.csv`, '--user', 'alice');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('导入被拒绝，未写入任何数据 / import rejected, nothing was written');
    expect(r.stdout).toContain('第 2 行，列「value」：不是有效的数值：abc');
    expect(r.stdout).toContain('row 2, column "value": not a number: abc');
    expect(r.stdout).toContain('row 16: same data as row 15');
    expect(r.stderr).toContain('VITALS_E_IMPORT_REJECTED');
    expect(r.stderr).toContain('import rejected: 14 problem(s), nothing was written');
  });

  it('dry run of the GB18030 file: reports 6 inserts and writes a JSON report', () => {
    const reportPath = join(work, 'report.json');
    const r = vitals('import', `${FIXTURES}shijiazhuang-2023-gbk.csv`, '--dry-run', '--report', reportPath);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('试运行（未写入数据） / dry run (nothing written)');
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report).toMatchObject({ status: 'dry_run', file: { encoding: 'gb18030' }, counts: { inserted: 6 } });
  });

  it('imports for real, then exports the same values as CSV with a BOM and as XLSX', () => {
    const r = vitals('import', `${FIXTURES}shijiazhuang-2023-utf8-bom.csv`, '--user', 'alice', '--lang', 'en');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('import committed');
    expect(r.stdout).toContain('inserted 6');
    // The dry run above wrote nothing: all six are new now.
    const csv = join(work, 'out.csv');
    const e = vitals('export', '--out', csv, '--region', '130100', '--from', '2023', '--to', '2023');
    expect(e.status).toBe(0);
    expect(e.stdout).toContain('exported 6 value(s)');
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').trimEnd().split('\r\n')).toHaveLength(7);
    const x = vitals('export', '--out', join(work, 'out.xlsx'), '--element', 'POP,LE_VALUE');
    expect(x.status).toBe(0);
    expect(x.stdout).toContain('exported 3 value(s)'); // POP of 长安区 and 桥西区, LE_VALUE of 石家庄市
    expect(readFileSync(join(work, 'out.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
