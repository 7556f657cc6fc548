import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type DataValueInput, type Repositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedBasics, valueGrid } from '../support/factories.js';

let t: TestDatabase;
let repos: Repositories;
const who = { actor: 'tester' };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedBasics(t.db);
  repos = createRepositories(t.db);
});
afterAll(() => t?.dispose());

const auditFor = (keyPrefix: string) =>
  t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'data_value').where('entity_key', 'like', `${keyPrefix}%`).orderBy('id').execute();

describe(`data values on ${testEngine()}`, () => {
  it('writes one audit row per change and none for unchanged values (row path)', async () => {
    const first = await repos.dataValues.upsert(
      [
        { dataElement: 'LIVE_BIRTHS', region: '130102', period: '2023', value: 5120, source: '卫生统计年报' },
        { dataElement: 'INFANT_DEATHS', region: '130102', period: '2023', value: 17 },
      ],
      { actor: 'alice', reason: 'annual report' },
    );
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0 });

    // One value changes, one is resent as it is.
    const second = await repos.dataValues.upsert(
      [
        { dataElement: 'LIVE_BIRTHS', region: '130102', period: '2023', value: 5120, source: '卫生统计年报' },
        { dataElement: 'INFANT_DEATHS', region: '130102', period: '2023', value: 16, comment: '核减1例重复报告' },
      ],
      { actor: 'bob', reason: 'correction' },
    );
    expect(second).toEqual({ inserted: 0, updated: 1, unchanged: 1 });

    const audit = await auditFor('INFANT_DEATHS|130102|2023');
    expect(audit).toHaveLength(2); // the insert and the one update
    expect(audit[1]).toMatchObject({
      actor: 'bob',
      action: 'update',
      reason: 'correction',
      province_code: '130000',
      region_code: '130102',
      period: '2023',
      entity_key: 'INFANT_DEATHS|130102|2023|total|total|total',
      old_value: { value: 17, comment: null, source: null, version: 1 },
      new_value: { value: 16, comment: '核减1例重复报告', source: null, version: 2 },
    });
    expect(await auditFor('LIVE_BIRTHS|130102|2023')).toHaveLength(1);

    const stored = await repos.dataValues.get({ dataElement: 'INFANT_DEATHS', region: '130102', period: '2023' });
    expect(stored).toMatchObject({ value: 16, version: 2, createdBy: 'alice', updatedBy: 'bob', provinceCode: '130000', comment: '核减1例重复报告' });
  });

  it('re-importing the same batch is a no-op on both paths', async () => {
    const batch = valueGrid(['POP'], ['130102', '130104'], ['2020', '2021', '2022']);
    const countAudit = async () => (await repos.audit.count({ entity: 'data_value' }));
    const before = await countAudit();
    // 1 element × 2 regions × 3 years = 6 values.
    expect(await repos.dataValues.upsert(batch, who, { path: 'bulk' })).toEqual({ inserted: 6, updated: 0, unchanged: 0 });
    expect(await countAudit()).toBe(before + 6);
    expect(await repos.dataValues.upsert(batch, who, { path: 'bulk' })).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    expect(await repos.dataValues.upsert(batch, who, { path: 'row' })).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    expect(await countAudit()).toBe(before + 6);
  });

  it('keeps a stored comment when the input omits it, clears it on null', async () => {
    const key = { dataElement: 'BEDS', region: '130104', period: '2024' };
    await repos.dataValues.upsert([{ ...key, value: 3000, comment: '含民营医院' }], who);
    await repos.dataValues.upsert([{ ...key, value: 3000 }], who); // comment omitted: unchanged
    expect(await repos.dataValues.get(key)).toMatchObject({ comment: '含民营医院', version: 1 });
    await repos.dataValues.upsert([{ ...key, value: 3000, comment: null }], who);
    expect(await repos.dataValues.get(key)).toMatchObject({ comment: null, version: 2 });
  });

  it('stores disaggregated values as separate keys next to the total', async () => {
    const base = { dataElement: 'POP', region: '110101', period: '2020' } as const;
    const result = await repos.dataValues.upsert(
      [
        { ...base, value: 708829 },
        { ...base, sex: 'male', value: 346181 },
        { ...base, sex: 'female', value: 362648 },
        { ...base, area: 'urban', value: 708829 },
      ],
      who,
    );
    expect(result.inserted).toBe(4);
    const rows = await repos.dataValues.find({ regions: ['110101'], dataElements: ['POP'] });
    expect(rows.map((r) => [r.sex, r.area, r.value])).toEqual([
      ['female', 'total', 362648],
      ['male', 'total', 346181],
      ['total', 'total', 708829],
      ['total', 'urban', 708829],
    ]);
    // 346181 + 362648 = 708829: the parts add up to the stored total.
    expect(rows[0]!.value! + rows[1]!.value!).toBe(rows[2]!.value);
  });

  it.each(['row', 'bulk'] as const)('detects an optimistic version conflict (%s path) and writes nothing', async (path) => {
    const key = { dataElement: 'LIVE_BIRTHS', region: '130104', period: path === 'row' ? '2019' : '2018' };
    await repos.dataValues.upsert([{ ...key, value: 100 }], who); // version 1
    await repos.dataValues.upsert([{ ...key, value: 101, expectedVersion: 1 }], who); // version 2
    const auditBefore = await repos.audit.count({ entity: 'data_value' });
    // A second editor still holds version 1; an unrelated new value in the same save must not land either.
    const stale = repos.dataValues.upsert(
      [
        { dataElement: 'POP', region: '130104', period: '2030', value: 1 },
        { ...key, value: 99, expectedVersion: 1 },
      ],
      who,
      { path },
    );
    await expect(stale).rejects.toMatchObject({ code: 'VITALS_E_CONFLICT', message: expect.stringContaining('expected version 1, found 2') });
    expect(await repos.dataValues.get(key)).toMatchObject({ value: 101, version: 2 });
    expect(await repos.dataValues.get({ dataElement: 'POP', region: '130104', period: '2030' })).toBeUndefined();
    expect(await repos.audit.count({ entity: 'data_value' })).toBe(auditBefore);
    // expectedVersion 0 means "must not exist yet".
    await expect(repos.dataValues.upsert([{ ...key, value: 5, expectedVersion: 0 }], who, { path })).rejects.toMatchObject({ code: 'VITALS_E_CONFLICT' });
  });

  it('rejects bad input with every problem named, before touching the database', async () => {
    const bad = [
      { dataElement: 'POP', region: '130102', period: '2025Q5', value: 1 },
      { dataElement: 'POP', region: '130102', period: '2025', value: Number.NaN },
      { dataElement: 'POP', region: '130102', period: '2025', value: 2, sex: 'x' },
      { dataElement: 'POP', region: '130102', period: '2024', value: 3 },
      { dataElement: 'POP', region: '130102', period: '2024', value: 4 },
    ] as unknown as DataValueInput[];
    const error = await repos.dataValues.upsert(bad, who).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    const problems = (error as { details: string[] }).details;
    expect(problems).toEqual([
      expect.stringMatching(/^item 1, period: "2025Q5"/),
      expect.stringMatching(/^item 2, value: NaN is not a finite number/),
      expect.stringMatching(/^item 3, sex: "x"/),
      expect.stringMatching(/^item 5, key: same .* as item 4/),
    ]);
  });

  it('names unknown regions and data elements', async () => {
    await expect(repos.dataValues.upsert([{ dataElement: 'POP', region: '139999', period: '2024', value: 1 }], who)).rejects.toMatchObject({
      code: 'VITALS_E_UNKNOWN_REGION',
      params: { value: '139999' },
    });
    await expect(repos.dataValues.upsert([{ dataElement: 'NOPE', region: '130102', period: '2024', value: 1 }], who)).rejects.toMatchObject({
      code: 'VITALS_E_NOT_FOUND',
      params: { what: 'data element NOPE' },
    });
  });

  it('rolls back only its own savepoint inside a caller transaction', async () => {
    await t.db.transaction().execute(async (trx) => {
      const inner = createRepositories(trx);
      await inner.dataValues.upsert([{ dataElement: 'POP', region: '130104', period: '2031', value: 7 }], who);
      await expect(inner.dataValues.upsert([{ dataElement: 'POP', region: '130104', period: '2031', value: 8, expectedVersion: 5 }], who)).rejects.toMatchObject({
        code: 'VITALS_E_CONFLICT',
      });
      // The transaction is still usable and the first write is intact.
      expect(await inner.dataValues.get({ dataElement: 'POP', region: '130104', period: '2031' })).toMatchObject({ value: 7 });
    });
    expect(await repos.dataValues.get({ dataElement: 'POP', region: '130104', period: '2031' })).toMatchObject({ value: 7, version: 1 });
  });

  it('the bulk path (COPY on a server, unnest on PGlite) stores exactly what the row path stores', async () => {
    expect(await repos.dataValues.bulkLoader()).toBe(testEngine() === 'postgres' ? 'copy' : 'unnest');
    // The same three-step story for two counties: 長安区 through the row path, 桥西区 through the bulk path.
    const story = (region: string): DataValueInput[][] => {
      const years = ['2010', '2011', '2012', '2013', '2014', '2015'];
      const load = years.map((period, i) => ({ dataElement: 'LIVE_BIRTHS', region, period, value: 1000 + i, source: 'file-a.csv' }));
      const revise = years.map((period, i) => ({
        dataElement: 'LIVE_BIRTHS',
        region,
        period,
        // 2010, 2011 unchanged; 2012 new value; 2013 same value new comment; 2014 to missing; 2015 odd text.
        value: i === 2 ? 1002.5 : i === 4 ? null : 1000 + i,
        ...(i === 3 ? { comment: '口径调整' } : {}),
        ...(i === 5 ? { comment: 'quote " comma , newline \n backslash \\ and \\.' } : {}),
      }));
      const more = [{ dataElement: 'INFANT_DEATHS', region, period: '2015', value: 0.1 + 0.2, comment: '' }];
      return [load, revise, more];
    };
    const results: Record<'row' | 'bulk', unknown[]> = { row: [], bulk: [] };
    for (const [region, path] of [['130102', 'row'], ['130104', 'bulk']] as const) {
      for (const batch of story(region)) results[path].push(await repos.dataValues.upsert(batch, { actor: 'loader', reason: 'compare', batchId: 42 }, { path }));
    }
    // load: 6 new; revise: 2012, 2013, 2014, 2015 changed (4), 2010–2011 unchanged (2); more: 1 new.
    const expected = [
      { inserted: 6, updated: 0, unchanged: 0 },
      { inserted: 0, updated: 4, unchanged: 2 },
      { inserted: 1, updated: 0, unchanged: 0 },
    ];
    expect(results.row).toEqual(expected);
    expect(results.bulk).toEqual(expected);

    const values = async (region: string) =>
      (await repos.dataValues.find({ regions: [region], periods: ['2010', '2011', '2012', '2013', '2014', '2015'] })).map(
        ({ region: _r, createdAt: _c, updatedAt: _u, ...rest }) => rest,
      );
    expect(await values('130104')).toEqual(await values('130102'));
    expect((await values('130104')).length).toBe(7);

    const audit = async (region: string) =>
      (await t.db.selectFrom('audit_log').selectAll().where('region_code', '=', region).where('batch_id', '=', 42).orderBy('entity_key').orderBy('id').execute()).map(
        ({ id: _i, occurred_at: _o, region_code: _r, entity_key, ...rest }) => ({ ...rest, key: entity_key.replace(region, 'R') }),
      );
    const rowAudit = await audit('130102');
    expect(rowAudit).toHaveLength(6 + 4 + 1);
    expect(await audit('130104')).toEqual(rowAudit);
  });

  it('takes the bulk path on its own above the threshold and counts correctly', async () => {
    // 2 elements × 2 counties × 150 months (2001M01…2013M06) = 600 values > 500.
    const months = Array.from({ length: 150 }, (_, i) => `${2001 + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`);
    const batch = valueGrid(['LIVE_BIRTHS', 'INFANT_DEATHS'], ['130102', '130104'], months);
    expect(await repos.dataValues.upsert(batch, who)).toEqual({ inserted: 600, updated: 0, unchanged: 0 });
    const changed = batch.map((v, i) => (i % 100 === 0 ? { ...v, value: (v.value as number) + 0.5 } : v));
    // Indices 0, 100, …, 500 change: 6 updates, 594 unchanged.
    expect(await repos.dataValues.upsert(changed, who)).toEqual({ inserted: 0, updated: 6, unchanged: 594 });
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM data_value WHERE period LIKE '20__M__' AND region_code IN ('130102', '130104')`.execute(t.db);
    expect(rows[0]!.n).toBe(600);
  });

  it('records an import batch and finds it again by file hash', async () => {
    const hash = 'a'.repeat(64);
    const id = await repos.importBatches.start({ actor: 'importer', fileName: '河北2022.csv', fileHash: hash, format: 'csv' });
    expect(await repos.importBatches.findCommittedByHash(hash)).toBeUndefined(); // still running
    const result = await repos.dataValues.upsert(
      [
        { dataElement: 'POP', region: '130102', period: '2022', value: 1 },
        { dataElement: 'POP', region: '130104', period: '2022', value: 2 },
      ],
      { actor: 'importer', batchId: id },
    );
    await repos.importBatches.finish(id, { status: 'committed', counts: { read: 2, ...result }, report: { problems: [] } });
    const batch = await repos.importBatches.findCommittedByHash(hash);
    // POP 2022 for both counties was stored by the "no-op" test with 100 + index; 1 and 2 are changes.
    expect(batch).toMatchObject({ id, status: 'committed', fileName: '河北2022.csv', counts: { read: 2, inserted: 0, updated: 2, unchanged: 0, rejected: 0 } });
    expect(batch?.finishedAt).toBeInstanceOf(Date);
    expect(await repos.audit.count({ batchId: id })).toBe(2);
  });
});

describe(`data value verification flags on ${testEngine()}`, () => {
  const auditJson = async (keyPrefix: string) => (await auditFor(keyPrefix)).map((a) => ({ action: a.action, old: a.old_value, new: a.new_value }));

  it.each([
    ['row', '2001'],
    ['bulk', '2002'],
  ] as const)('stores, keeps, changes and clears the flag with one audit row per change (%s path)', async (path, period) => {
    const key = { dataElement: 'BEDS', region: '110101', period };
    const prefix = `BEDS|110101|${period}|`;
    const save = (extra: Partial<DataValueInput>) => repos.dataValues.upsert([{ ...key, value: 5, source: '国家卫生健康统计年鉴', ...extra }], who, { path });

    expect(await save({ verification: 'confirmed_text' })).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await repos.dataValues.get(key)).toMatchObject({ verification: 'confirmed_text', version: 1 });
    // Same flag again, then the flag omitted: both leave the row and the audit log alone.
    expect(await save({ verification: 'confirmed_text' })).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await save({})).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await repos.dataValues.get(key)).toMatchObject({ verification: 'confirmed_text', version: 1 });
    expect(await auditFor(prefix)).toHaveLength(1);

    // Only the flag changes: that is a change, audited once with the old and the new flag.
    expect(await save({ verification: 'recalled_unverified' })).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    // null clears it: one more change.
    expect(await save({ verification: null })).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await repos.dataValues.get(key)).toMatchObject({ value: 5, verification: null, version: 3 });

    const base = { value: 5, comment: null, source: '国家卫生健康统计年鉴' };
    expect(await auditJson(prefix)).toEqual([
      { action: 'insert', old: null, new: { ...base, verification: 'confirmed_text', version: 1 } },
      { action: 'update', old: { ...base, verification: 'confirmed_text', version: 1 }, new: { ...base, verification: 'recalled_unverified', version: 2 } },
      { action: 'update', old: { ...base, verification: 'recalled_unverified', version: 2 }, new: { ...base, verification: null, version: 3 } },
    ]);
  });

  it('compares the flag stored by one path with the flag sent through the other', async () => {
    const rows = (flag: DataValueInput['verification']): DataValueInput[] =>
      ['2003', '2004', '2005'].map((period) => ({ dataElement: 'BEDS', region: '110101', period, value: 7, verification: flag }));
    expect(await repos.dataValues.upsert(rows('synthetic'), who, { path: 'row' })).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await repos.dataValues.upsert(rows('synthetic'), who, { path: 'bulk' })).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    // Bulk: 2004 alone gets a new flag, 2003 and 2005 resend theirs: 1 update, 2 unchanged.
    const mixed = rows('synthetic').map((r) => (r.period === '2004' ? { ...r, verification: 'confirmed_name_only' as const } : r));
    expect(await repos.dataValues.upsert(mixed, who, { path: 'bulk' })).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect(await repos.dataValues.upsert(mixed, who, { path: 'row' })).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const stored = await repos.dataValues.find({ regions: ['110101'], dataElements: ['BEDS'], periods: ['2003', '2004', '2005'] });
    expect(stored.map((v) => [v.period, v.verification, v.version])).toEqual([
      ['2003', 'synthetic', 1],
      ['2004', 'confirmed_name_only', 2],
      ['2005', 'synthetic', 1],
    ]);
    // 3 inserts + 1 update = 4 audit rows over the three keys.
    expect((await auditFor('BEDS|110101|200')).filter((a) => ['2003', '2004', '2005'].includes(a.period!))).toHaveLength(4);
  });

  it.each(['row', 'bulk'] as const)('rejects an unknown flag with its item and value named (%s path)', async (path) => {
    const bad = [
      { dataElement: 'BEDS', region: '110101', period: '2006', value: 1, verification: 'confirmed_text' },
      { dataElement: 'BEDS', region: '110101', period: '2007', value: 1, verification: 'sure' },
    ] as unknown as DataValueInput[];
    const error = await repos.dataValues.upsert(bad, who, { path }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    expect((error as { details: string[] }).details).toEqual([expect.stringMatching(/^item 2, verification: "sure" is not one of confirmed_text, .*synthetic$/)]);
    expect(await repos.dataValues.get({ dataElement: 'BEDS', region: '110101', period: '2006' })).toBeUndefined();
  });

  it('the database itself refuses an unknown flag (CHECK constraint)', async () => {
    const insert = (flag: string) => sql`
      INSERT INTO data_value (province_code, region_code, period, data_element_id, value, verification, created_by, updated_by)
      SELECT '110000', '110101', '2008', id, 1, ${flag}, 'raw', 'raw' FROM data_element WHERE code = 'BEDS'`.execute(t.db);
    await expect(insert('sure')).rejects.toMatchObject({ code: '23514', constraint: 'data_value_verification_check' });
    await insert('recalled_structure_confirmed');
    expect(await repos.dataValues.get({ dataElement: 'BEDS', region: '110101', period: '2008' })).toMatchObject({ verification: 'recalled_structure_confirmed' });
  });
});
