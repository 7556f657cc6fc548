/**
 * Bad input: every problem is reported with its row (as Excel shows it), column and reason in
 * both languages; a file with errors writes nothing; `partial` loads only the valid rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataValues, type ImportProblem } from '../../src/services/import/index.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { FIXTURES, seedImport, tableCounts } from '../fixtures/import/seed.js';

let t: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedImport(t.db);
  repos = createRepositories(t.db);
  // A stored value the bad file tries to change (row 10 gives POP 130102 2022 = 12.5).
  await repos.dataValues.upsert([{ dataElement: 'POP', region: '130102', period: '2022', value: 1000 }], { actor: 'seed' });
});
afterAll(() => t?.dispose());

const BAD = `${FIXTURES}bad-rows.csv`;

/** Row, column and code of every error in bad-rows.csv, worked out by reading the file. */
const EXPECTED_ERRORS: [number, string | null, string][] = [
  [2, 'value', 'VITALS_E_VALUE_NOT_NUMBER'], // abc
  [3, 'data_element', 'VITALS_E_UNKNOWN_DATA_ELEMENT'], // NOPE
  [4, 'period', 'VITALS_E_INVALID_PERIOD'], // 2023Q5
  [5, 'period', 'VITALS_E_PERIOD_TYPE_MISMATCH'], // a month for the yearly POP
  [6, 'region', 'VITALS_E_UNKNOWN_REGION'], // 999999
  [7, 'region', 'VITALS_E_AMBIGUOUS_REGION'], // 朝阳区: Beijing or Changchun
  [8, 'region', 'VITALS_E_REGION_INACTIVE'], // 桥东区, abolished 2014
  [9, 'value', 'VITALS_E_VALUE_OUT_OF_RANGE'], // 123 %
  [10, 'value', 'VITALS_E_VALUE_NOT_INTEGER'], // 12.5 people
  [11, 'value', 'VITALS_E_VALUE_UNEXPECTED_PERCENT'], // 12% people
  [12, 'value', 'VITALS_E_VALUE_OUT_OF_RANGE'], // −5 births
  [16, null, 'VITALS_E_DUPLICATE_CONFLICT'], // 11 ≠ 10 of row 15
  [17, 'region', 'VITALS_E_MISSING_FIELD'],
  [18, 'value', 'VITALS_E_VALUE_OUT_OF_RANGE'], // a 0/1 flag of 2
];

const located = (p: ImportProblem): [number | null, string | null, string] => [p.row, p.column, p.code];

