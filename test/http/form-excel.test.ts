/**
 * The Excel round trip of a form over HTTP: download the pre-filled template, fill it in,
 * upload it back. A bad cell is reported with its sheet, address and reason and nothing is
 * written; scope, workflow locks and the form version apply as for the web grid.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/storage/index.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';
import { FORM, seedReporting } from './reporting.fixtures.js';

let server: TestServer;
let reporter: ApiClient;
let outsider: ApiClient;
const form = `/datasets/${FORM}/forms/130102/2025M01`;

beforeAll(async () => {
  // 5 February 2025, 09:00 in Beijing: January's form is open (31 Jan – 25 Feb).
  server = await startTestServer({ seed: (db) => seedReporting(db), start: new Date('2025-02-05T01:00:00Z') });
  await createRepositories(server.db).dataValues.upsert([{ dataElement: 'MCH_BIRTHS', region: '130102', period: '2024M12', value: 100 }], { actor: 'seed' });
  [reporter, outsider] = await Promise.all([
    loginAs(server, { username: 'reporter', roles: ['reporter'], captureScope: ['130102'] }),
    loginAs(server, { username: 'outsider', roles: ['reporter'], captureScope: ['130202'], viewScope: ['130202'] }),
  ]);
});
afterAll(() => server?.close());

const cookie = (client: ApiClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function template(client: ApiClient, language = 'en', path = form): Promise<{ status: number; workbook: ExcelJS.Workbook; headers: Headers }> {
  const response = await fetch(`${server.url}/api/v1${path}/template`, { headers: { cookie: cookie(client), 'accept-language': language } });
  const workbook = new ExcelJS.Workbook();
  if (response.ok) await workbook.xlsx.load(await response.arrayBuffer());
  return { status: response.status, workbook, headers: response.headers };
}

async function upload(client: ApiClient, workbook: ExcelJS.Workbook, path = form) {
  const body = new FormData();
  body.append('file', new Blob([await workbook.xlsx.writeBuffer()]), 'filled.xlsx');
  const response = await fetch(`${server.url}/api/v1${path}/upload`, { method: 'POST', headers: { cookie: cookie(client), 'x-csrf-token': client.csrfToken ?? '', 'accept-language': 'en' }, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const valueOf = async (element: string) => (await reporter.get(form)).body.cells.find((c: { element: string }) => c.element === element);

describe('the form template', () => {
  it('is a workbook naming the form, one protected row per element with last period beside an editable cell', async () => {
    const { status, workbook, headers } = await template(reporter, 'en');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers.get('content-disposition')).toContain(`${FORM}-130102-2025M01.xlsx`);
    const ws = workbook.getWorksheet('Entry')!;
    expect(['A2', 'B2', 'B3', 'B4', 'B5', 'E5'].map((a) => ws.getCell(a).value)).toEqual(['Data set', FORM, '130102', '2025M01', 'draft', 0]);
    expect(ws.getCell('C4').value).toBe('Jan 2025');
    expect(ws.getRow(6).values).toEqual([undefined, 'Code', 'Name', 'Unit', 'Last period', 'This period', 'Comment']);
    // Rows 7–9: the three elements in form order; last period (2024M12) only for births (seeded 100).
    expect([7, 8, 9].map((r) => [ws.getCell(`A${r}`).value, ws.getCell(`C${r}`).value, ws.getCell(`D${r}`).value])).toEqual([
      ['MCH_BIRTHS', '人', 100],
      ['MCH_INFANT_DEATHS', '人', null],
      ['MCH_ANC_VISITS', '人次', null],
    ]);
    expect((ws as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true }); // not in exceljs's types
    expect(ws.getCell('E7').protection).toMatchObject({ locked: false });
    expect(ws.getCell('F7').protection).toMatchObject({ locked: false });
    expect(ws.getCell('B7').protection?.locked).not.toBe(false); // locked by default
    // 人 counts people: whole numbers ≥ 0.
    expect(ws.getCell('E7').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1e15], showErrorMessage: true });
  });

  it('speaks Chinese by default', async () => {
    const { workbook } = await template(reporter, 'zh-CN');
    const ws = workbook.getWorksheet('填报')!;
    expect([ws.getCell('A2').value, ws.getCell('C4').value, ws.getCell('E6').value, ws.getCell('B7').value]).toEqual(['数据集', '2025年1月', '本期值', '活产数']);
  });

  it('is refused outside the view scope', async () => {
    expect((await template(outsider)).status).toBe(403);
  });
});

describe('uploading the template', () => {
  it('writes the values and comments as one form save (round trip)', async () => {
    const { workbook } = await template(reporter);
    const ws = workbook.getWorksheet('Entry')!;
    ws.getCell('E7').value = 101;
    ws.getCell('F7').value = '含一例院外分娩';
    ws.getCell('E8').value = '1'; // typed as text: still a number
    ws.getCell('E9').value = 410;
    const res = await upload(reporter, workbook);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'committed', sheet: 'Entry', counts: { rows: 3, changed: 3, unchanged: 0 }, problems: [] });
    // One save: version 0 → 1.
    expect(res.body.form.status).toMatchObject({ state: 'draft', version: 1 });
    expect(await valueOf('MCH_BIRTHS')).toMatchObject({ value: 101, comment: '含一例院外分娩' });
    expect((await valueOf('MCH_INFANT_DEATHS')).value).toBe(1);
    expect((await valueOf('MCH_ANC_VISITS')).value).toBe(410);

    // Downloaded again, the template holds what was saved.
    const again = (await template(reporter)).workbook.getWorksheet('Entry')!;
    expect([again.getCell('E5').value, again.getCell('E7').value, again.getCell('F7').value]).toEqual([1, 101, '含一例院外分娩']);
  });

  it('reports every bad cell by sheet, address, field and reason, and writes nothing', async () => {
    const { workbook } = await template(reporter);
    const ws = workbook.getWorksheet('Entry')!;
    ws.getCell('E7').value = '一百零二'; // text in a number cell
    ws.getCell('E8').value = -2; // a negative count
    ws.getCell('E9').value = 415; // valid, but must not be written either
    const res = await upload(reporter, workbook);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VITALS_E_IMPORT_REJECTED');
    expect(res.body.error.details.problems).toMatchObject([
      { sheet: 'Entry', cell: 'E7', field: 'value', element: 'MCH_BIRTHS', value: '一百零二', code: 'VITALS_E_VALUE_NOT_NUMBER' },
      { sheet: 'Entry', cell: 'E8', field: 'value', element: 'MCH_INFANT_DEATHS', value: '-2', code: 'VITALS_E_VALUE_OUT_OF_RANGE' },
    ]);
    expect(res.body.error.details.problems[1].message.en).toBe('value -2 is outside the allowed range ≥ 0 (unit: 人)');
    const after = (await reporter.get(form)).body;
    expect(after.status.version).toBe(1);
    expect(after.cells.map((c: { value: number | null }) => c.value)).toEqual([101, 1, 410]);
  });

  it('refuses a template of another region or an unknown code, cell by cell', async () => {
    const { workbook } = await template(reporter);
    const ws = workbook.getWorksheet('Entry')!;
    ws.getCell('B3').value = '130104';
    let res = await upload(reporter, workbook);
    expect(res.status).toBe(422);
    expect(res.body.error.details.problems).toMatchObject([{ cell: 'B3', field: 'region', value: '130104', code: 'VITALS_E_INVALID_INPUT' }]);

    ws.getCell('B3').value = '130102';
    ws.getCell('A10').value = 'MCH_TWINS';
    ws.getCell('E10').value = 3;
    res = await upload(reporter, workbook);
    expect(res.status).toBe(422);
    expect(res.body.error.details.problems).toMatchObject([{ cell: 'A10', field: 'code', value: 'MCH_TWINS', code: 'VITALS_E_UNKNOWN_DATA_ELEMENT' }]);
  });

  it('refuses a template downloaded before someone else saved (stale version)', async () => {
    const { workbook } = await template(reporter); // version 1
    await reporter.put(form, { expectedVersion: 1, values: [{ element: 'MCH_ANC_VISITS', value: 411 }] }); // → version 2
    workbook.getWorksheet('Entry')!.getCell('E9').value = 420;
    const res = await upload(reporter, workbook);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VITALS_E_CONFLICT');
    expect((await valueOf('MCH_ANC_VISITS')).value).toBe(411);
  });

  it('is refused outside the capture scope', async () => {
    const { workbook } = await template(reporter);
    workbook.getWorksheet('Entry')!.getCell('E7').value = 99;
    const res = await upload(outsider, workbook);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('VITALS_E_OUT_OF_SCOPE');
    expect((await valueOf('MCH_BIRTHS')).value).toBe(101);
  });

  it('is refused while the form is submitted (locked), and the template then offers no editable cell', async () => {
    const version = (await reporter.get(form)).body.status.version;
    const submitted = await reporter.post(`${form}/workflow`, { action: 'submit', expectedVersion: version });
    expect(submitted.status).toBe(200);
    const { workbook } = await template(reporter);
    const ws = workbook.getWorksheet('Entry')!;
    expect(ws.getCell('B5').value).toBe('submitted');
    expect(ws.getCell('E7').protection?.locked).not.toBe(false);
    ws.getCell('E7').value = 98;
    const res = await upload(reporter, workbook);
    expect(res.status).toBe(423);
    expect(res.body.error.code).toBe('VITALS_E_LOCKED');
    expect((await valueOf('MCH_BIRTHS')).value).toBe(101);
  });
});
