/**
 * The import service on real-world CSV: encodings, title rows, full-width and grouped numbers,
 * percentages, missing marks, names instead of codes; idempotent re-import; dry run.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VitalsError } from '../../src/core/errors.js';
import { importDataValues, type ImportReport } from '../../src/services/import/index.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { FIXTURES, seedImport, tableCounts } from '../fixtures/import/seed.js';

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

const errorsOf = (report: ImportReport) => report.problems.filter((p) => p.severity === 'error');
const codesOf = (report: ImportReport) => report.problems.map((p) => p.code);

describe(`CSV import on ${testEngine()}`, () => {
  it('reads a UTF-8 file with BOM, a title row, full-width digits, separators, % and missing marks', async () => {
    const report = await importDataValues(t.db, { path: `${FIXTURES}shijiazhuang-2023-utf8-bom.csv` }, { actor: 'alice' });
    expect(errorsOf(report)).toEqual([]);
    expect(report.status).toBe('committed');
    expect(report.file).toMatchObject({ format: 'csv', encoding: 'utf8', headerRow: 2 });
    // Data rows 3–9, 11, 12 (row 10 is blank, row 13 the note): 9 read; rows 7, 8, 9 hold —, -, NA.
    expect(report.counts).toEqual({ read: 9, valid: 6, inserted: 6, updated: 0, unchanged: 0, empty: 3, duplicates: 0, rejected: 0 });
    expect(await value('POP', '130102', '2023')).toBe(123456); // １２３，４５６
    expect(await value('POP', '130104', '2023')).toBe(1234567); // 1,234,567; 桥西区 of 石家庄市 by the 市 column
    expect(await value('HEALTH_LITERACY_VALUE', '130102', '2023')).toBe(23.5); // 23.5%
    expect(await value('HEALTH_LITERACY_VALUE', '130104', '2023')).toBe(24.1); // ２４．１
    expect(await value('IMR_VALUE', '130105', '2023')).toBe(3.2); // 3.2‰ on a ‰ element
    expect(await value('LE_VALUE', '130100', '2023')).toBe(78.6); // "LE" → LE_VALUE, region = the city
    expect(await value('BEDS', '130102', '2023')).toBeUndefined(); // — skipped, not stored
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130104', period: '2023' }))?.comment).toBe('含流动人口');
    const warnings = report.problems.filter((p) => p.severity === 'warning');
    expect(warnings.map((w) => w.code).sort()).toEqual(['VITALS_W_EMPTY_VALUE', 'VITALS_W_IGNORED_COLUMN']);
    expect(warnings.find((w) => w.code === 'VITALS_W_EMPTY_VALUE')!.message.en).toContain('rows 7, 8, 9');
    expect(warnings.find((w) => w.code === 'VITALS_W_IGNORED_COLUMN')!.message.zh).toContain('填报人');
    // First inserts are audited per batch (docs/import.md): one row for the province, naming the
    // batch, the file, the count and the key range. Keys in byte order: HEALTH_LITERACY_VALUE…
    // < IMR_VALUE… < LE_VALUE… < POP|130102… < POP|130104…
    const audit = await repos.audit.query({ entity: 'data_value', batchId: report.batchId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      provinceCode: '130000', region: '130000', actor: 'alice', action: 'insert_batch', entityKey: `batch ${report.batchId}`, reason: 'import shijiazhuang-2023-utf8-bom.csv',
      newValue: { batch: report.batchId, fileHash: report.file.hash, count: 6, firstKey: 'HEALTH_LITERACY_VALUE|130102|2023|total|total|total', lastKey: 'POP|130104|2023|total|total|total', version: 1 },
    });
    // The values themselves stay recoverable: version 1, by alice, created in the audit row's transaction.
    const { rows: created } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM data_value WHERE row_version = 1 AND created_by = 'alice'
        AND created_at = (SELECT occurred_at FROM audit_log WHERE id = ${audit[0]!.id})`.execute(t.db);
    expect(created[0]!.n).toBe(6);
    const batch = await repos.importBatches.get(report.batchId);
    expect(batch).toMatchObject({ status: 'committed', actor: 'alice', fileName: 'shijiazhuang-2023-utf8-bom.csv' });
    expect(batch!.counts).toMatchObject({ read: 9, inserted: 6, rejected: 0 });
    expect(batch!.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-importing the same file changes nothing and writes no audit row', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { path: `${FIXTURES}shijiazhuang-2023-utf8-bom.csv` }, { actor: 'bob' });
    expect(report.status).toBe('committed');
    expect(report.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });
    expect(report.previousImport?.batchId).toBeLessThan(report.batchId);
    expect(codesOf(report)).toContain('VITALS_W_ALREADY_IMPORTED');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130102', period: '2023' }))?.updatedBy).toBe('alice');
  });

  it('reads the same table saved by Chinese Excel as GB18030 and finds it unchanged', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { path: `${FIXTURES}shijiazhuang-2023-gbk.csv` }, { actor: 'carol' });
    expect(errorsOf(report)).toEqual([]);
    expect(report.file.encoding).toBe('gb18030');
    // Same content, different bytes: not "already imported", but every value is unchanged.
    expect(report.previousImport).toBeUndefined();
    expect(report.counts).toMatchObject({ read: 9, valid: 6, inserted: 0, updated: 0, unchanged: 6, empty: 3 });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('reading GB18030 bytes as UTF-8 when told to is refused, and nothing is written', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { path: `${FIXTURES}shijiazhuang-2023-gbk.csv` }, { actor: 'carol', encoding: 'utf8' });
    expect(report.status).toBe('rejected');
    expect(errorsOf(report).map((p) => p.code)).toEqual(['VITALS_E_ENCODING']);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('dry run reports inserts and updates with old values and writes no value', async () => {
    const csv = ['地区代码,指标代码,期间,数值', '130102,POP,2023,123457', '130105,POP,2023,500000', '130104,POP,2023,"1,234,567"'].join('\n');
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'dry.csv' }, { actor: 'dave', dryRun: true });
    expect(report.status).toBe('dry_run');
    expect(report.counts).toMatchObject({ read: 3, inserted: 1, updated: 1, unchanged: 1 });
    expect(report.changes).toEqual([
      expect.objectContaining({ row: 2, action: 'update', dataElement: 'POP', region: '130102', oldValue: 123456, newValue: 123457 }),
      expect.objectContaining({ row: 3, action: 'insert', region: '130105', oldValue: undefined, newValue: 500000 }),
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await value('POP', '130102', '2023')).toBe(123456);
    expect((await repos.importBatches.get(report.batchId))?.status).toBe('dry_run');
  });

  it('an update writes exactly one audit row with the old and the new value', async () => {
    const csv = 'region,data_element,period,value,comment\n130102,POP,2023,123457,核对后更正\n';
    const report = await importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'fix.csv' }, { actor: 'erin' });
    expect(report.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const audit = await repos.audit.query({ batchId: report.batchId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'erin', action: 'update', reason: 'import fix.csv', oldValue: { value: 123456 }, newValue: { value: 123457, comment: '核对后更正' } });
  });

  it('resolves 朝阳区 with a province or prefecture column and reads tab-separated text', async () => {
    const tsv = ['省\t市\t地区\t指标\t期间\t数值', '北京市\t\t朝阳区\tPOP\t2024\t3452000', '\t长春市\t朝阳区\tPOP\t2024\t700000'].join('\r\n');
    const report = await importDataValues(t.db, { bytes: Buffer.from(tsv), fileName: 'chaoyang.txt' }, { actor: 'frank' });
    expect(errorsOf(report)).toEqual([]);
    expect(await value('POP', '110105', '2024')).toBe(3452000);
    expect(await value('POP', '220104', '2024')).toBe(700000);
  });

  it('accepts 12-digit statistical codes, lenient periods, monthly elements and disaggregations', async () => {
    const csv = [
      'region,indicator,period,sex,age_group,area,value',
      '130102000000,OUTPATIENT_VISITS,2024年7月,,,,1200',
      '130102,OUTPATIENT_VISITS,2024-08,男,65岁及以上,农村,300',
      '130102,POP,2024年,女,0-4,城市,5000',
    ].join('\n');
    const report = await importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'dims.csv' }, { actor: 'gina' });
    expect(errorsOf(report)).toEqual([]);
    expect(await value('OUTPATIENT_VISITS', '130102', '2024M07')).toBe(1200);
    expect((await repos.dataValues.get({ dataElement: 'OUTPATIENT_VISITS', region: '130102', period: '2024M08', sex: 'male', ageGroup: '65+', area: 'rural' }))?.value).toBe(300);
    expect((await repos.dataValues.get({ dataElement: 'POP', region: '130102', period: '2024', sex: 'female', ageGroup: '0-4', area: 'urban' }))?.value).toBe(5000);
  });

  it('beforeCommit sees every written value inside the transaction; throwing rolls the import back', async () => {
    const csv = 'region,data_element,period,value\n130102,BEDS,2024,300\n130104,BEDS,2024,400\n130105,BEDS,2024,\n';
    const seen: unknown[] = [];
    const before = await tableCounts(t.db);
    const refusal = new VitalsError('VITALS_E_OUT_OF_SCOPE', { region: '130104' });
    await expect(
      importDataValues(t.db, { bytes: Buffer.from(csv), fileName: 'hook.csv' }, {
        actor: 'hank',
        beforeCommit: async (trx, written) => {
          seen.push(...written.values);
          // The values are visible inside the transaction…
          expect((await createRepositories(trx).dataValues.get({ dataElement: 'BEDS', region: '130104', period: '2024' }))?.value).toBe(400);
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(seen).toEqual([
      { row: 2, dataElement: 'BEDS', region: '130102', period: '2024', sex: 'total', ageGroup: 'total', area: 'total', value: 300 },
      { row: 3, dataElement: 'BEDS', region: '130104', period: '2024', sex: 'total', ageGroup: 'total', area: 'total', value: 400 },
    ]);
    // …and gone after the refusal; the batch says rejected.
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await repos.importBatches.list(1))[0]).toMatchObject({ status: 'rejected', fileName: 'hook.csv' });
  });
});
