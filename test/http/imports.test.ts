/**
 * Bulk import over HTTP (`POST /api/v1/imports`): dry run, the row-by-row error report, the
 * caller's capture scope and the workflow locks, idempotent re-imports, multipart uploads, and
 * version bumps that make a reviewer's stale view conflict.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/storage/index.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';
import { FORM, seedReporting } from './reporting.fixtures.js';

let server: TestServer;
let cityReporter: ApiClient;
let reviewer: ApiClient;
const values = () => createRepositories(server.db).dataValues;
const csv = (rows: string[]) => ['地区代码,数据元,期间,数值', ...rows].join('\n') + '\n';
const auditCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'data_value'`.execute(server.db)).rows[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ seed: (db) => seedReporting(db), start: new Date('2025-02-05T01:00:00Z') });
  [cityReporter, reviewer] = await Promise.all([
    loginAs(server, { username: 'city-reporter', roles: ['reporter'], captureScope: ['130100'] }),
    loginAs(server, { username: 'city-reviewer', roles: ['reviewer'], captureScope: ['130100'] }),
  ]);
});
afterAll(() => server?.close());

const file = csv(['130102,MCH_BIRTHS,2025-01,101', '130104,MCH_BIRTHS,2025年1月,"1,002"', '130105,MCH_ANC_VISITS,202501,４００']);

describe('POST /imports', () => {
  it('dry run reports the plan and writes nothing', async () => {
    const res = await cityReporter.post('/imports?dryRun=true&fileName=jan.csv', undefined, { raw: file, contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dry_run', counts: { read: 3, inserted: 3, updated: 0, rejected: 0 } });
    expect(await values().find({ periods: ['2025M01'] })).toEqual([]);
  });

  it("imports, audits the batch's inserts once, and re-importing the same file changes nothing", async () => {
    const before = await auditCount();
    let res = await cityReporter.post('/imports?fileName=jan.csv', undefined, { raw: file, contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'committed', counts: { inserted: 3 } });
    // "1,002" is one thousand and two; full-width ４００ is 400.
    expect((await values().find({ periods: ['2025M01'] })).map((v) => [v.region, v.dataElement, v.value])).toEqual([
      ['130102', 'MCH_BIRTHS', 101], ['130104', 'MCH_BIRTHS', 1002], ['130105', 'MCH_ANC_VISITS', 400],
    ]);
    // Three first inserts in one province: one batch audit row naming the batch and the count
    // (docs/import.md, "Audit"); the values carry row_version 1 and their creator.
    expect(await auditCount()).toBe(before + 1);
    const { rows: batchAudit } = await sql<{ action: string; province_code: string; new_value: { batch: number; count: number } }>`
      SELECT action, province_code, new_value FROM audit_log WHERE entity = 'data_value' AND batch_id = ${res.body.batchId}`.execute(server.db);
    expect(batchAudit).toEqual([{ action: 'insert_batch', province_code: '130000', new_value: expect.objectContaining({ batch: res.body.batchId, count: 3 }) }]);
    // Each touched form moved to version 1.
    const status = await reviewer.get(`/datasets/${FORM}/forms/130104/2025M01/workflow`);
    expect(status.body.status.version).toBe(1);

    res = await cityReporter.post('/imports?fileName=jan.csv', undefined, { raw: file, contentType: 'text/csv' });
    expect(res.body).toMatchObject({ status: 'committed', counts: { inserted: 0, updated: 0, unchanged: 3 } });
    // Nothing changed: no new audit row.
    expect(await auditCount()).toBe(before + 1);
  });

  it('rejects a file with an error with the row, column and reason, and writes nothing', async () => {
    const bad = csv(['130102,MCH_BIRTHS,2025M02,120', '130104,MCH_BIRTHS,2025M02,很多', '130104,NO_SUCH,2025M02,5']);
    const res = await cityReporter.post('/imports?fileName=feb.csv', undefined, { raw: bad, contentType: 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VITALS_E_IMPORT_REJECTED');
    const problems = res.body.error.details.problems.filter((p: { severity: string }) => p.severity === 'error');
    // Header = row 1, so the data rows are 2, 3, 4.
    expect(problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([[3, 'VITALS_E_VALUE_NOT_NUMBER'], [4, 'VITALS_E_UNKNOWN_DATA_ELEMENT']]);
    expect(await values().find({ periods: ['2025M02'] })).toEqual([]);
  });

  it('refuses rows outside the capture scope and rows of locked forms: all or nothing', async () => {
    let res = await cityReporter.post('/imports?fileName=mar.csv', undefined, { raw: csv(['130102,MCH_BIRTHS,2025M03,99', '130202,MCH_BIRTHS,2025M03,98']), contentType: 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ key: 'MCH_BIRTHS|130202|2025M03|total|total|total', code: 'VITALS_E_OUT_OF_SCOPE' })]);
    expect(await values().find({ periods: ['2025M03'] })).toEqual([]);
    // The dry run shows the same refusal on its row.
    res = await cityReporter.post('/imports?dryRun=true&fileName=mar.csv', undefined, { raw: csv(['130102,MCH_BIRTHS,2025M03,99', '130202,MCH_BIRTHS,2025M03,98']), contentType: 'text/csv' });
    expect(res.body.problems).toEqual([expect.objectContaining({ row: 3, code: 'VITALS_E_OUT_OF_SCOPE' })]);

    const path = `/datasets/${FORM}/forms/130105/2025M01`;
    const version = (await cityReporter.get(path)).body.status.version;
    expect((await cityReporter.post(`${path}/workflow`, { action: 'submit', expectedVersion: version })).status).toBe(200);
    res = await cityReporter.post('/imports?fileName=fix.csv', undefined, { raw: csv(['130102,MCH_BIRTHS,2025M01,102', '130105,MCH_ANC_VISITS,2025M01,401']), contentType: 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ code: 'VITALS_E_LOCKED' })]);
    expect((await values().get({ dataElement: 'MCH_BIRTHS', region: '130102', period: '2025M01' }))?.value).toBe(101);
  });

  it('accepts an XLSX as a multipart upload, and a changed form makes a stale approval conflict', async () => {
    const path = `/datasets/${FORM}/forms/130104/2025M01`;
    let version = (await cityReporter.get(path)).body.status.version;
    expect((await cityReporter.post(`${path}/workflow`, { action: 'submit', expectedVersion: version })).status).toBe(200);
    const seen = (await reviewer.get(path)).body.status.version;
    expect((await reviewer.post(`${path}/workflow`, { action: 'return', expectedVersion: seen, reason: '请核对' })).status).toBe(200);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('数据');
    sheet.addRow(['地区代码', '数据元', '期间', '数值']);
    sheet.addRow(['130104', 'MCH_BIRTHS', '2025M01', 1003]);
    const body = new FormData();
    body.append('file', new Blob([await workbook.xlsx.writeBuffer()]), '更正.xlsx');
    const response = await fetch(`${server.url}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: [...cityReporter.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': cityReporter.csrfToken! },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'committed', counts: { updated: 1 } });
    version = (await reviewer.get(path)).body.status.version;
    expect(version).toBe(seen + 2); // the return, then the import's change
    expect((await cityReporter.post(`${path}/workflow`, { action: 'submit', expectedVersion: version })).status).toBe(200);
    // A reviewer acting on the version they saw before the import is told the data changed.
    const stale = await reviewer.post(`${path}/workflow`, { action: 'approve', expectedVersion: seen + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VITALS_E_CONFLICT');
  });
});