describe(`bad input on ${testEngine()}`, () => {
  it('lists every problem with row, column and reason, and writes nothing', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { path: BAD }, { actor: 'alice' });
    expect(report.status).toBe('rejected');
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors.map(located)).toEqual(EXPECTED_ERRORS);
    // 17 data rows; rejected: 2–12 (11 rows), both rows of the conflict (15, 16), 17 and 18.
    expect(report.counts).toMatchObject({ read: 17, rejected: 15, duplicates: 1, inserted: 0, updated: 0 });
    expect(report.problems.filter((p) => p.severity === 'warning').map(located)).toEqual([[14, null, 'VITALS_W_DUPLICATE_ROW']]);
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130102', period: '2022' }))?.value).toBe(1000);
    expect((await repos.importBatches.get(report.batchId))?.status).toBe('rejected');
  });

  it('says why in Chinese and English, naming the value and both rows of a conflict', async () => {
    const report = await importDataValues(t.db, { path: BAD }, { actor: 'alice' });
    const at = (row: number) => report.problems.find((p) => p.row === row && p.severity === 'error')!;
    expect(at(2).message).toEqual({ zh: '不是有效的数值：abc', en: 'not a number: abc' });
    expect(at(2).value).toBe('abc');
    expect(at(7).message.en).toContain('ambiguous region name: 朝阳区');
    expect(at(7).message.en).toContain('110105');
    expect(at(7).message.en).toContain('220104');
    expect(at(8).message.zh).toBe('地区 130103 桥东区 在期间 2023 不存在（有效期 1980-01-01 至 2014-09-01）');
    expect(at(9).message.en).toBe('value 123 is outside the allowed range 0–100 (unit: %)');
    expect(at(11).message.zh).toBe('数值 12% 带有百分号，但数据元 POP 的单位是 人');
    expect(at(16).message.en).toBe('same data as row 15 (LIVE_BIRTHS|130104|2019) but a different value: 10 ≠ 11');
    expect(at(16).message.zh).toContain('与第 15 行');
    expect(at(5).message.en).toBe('period 2023M01 is of type month 月 but data element POP is reported by year 年');
  });

  it('with partial, loads only the valid rows and reports the rest', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { path: BAD }, { actor: 'alice', partial: true });
    expect(report.status).toBe('committed');
    // Only row 13 (row 14 repeats it); neither row of the 15/16 conflict.
    expect(report.counts).toMatchObject({ inserted: 1, updated: 0, rejected: 15, duplicates: 1, valid: 1 });
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130104', period: '2019' }))?.value).toBe(100);
    expect(await repos.dataValues.get({ dataElement: 'LIVE_BIRTHS', region: '130104', period: '2019' })).toBeUndefined();
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130102', period: '2022' }))?.value).toBe(1000);
    expect(await tableCounts(t.db)).toEqual({ values: before.values + 1, audit: before.audit + 1 });
  });

  it('rejects a file without the required columns, naming them and the accepted names', async () => {
    const report = await importDataValues(t.db, { bytes: Buffer.from('地区,年份,数值\n长安区,2023,5\n'), fileName: 'x.csv' }, { actor: 'a' });
    expect(report.status).toBe('rejected');
    const missing = report.problems.filter((p) => p.code === 'VITALS_E_IMPORT_MISSING_COLUMN');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message.en).toContain('missing required column: dataElement');
    expect(missing[0]!.message.zh).toContain('指标');
    expect(report.counts.read).toBe(0);
  });

  it('rejects a table without any recognisable header', async () => {
    const report = await importDataValues(t.db, { bytes: Buffer.from('a,b,c\n1,2,3\n'), fileName: 'x.csv' }, { actor: 'a' });
    expect(report.status).toBe('rejected');
    expect(report.problems.map((p) => p.code)).toEqual(['VITALS_E_IMPORT_MISSING_COLUMN']);
  });

  it('rejects malformed JSON, an empty file and an old .xls with a clear reason', async () => {
    const json = await importDataValues(t.db, { bytes: Buffer.from('{"dataValues": [ {"a": 1 '), fileName: 'x.json' }, { actor: 'a' });
    expect(json.status).toBe('rejected');
    expect(json.problems[0]!.message.en).toMatch(/^invalid input: malformed JSON/);
    const empty = await importDataValues(t.db, { bytes: Buffer.alloc(0), fileName: 'x.json' }, { actor: 'a' });
    expect(empty.problems[0]!.message.en).toBe('invalid input: the file is empty');
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const old = await importDataValues(t.db, { bytes: xls, fileName: 'old.xls' }, { actor: 'a' });
    expect(old.problems[0]).toMatchObject({ code: 'VITALS_E_UNSUPPORTED_FORMAT', row: null });
    expect(old.problems[0]!.message.en).toContain('save it as .xlsx');
  });

  it('rejects values for the wrong disaggregation words and unknown age groups', async () => {
    const csv = 'region,data_element,period,sex,age_group,value\n130102,POP,2018,男女,,5\n130102,POP,2018,,99-100,5\n';
    const report = await importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'dims.csv' }, { actor: 'a' });
    expect(report.problems.map(located)).toEqual([
      [2, 'sex', 'VITALS_E_INVALID_DISAGGREGATION'],
      [3, 'age_group', 'VITALS_E_INVALID_DISAGGREGATION'],
    ]);
    expect(report.problems[1]!.message.en).toBe('invalid disaggregation value: 99-100 (allowed: total / 0-4 / 65+)');
  });

  it('stops at a CSV record it cannot read, and rejects the file', async () => {
    const csv = 'region,data_element,period,value,comment\n130102,POP,2017,5,ok\n130102,POP,2016,6,"never closed\n';
    const report = await importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'quote.csv' }, { actor: 'a' });
    expect(report.status).toBe('rejected');
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([[null, 'VITALS_E_INVALID_INPUT']]);
    expect(report.problems[0]!.message.en).toBe('invalid input: cannot read the file as CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3');
    expect(await repos.dataValues.get({ dataElement: 'POP', region: '130102', period: '2017' })).toBeUndefined();
  });
});
