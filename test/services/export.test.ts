/**
 * Export: CSV (UTF-8 with BOM, or GB18030), XLSX, JSON and DHIS2 JSON, filtered by element,
 * region subtree and period range; every export reads back through the importer unchanged.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataValues, periodsBetween, toDhis2Period, type ExportFilter, type ExportOptions } from '../../src/services/export/index.js';
import { importDataValues } from '../../src/services/import/index.js';
import { parsePeriod } from '../../src/core/period/index.js';
import { createRepositories, type DataValueInput } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedImport, tableCounts } from '../fixtures/import/seed.js';

let t: TestDatabase;

/** 2 elements × 3 regions × years 2018–2021 = 24 values, plus one monthly and one disaggregated value. */
function values(): DataValueInput[] {
  const out: DataValueInput[] = [];
  let v = 100;
  for (const dataElement of ['POP', 'BEDS']) for (const region of ['130102', '130104', '110105']) for (const period of ['2018', '2019', '2020', '2021']) out.push({ dataElement, region, period, value: v++ });
  out.push({ dataElement: 'OUTPATIENT_VISITS', region: '130102', period: '2020M07', value: 5000, comment: '含急诊, "夜间"门诊' });
  out.push({ dataElement: 'POP', region: '130102', period: '2020', sex: 'female', ageGroup: '65+', value: 777 });
  return out;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedImport(t.db);
  await createRepositories(t.db).dataValues.upsert(values(), { actor: 'seed' });
});
afterAll(() => t?.dispose());

async function run(filter: ExportFilter, options: ExportOptions): Promise<{ bytes: Buffer; rows: number; skipped: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await exportDataValues(t.db, out, filter, options);
  return { bytes: Buffer.concat(chunks), rows: summary.rows, skipped: summary.skipped };
}

describe(`export on ${testEngine()}`, () => {
  it('periodsBetween lists every period of every type inside the range', () => {
    // One year: 1 year + 2 halves + 4 quarters + 12 months = 19 codes.
    expect(periodsBetween(parsePeriod('2020'), parsePeriod('2020'))).toHaveLength(19);
    // 2020Q3..2020Q4: H2, Q3, Q4 and six months = 9 codes.
    expect(periodsBetween(parsePeriod('2020Q3'), parsePeriod('2020Q4')).sort()).toEqual(['2020H2', '2020M07', '2020M08', '2020M09', '2020M10', '2020M11', '2020M12', '2020Q3', '2020Q4']);
    expect(['2025', '2025M07', '2025Q3', '2025H1'].map(toDhis2Period)).toEqual(['2025', '202507', '2025Q3', '2025S1']);
  });

  it('CSV: UTF-8 with BOM, filtered by element, subtree and years, quoted comments', async () => {
    const { bytes, rows } = await run({ dataElements: ['POP', 'OUTPATIENT_VISITS'], region: '130100', from: '2019', to: '2020' }, { format: 'csv' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('region,region_name,data_element,data_element_name,period,sex,age_group,area,value,comment,source,updated_by,updated_at');
    // POP in 130102 and 130104 for 2019 and 2020 (4), the female 65+ POP (1), the July visits (1).
    expect(rows).toBe(6);
    expect(lines).toHaveLength(7);
    expect(lines.some((l) => l.startsWith('110105'))).toBe(false);
    expect(lines.find((l) => l.includes('2020M07'))).toMatch(/^130102,长安区,OUTPATIENT_VISITS,诊疗人次数（月报）,2020M07,total,total,total,5000,"含急诊, ""夜间""门诊",,seed,\d{4}-\d\d-\d\dT/);
  });

  it('CSV in GB18030 with Chinese headers reads back as the same values', async () => {
    const { bytes } = await run({ region: '130000' }, { format: 'csv', encoding: 'gb18030', header: 'zh' });
    const text = iconv.decode(bytes, 'gb18030');
    expect(text.startsWith('地区代码,地区名称,数据元代码,数据元名称,期间,性别,年龄组,城乡,数值')).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { bytes, fileName: 'export.csv' }, { actor: 'x' });
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.file.encoding).toBe('gb18030');
    // Hebei: 2 elements × 2 regions × 4 years + the monthly + the disaggregated value = 18.
    expect(report.counts).toMatchObject({ read: 18, unchanged: 18, inserted: 0, updated: 0 });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('XLSX opens in exceljs with typed cells and reads back unchanged', async () => {
    const { bytes, rows } = await run({ dataElements: ['BEDS'] }, { format: 'xlsx' });
    expect(rows).toBe(12); // 3 regions × 4 years
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('region');
    expect(typeof sheet.getRow(2).getCell(9).value).toBe('number');
    const report = await importDataValues(t.db, { bytes, fileName: 'beds.xlsx' }, { actor: 'x' });
    expect(report.counts).toMatchObject({ read: 12, unchanged: 12 });
  });

  it('JSON round-trips; an empty selection is an empty array', async () => {
    const { bytes } = await run({ region: '110000' }, { format: 'json' });
    const rows = JSON.parse(bytes.toString('utf8')) as { region: string }[];
    expect(rows).toHaveLength(8); // 110105: 2 elements × 4 years
    const report = await importDataValues(t.db, { bytes, fileName: 'bj.json' }, { actor: 'x' });
    expect(report.counts).toMatchObject({ read: 8, unchanged: 8 });
    const none = await run({ region: '220000' }, { format: 'json' });
    expect(JSON.parse(none.bytes.toString('utf8'))).toEqual([]);
  });

  it('DHIS2: codes as ids, DHIS2 period notation, unmapped disaggregations skipped and counted', async () => {
    const { bytes, rows, skipped } = await run({ region: '130102', from: '2020', to: '2020' }, { format: 'dhis2' });
    const doc = JSON.parse(bytes.toString('utf8')) as { dataValues: Record<string, string>[] };
    // 130102 in 2020: POP, BEDS, the July visits; the female 65+ POP has no combo → skipped.
    expect(rows).toBe(3);
    expect(skipped).toBe(1);
    expect(doc.dataValues.find((v) => v.dataElement === 'OUTPATIENT_VISITS')).toEqual({ dataElement: 'OUTPATIENT_VISITS', period: '202007', orgUnit: '130102', value: '5000', comment: '含急诊, "夜间"门诊' });
  });

  it('rejects an unknown element, an unknown region and a reversed range', async () => {
    await expect(run({ dataElements: ['NOPE'] }, { format: 'csv' })).rejects.toMatchObject({ code: 'VITALS_E_UNKNOWN_DATA_ELEMENT' });
    await expect(run({ region: '999999' }, { format: 'csv' })).rejects.toMatchObject({ code: 'VITALS_E_UNKNOWN_REGION' });
    await expect(run({ from: '2025', to: '2019' }, { format: 'csv' })).rejects.toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
  });
});
