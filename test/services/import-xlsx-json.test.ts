/**
 * XLSX as provinces send it (a notes sheet first, a merged title, a two-row header with merged
 * cells, formulas with cached results, dates, numbers stored as text, a % format, merged region
 * cells, a note under the table), and plain JSON rows.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataValues } from '../../src/services/import/index.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedImport, tableCounts } from '../fixtures/import/seed.js';

let t: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedImport(t.db);
  repos = createRepositories(t.db);
});
afterAll(() => t?.dispose());

const value = async (dataElement: string, region: string, period: string) =>
  (await repos.dataValues.get({ dataElement, region, period }))?.value;

/** The workbook a county health bureau might send; `rows` fill the table from row 5. */
async function workbook(rows: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').getCell('A1').value = '请按模板填写，不要修改表头。';
  const sheet = wb.addWorksheet('数据');
  sheet.getCell('A1').value = '2023年河北省部分县区卫生统计（示例，非官方）';
  sheet.mergeCells('A1:G1');
  // Two header rows: single labels merged down, the group label 数据 merged across 数值 | 备注.
  for (const [col, label] of [['A', '地区代码'], ['B', '地区'], ['C', '指标'], ['D', '期间'], ['G', '性别']] as const) {
    sheet.getCell(`${col}3`).value = label;
    sheet.mergeCells(`${col}3:${col}4`);
  }
  sheet.getCell('E3').value = '数据';
  sheet.mergeCells('E3:F3');
  sheet.getCell('E4').value = '数值';
  sheet.getCell('F4').value = '备注';
  rows(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`XLSX and JSON import on ${testEngine()}`, () => {
  it('reads merged headers, formulas, dates, text numbers and % formats as a person sees them', async () => {
    const bytes = await workbook((s) => {
      s.getRow(5).values = ['130102', '长安区', 'POP', 2023, 123456];
      s.getRow(6).values = ['130104', '桥西区', 'POP', 2023, { formula: 'E5*10', result: 1234560 }, '公式计算'];
      s.getRow(7).values = ['130105', '新华区', '居民健康素养水平', 2023, 0.235];
      s.getCell('E7').numFmt = '0.0%';
      s.getRow(8).values = ['130102', '长安区', 'OUTPATIENT_VISITS', new Date(Date.UTC(2023, 6, 1)), '1,200'];
      // One region written once for two rows (merged A9:A10 and B9:B10).
      s.getRow(9).values = ['130105', '新华区', 'BEDS', '2023', '３００'];
      s.getRow(10).values = [null, null, 'LIVE_BIRTHS', '2023年', 800, null, '合计'];
      s.mergeCells('A9:A10');
      s.mergeCells('B9:B10');
      s.getCell('A12').value = '注：本表数据为示例。';
    });
    const report = await importDataValues(t.db, { bytes, fileName: 'county-2023.xlsx' }, { actor: 'alice' });
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.file).toMatchObject({ format: 'xlsx', sheet: '数据', headerRow: 4 });
    expect(report.columns).toMatchObject({ value: '数值', comment: '备注', regionCode: '地区代码' });
    expect(report.counts).toMatchObject({ read: 6, inserted: 6, rejected: 0 });
    expect(await value('POP', '130102', '2023')).toBe(123456);
    expect(await value('POP', '130104', '2023')).toBe(1234560); // the cached formula result
    expect(await value('HEALTH_LITERACY_VALUE', '130105', '2023')).toBe(23.5); // 0.235 shown as 23.5%
    expect(await value('OUTPATIENT_VISITS', '130102', '2023M07')).toBe(1200); // a date → its month
    expect(await value('BEDS', '130105', '2023')).toBe(300); // full-width text
    expect(await value('LIVE_BIRTHS', '130105', '2023')).toBe(800); // region from the merged cell
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130104', period: '2023' }))?.comment).toBe('公式计算');
  });

  it('reports formulas without results, spreadsheet errors and dates used as values by row', async () => {
    const before = await tableCounts(t.db);
    const bytes = await workbook((s) => {
      s.getRow(5).values = ['130102', '长安区', 'BEDS', 2024, { formula: 'SUM(X1:X2)' }];
      s.getRow(6).values = ['130102', '长安区', 'LIVE_BIRTHS', 2024, { formula: 'E1/0', result: { error: '#DIV/0!' } }];
      s.getRow(7).values = ['130102', '长安区', 'POP', 2024, new Date(Date.UTC(2024, 0, 1))];
      s.getRow(8).values = ['130102', '长安区', 'POP', 2025, 0.5];
      s.getCell('E8').numFmt = '0%';
    });
    const report = await importDataValues(t.db, { bytes, fileName: 'bad.xlsx' }, { actor: 'alice' });
    expect(report.status).toBe('rejected');
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [5, '数值', 'VITALS_E_VALUE_FORMULA'],
      [6, '数值', 'VITALS_E_VALUE_FORMULA'],
      [7, '数值', 'VITALS_E_VALUE_NOT_NUMBER'],
      [8, '数值', 'VITALS_E_VALUE_UNEXPECTED_PERCENT'], // shown as 50% on a count of people
    ]);
    expect(report.problems[0]!.message.en).toBe('formula has no cached result: =SUM(X1:X2) (recalculate and save the file in Excel)');
    expect(report.problems[3]!.message.en).toContain('value 50%');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('reads JSON rows with Chinese keys and { dataValues } with English keys', async () => {
    const zh = [
      { 地区: '长安区', 市: '石家庄市', 指标: 'LE_VALUE', 期间: '2022', 数值: '７８．９' },
      { 地区代码: '130104', 指标: 'LE_VALUE', 期间: 2022, 数值: 79.1, 备注: '测算值' },
    ];
    const a = await importDataValues(t.db, { bytes: Buffer.from(JSON.stringify(zh)), fileName: 'le.json' }, { actor: 'bob' });
    expect(a.problems).toEqual([]);
    expect(a.file.format).toBe('json');
    expect(await value('LE_VALUE', '130102', '2022')).toBe(78.9);
    expect(await value('LE_VALUE', '130104', '2022')).toBe(79.1);
    const en = { dataValues: [{ region: '130105', dataElement: 'LE_VALUE', period: '2022', value: 78.2, extra: 'x' }] };
    const b = await importDataValues(t.db, { bytes: Buffer.from(JSON.stringify(en)), fileName: 'le2.json' }, { actor: 'bob' });
    expect(b.counts).toMatchObject({ inserted: 1 });
    expect(b.problems.map((p) => p.code)).toEqual(['VITALS_W_IGNORED_COLUMN']);
  });

  it('names JSON problems by item number and key', async () => {
    const rows = [{ region: '130102', dataElement: 'LE_VALUE', period: '2021', value: 78 }, { region: '130102', dataElement: 'LE_VALUE', period: '2021M13', value: 'x' }];
    const report = await importDataValues(t.db, { bytes: Buffer.from(JSON.stringify(rows)), fileName: 'bad.json' }, { actor: 'bob' });
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'period', 'VITALS_E_INVALID_PERIOD'],
      [2, 'value', 'VITALS_E_VALUE_NOT_NUMBER'],
    ]);
  });
});
