/**
 * DHIS2 dataValueSets JSON, with DHIS2's own test payloads (test/fixtures/dhis2, see its README)
 * and the outcomes ../shared/reference/dhis2-samples/EXPECTATIONS.md states. Vitals follows the
 * 2.43+ ("new") behaviour where the two differ: zero is a value, not a deletion. Deletions
 * (`importStrategy=DELETE`, `deleted: true`) are never applied by an import.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataValues } from '../../src/services/export/index.js';
import { importDataValues, type Dhis2IdMap } from '../../src/services/import/index.js';
import { createRepositories, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedImport, tableCounts } from '../fixtures/import/seed.js';

const DIR = new URL('../fixtures/dhis2/', import.meta.url).pathname;
const payload = (file: string) => ({ path: `${DIR}${file}` });

let t: TestDatabase;
let repos: Repositories;

interface DerivedMeta {
  dataElements: { id: string; code: string; name: string; valueType: string; periodType: string | null }[];
  categoryOptionCombos: { id: string; name: string }[];
}
const meta = JSON.parse(readFileSync(`${DIR}e2e-metadata-derived.json`, 'utf8')) as DerivedMeta;
const bulk = JSON.parse(readFileSync(`${DIR}dataValues_bulk.json`, 'utf8')) as { dataValues: { dataElement: string; categoryOptionCombo: string; value: string; period: string }[] };

/**
 * The id map a Vitals administrator would write for DHIS2's e2e metadata: data elements by their
 * DHIS2 code, Bo (O6uvpzGd5pu) → 新华区, age/sex combos → sex and age group, and the three
 * "foci" classifications (not a Vitals dimension) → one data element each via `de.coc`.
 */
function e2eIdMap(): { idMap: Dhis2IdMap; fociElements: { code: string; periodType: 'month' | 'year' }[] } {
  const cocName = new Map(meta.categoryOptionCombos.map((c) => [c.id, c.name]));
  const byId = new Map(meta.dataElements.map((d) => [d.id, d]));
  const combos: Record<string, { sex?: 'male' | 'female'; ageGroup?: string }> = {};
  for (const c of meta.categoryOptionCombos) {
    const m = /^TA (\d+-\d+|\d+\+) years(?:, (Female|Male))?$/.exec(c.name);
    if (m) combos[c.id] = { ageGroup: m[1]!, ...(m[2] ? { sex: m[2].toLowerCase() as 'male' | 'female' } : {}) };
  }
  const dataElements: Record<string, string> = Object.fromEntries(meta.dataElements.map((d) => [d.id, d.code]));
  const fociElements: { code: string; periodType: 'month' | 'year' }[] = [];
  for (const v of bulk.dataValues) {
    const name = cocName.get(v.categoryOptionCombo);
    if (!name?.endsWith('foci')) continue;
    const de = byId.get(v.dataElement)!;
    const code = `${de.code}_${name.replace(/^TA /, '').replace(/[^A-Za-z]+/g, '_').toUpperCase()}`;
    dataElements[`${v.dataElement}.${v.categoryOptionCombo}`] = code;
    fociElements.push({ code, periodType: de.periodType === 'Yearly' ? 'year' : 'month' });
  }
  return { idMap: { dataElements, orgUnits: { O6uvpzGd5pu: '130105' }, categoryOptionCombos: combos }, fociElements };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedImport(t.db);
  repos = createRepositories(t.db);
  // DE_A of DHIS2's integration tests: a monthly INTEGER element (f7n9E0hX8qk in the payloads).
  const elements = [{ code: 'DE_A', name: { zh: '麻疹（DHIS2 测试数据元 A）' }, unit: '例', aggregation: 'sum' as const, periodType: 'month' as const }];
  const { fociElements } = e2eIdMap();
  for (const d of meta.dataElements.filter((x) => x.periodType !== null)) {
    elements.push({ code: d.code, name: { zh: d.name }, unit: d.valueType === 'BOOLEAN' ? '0/1' : '例', aggregation: 'sum', periodType: d.periodType === 'Yearly' ? ('year' as never) : 'month' });
  }
  for (const f of fociElements) elements.push({ code: f.code, name: { zh: f.code }, unit: '例', aggregation: 'sum', periodType: f.periodType as never });
  await repos.metadata.upsertDataElements(elements);
  await t.db.insertInto('age_group').values([{ code: '5-14', name_zh: '5-14岁', sort_order: 3 }, { code: '15+', name_zh: '15岁及以上', sort_order: 4 }]).execute();
});
afterAll(() => t?.dispose());

