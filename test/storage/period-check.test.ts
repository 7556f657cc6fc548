/**
 * Migration 0055: the period CHECK of data_value and aggregate_value is a cheap shape test
 * (length 4, 6 or 7; digits and H, Q, M only) instead of a regular expression. It still refuses
 * garbage that bypasses the application, and admits every period code.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const repos = createRepositories(t.db);
  await repos.regions.upsertMany([
    { code: '000000', name: '全国', level: 'nation', parentCode: null, validFrom: '1980-01-01', validTo: null },
    { code: '110000', name: '北京市', level: 'province', parentCode: '000000', validFrom: '1980-01-01', validTo: null },
  ]);
  await repos.metadata.upsertDataElements([{ code: 'BEDS', name: { zh: '床位数' }, unit: '张', aggregation: 'sum', periodType: 'month' }]);
});
afterAll(() => t?.dispose());

const insert = (period: string) => sql`
  INSERT INTO data_value (province_code, region_code, period, data_element_id, value, created_by, updated_by)
  SELECT '110000', '110000', ${period}, id, 1, 'raw', 'raw' FROM data_element WHERE code = 'BEDS'`.execute(t.db);

describe(`period CHECK on ${testEngine()}`, () => {
  it.each(['2025', '2025H1', '2025Q3', '2025M07'])('admits %s', async (period) => {
    await insert(period);
  });

  it.each([
    ['', 'empty'], ['25', 'too short'], ['20251', 'length 5'], ['2025M071', 'too long'],
    ['2025-07', 'a hyphen'], ['2025X1', 'a letter other than H, Q, M'], ['2025m07', 'lower case'],
  ])('refuses %j (%s)', async (period) => {
    await expect(insert(period)).rejects.toMatchObject({ code: '23514', constraint: 'data_value_period_shape' });
  });

  it('aggregate_value has the same constraint, validated, and the regex CHECKs are gone', async () => {
    const { rows } = await sql<{ conname: string; convalidated: boolean }>`
      SELECT conname, convalidated FROM pg_constraint
      WHERE conrelid IN ('data_value'::regclass, 'aggregate_value'::regclass) AND conname IN ('data_value_period_check', 'aggregate_value_period_check', 'data_value_period_shape', 'aggregate_value_period_shape') ORDER BY conname`.execute(t.db);
    expect(rows).toEqual([
      { conname: 'aggregate_value_period_shape', convalidated: true },
      { conname: 'data_value_period_shape', convalidated: true },
    ]);
  });
});
