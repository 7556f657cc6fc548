import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataValueRepository, RegionRepository } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { region, sampleRegions } from '../support/factories.js';

let t: TestDatabase;
let regions: RegionRepository;

beforeAll(async () => {
  t = await createTestDatabase();
  regions = new RegionRepository(t.db);
  // Children before parents on purpose: the repository orders the writes itself.
  await regions.upsertMany([...sampleRegions()].reverse());
});
afterAll(() => t?.dispose());

describe(`regions on ${testEngine()}`, () => {
  it('derives path, depth and province from the parent links', async () => {
    expect(await regions.get('130102')).toMatchObject({
      code: '130102',
      name: '长安区',
      level: 'county',
      parentCode: '130100',
      provinceCode: '130000',
      path: ['000000', '130000', '130100', '130102'],
      depth: 3,
      validFrom: '1980-01-01',
      validTo: null,
      statisticalOnly: false,
    });
    expect(await regions.get('000000')).toMatchObject({ provinceCode: '000000', path: ['000000'], depth: 0 });
    expect(await regions.get('110000')).toMatchObject({ provinceCode: '110000', depth: 1 });
  });

  it('lists children and subtrees', async () => {
    expect((await regions.children('130100')).map((r) => r.code)).toEqual(['130102', '130104']);
    expect((await regions.list({ within: '130000' })).map((r) => r.code)).toEqual(['130000', '130100', '130102', '130104']);
    expect((await regions.list({ level: 'county' })).map((r) => r.code)).toEqual(['110101', '130102', '130104']);
    await expect(regions.require('999999')).rejects.toMatchObject({ code: 'VITALS_E_UNKNOWN_REGION' });
  });

  it('searches names: exact, then prefix, then contains', async () => {
    await regions.upsertMany([
      region('130105', '新华区', 'county', '130100'),
      region('130106', '长安新区', 'county', '130100', { statisticalOnly: true }),
      region('130107', '西长安区', 'county', '130100'),
    ]);
    expect((await regions.searchByName('长安区')).map((r) => r.code)).toEqual(['130102', '130107']);
    expect((await regions.searchByName('长安')).map((r) => r.code)).toEqual(['130102', '130106', '130107']);
    expect((await regions.searchByName('长安', { within: '110000' })).map((r) => r.code)).toEqual([]);
    expect((await regions.get('130106'))?.statisticalOnly).toBe(true);
    // LIKE wildcards in the text are literal.
    expect(await regions.searchByName('%')).toEqual([]);
  });

  it('records lineage and filters by effective date', async () => {
    // 2014: 桥西区 and 新华区 merged into a new district (an invented code for the test).
    await regions.upsertMany([
      region('130104', '桥西区', 'county', '130100', { validTo: '2014-09-01' }),
      region('130105', '新华区', 'county', '130100', { validTo: '2014-09-01' }),
      region('130199', '合并区', 'county', '130100', { validFrom: '2014-09-01', predecessors: ['130104', '130105'] }),
    ]);
    const merged = await regions.get('130199');
    expect(merged?.predecessors).toEqual(['130104', '130105']);
    const lineage = await regions.lineage('130104');
    expect(lineage.successors).toEqual([{ predecessor: '130104', successor: '130199', effectiveDate: '2014-09-01', kind: 'merge' }]);
    const active2010 = (await regions.children('130100', { activeOn: '2010-06-30' })).map((r) => r.code);
    const active2020 = (await regions.children('130100', { activeOn: '2020-06-30' })).map((r) => r.code);
    expect(active2010).toEqual(['130102', '130104', '130105', '130106', '130107']);
    expect(active2020).toEqual(['130102', '130106', '130107', '130199']);
  });

  it('moves stored descendants along when a region changes parent', async () => {
    // A reporting unit under 长安区, then 长安区 re-parented directly under the province.
    await regions.upsertMany([region('H001', '某县医院', 'unit', '130102', { unitKind: 'hospital' })]);
    expect(await regions.get('H001')).toMatchObject({ provinceCode: '130000', path: ['000000', '130000', '130100', '130102', 'H001'], unitKind: 'hospital' });
    await regions.upsertMany([region('130102', '长安区', 'county', '130000')]);
    expect(await regions.get('H001')).toMatchObject({ path: ['000000', '130000', '130102', 'H001'], depth: 3 });
  });

  it('refuses to move a region with data values to another province', async () => {
    await t.db.insertInto('data_element').values({ code: 'POP', name_zh: '人口', unit: '人', aggregation: 'sum', period_type: 'year' }).execute();
    await new DataValueRepository(t.db).upsert([{ dataElement: 'POP', region: '110101', period: '2020', value: 708829 }], { actor: 'test' });
    // 东城区 directly, or its prefecture (which would carry it along), under 河北省.
    await expect(regions.upsertMany([region('110101', '东城区', 'county', '130100')])).rejects.toMatchObject({
      code: 'VITALS_E_INVALID_INPUT',
      message: expect.stringContaining('110101 (110000 → 130000)'),
    });
    await expect(regions.upsertMany([region('110100', '市辖区', 'prefecture', '130000')])).rejects.toMatchObject({
      message: expect.stringContaining('110101 (110000 → 130000)'),
    });
    // Nothing moved: both writes were rolled back whole.
    expect(await regions.get('110100')).toMatchObject({ parentCode: '110000', provinceCode: '110000' });
    expect(await regions.get('110101')).toMatchObject({ parentCode: '110100', provinceCode: '110000' });
  });

  it('rejects a list with a duplicate code or an unknown parent', async () => {
    await expect(regions.upsertMany([region('120000', '天津市', 'province', '000000'), region('120000', '天津', 'province', '000000')])).rejects.toMatchObject({
      code: 'VITALS_E_INVALID_INPUT',
    });
    await expect(regions.upsertMany([region('120100', '市辖区', 'prefecture', '120000')])).rejects.toMatchObject({ code: 'VITALS_E_UNKNOWN_REGION', params: { value: '120000' } });
  });
});