const J_MAP: Dhis2IdMap = { dataElements: { f7n9E0hX8qk: 'DE_A' }, orgUnits: { DiszpKrYNg8: '130102' } };
const J_KEY = { dataElement: 'DE_A', region: '130102', period: '2012M01' };

describe(`DHIS2 dataValueSets on ${testEngine()}`, () => {
  it('dataValueSetJ: one value "10" on an empty database → 1 row (EXPECTATIONS §1)', async () => {
    const report = await importDataValues(t.db, payload('dataValueSetJ.json'), { actor: 'dhis2', idMap: J_MAP });
    expect(report.file.format).toBe('dhis2');
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ read: 1, inserted: 1, updated: 0 });
    expect((await repos.dataValues.get(J_KEY))?.value).toBe(10); // DHIS2 201201 = Vitals 2012M01
  });

  it('J again: unchanged, nothing written', async () => {
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, payload('dataValueSetJ.json'), { actor: 'dhis2', idMap: J_MAP });
    expect(report.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('JDeleteNoValue (no value): skipped, the stored value stays (no delete strategy in Vitals)', async () => {
    const report = await importDataValues(t.db, payload('dataValueSetJDeleteNoValue.json'), { actor: 'dhis2', idMap: J_MAP });
    expect(report.counts).toMatchObject({ read: 1, empty: 1, inserted: 0, updated: 0 });
    expect((await repos.dataValues.get(J_KEY))?.value).toBe(10);
  });

  it('JDeleteZeroValue ("0", default strategy): stored as 0, 1 row — the 2.43+ outcome', async () => {
    const report = await importDataValues(t.db, payload('dataValueSetJDeleteZeroValue.json'), { actor: 'dhis2', idMap: J_MAP });
    expect(report.counts).toMatchObject({ updated: 1 });
    expect(await repos.dataValues.get(J_KEY)).toMatchObject({ value: 0, version: 2 });
    expect((await repos.dataValues.find({ dataElements: ['DE_A'] })).length).toBe(1);
  });

  it('JDeleteNewValue ("9", default strategy): an ordinary update', async () => {
    const report = await importDataValues(t.db, payload('dataValueSetJDeleteNewValue.json'), { actor: 'dhis2', idMap: J_MAP });
    expect(report.counts).toMatchObject({ updated: 1 });
    expect((await repos.dataValues.get(J_KEY))?.value).toBe(9);
  });

  it('CreateDate → CreateDateUpdated: supplied dates ignored; value 22 and comment "new comment"', async () => {
    const map: Dhis2IdMap = { dataElements: { f7n9E0hX8qk: 'DE_A' }, orgUnits: { DiszpKrYNg8: '130104' } };
    const key = { ...J_KEY, region: '130104' };
    await importDataValues(t.db, payload('dataValueSetCreateDate.json'), { actor: 'dhis2', idMap: map });
    const first = await repos.dataValues.get(key);
    expect(first).toMatchObject({ value: 20, comment: null, version: 1 });
    expect(first!.createdAt.getUTCFullYear()).toBeGreaterThan(2020); // not the payload's 1988
    const report = await importDataValues(t.db, payload('dataValueSetCreateDateUpdated.json'), { actor: 'dhis2', idMap: map });
    expect(report.counts).toMatchObject({ updated: 1 });
    const second = await repos.dataValues.get(key);
    expect(second).toMatchObject({ value: 22, comment: 'new comment', version: 2 });
    expect(second!.createdAt.getTime()).toBe(first!.createdAt.getTime());
    expect(second!.updatedAt.getTime()).toBeGreaterThan(second!.createdAt.getTime()); // created ≠ lastUpdated
  });

  it('dataValues_bulk (e2e): 231 values, no conflicts, nothing ignored (EXPECTATIONS §4)', async () => {
    const { idMap } = e2eIdMap();
    const report = await importDataValues(t.db, payload('dataValues_bulk.json'), { actor: 'dhis2', idMap });
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ read: 231, valid: 231, inserted: 231, rejected: 0, empty: 0 });
    expect((await repos.dataValues.get({ dataElement: 'TA_GEN_EXT_FUND', region: '130105', period: '2018' }))?.value).toBe(500000);
    // The one value with a comment is a BOOLEAN "true" → 1.
    const important = (await repos.dataValues.find({ regions: ['130105'] })).filter((v) => v.comment === 'Important!');
    expect(important.map((v) => v.value)).toEqual([1]);
    // Re-import: unchanged, no audit row.
    const before = await tableCounts(t.db);
    const again = await importDataValues(t.db, payload('dataValues_bulk.json'), { actor: 'dhis2', idMap });
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 231 });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('dataValues_single_dataset: envelope fields; ≥ 2 values, echoed back by a DHIS2 export', async () => {
    const { idMap } = e2eIdMap();
    const report = await importDataValues(t.db, payload('dataValues_single_dataset.json'), { actor: 'dhis2', idMap });
    expect(report.counts).toMatchObject({ inserted: 2, rejected: 0 });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const summary = await exportDataValues(t.db, out, { dataElements: [idMap.dataElements!.BjDrgVrkBI3!], region: '130105', from: '2019M11', to: '2019M11' }, { format: 'dhis2', idMap });
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { dataValues: Record<string, string>[] };
    expect(summary.rows).toBe(2);
    expect(exported.dataValues.map((v) => [v.dataElement, v.period, v.orgUnit, v.categoryOptionCombo, v.value]).sort()).toEqual([
      ['BjDrgVrkBI3', '201911', 'O6uvpzGd5pu', 'oPcWGgS2Liz', '1000'],
      ['BjDrgVrkBI3', '201911', 'O6uvpzGd5pu', 'rtfSaMjPyq6', '2000'],
    ]);
  });

  it('android data_values: unmapped combos and a wrong period type are each reported', async () => {
    const map: Dhis2IdMap = { dataElements: { g9eOBujte1U: 'LIVE_BIRTHS' }, orgUnits: { DiszpKrYNg8: '130102' } };
    const before = await tableCounts(t.db);
    const report = await importDataValues(t.db, payload('android_data_values.json'), { actor: 'dhis2', idMap: map });
    expect(report.status).toBe('rejected');
    const coc = (row: number, id = 'Gmbgme7z9BF') => [row, 'categoryOptionCombo', id];
    const aoc = (row: number) => [row, 'attributeOptionCombo', 'bRowv6yZOF2'];
    expect(report.problems.map((p) => [p.row, p.column, p.value])).toEqual([
      coc(1), aoc(1), coc(2), aoc(2), coc(3), aoc(3),
      coc(4), aoc(4), [4, 'period', '201907'],
      coc(5, 'bRowv6yZOF2'), aoc(5), [5, 'period', '201907'],
    ]);
    expect(report.problems[0]!.message.en).toBe('no Vitals mapping for categoryOptionCombo Gmbgme7z9BF (add it to the id map)');
    expect(await tableCounts(t.db)).toEqual(before);

    // Once the combos are mapped, the three yearly values load (partial: the monthly two stay out).
    const mapped: Dhis2IdMap = { ...map, categoryOptionCombos: { Gmbgme7z9BF: { sex: 'female' } }, defaultCombos: ['bRowv6yZOF2'] };
    const second = await importDataValues(t.db, payload('android_data_values.json'), { actor: 'dhis2', idMap: mapped, partial: true });
    expect(second.counts).toMatchObject({ inserted: 3, rejected: 2 });
    expect(await repos.dataValues.get({ dataElement: 'LIVE_BIRTHS', region: '130102', period: '2018', sex: 'female' })).toMatchObject({ value: 10, comment: 'N/A' });
  });

  it('refuses deleted: true and a non-default attribute option combo', async () => {
    const body = { dataValues: [{ dataElement: 'DE_A', period: '201203', orgUnit: '130102', value: '5', deleted: true }] };
    const report = await importDataValues(t.db, { bytes: Buffer.from(JSON.stringify(body)), fileName: 'del.json' }, { actor: 'dhis2' });
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([[1, 'deleted', 'VITALS_E_DHIS2_DELETE']]);
  });
});
