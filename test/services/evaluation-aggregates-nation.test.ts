/**
 * The national roll-up: the nation's rows (000000) combined from two provinces' rows, kept
 * fresh by the incremental refresh, covered by the consistency check, and the dashboards'
 * national indicator values following an approval-like refresh.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardRefresher, refreshDashboardsForValues } from '../../src/services/dashboard/index.js';
import { AggregateService } from '../../src/services/evaluation/index.js';
import { createRepositories } from '../../src/storage/index.js';
import { AggregateRepository, type AggregateRow } from '../../src/storage/repositories/aggregate.repository.js';
import { DashboardRepository } from '../../src/storage/repositories/dashboard.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { region } from '../support/factories.js';
import { seedWorld, store, v } from './evaluation.fixtures.js';

let t: TestDatabase;
let service: AggregateService;
let ids: Map<string, number>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedWorld(t.db);
  // A second province: 山西省 → 太原市 → 小店区, 迎泽区.
  await createRepositories(t.db).regions.upsertMany([
    region('140000', '山西省', 'province', '000000'), region('140100', '太原市', 'prefecture', '140000'),
    region('140105', '小店区', 'county', '140100'), region('140106', '迎泽区', 'county', '140100'),
  ]);
  service = new AggregateService(t.db);
  ids = new Map((await t.db.selectFrom('data_element').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  await store(t.db, [
    // Hebei (5 counties): deaths 2 + 3 = 5 from two counties, births 400 + 600 = 1000.
    v('INFANT_DEATHS', '130102', '2025', 2), v('INFANT_DEATHS', '130104', '2025', 3),
    v('LIVE_BIRTHS', '130102', '2025', 400), v('LIVE_BIRTHS', '130104', '2025', 600),
    // Shanxi (2 counties): deaths 1 + 2 = 3, births 500 + 500 = 1000.
    v('INFANT_DEATHS', '140105', '2025', 1), v('INFANT_DEATHS', '140106', '2025', 2),
    v('LIVE_BIRTHS', '140105', '2025', 500), v('LIVE_BIRTHS', '140106', '2025', 500),
    // Monthly births: Hebei 130102 in January only, Shanxi 140105 in January and February.
    v('LIVE_BIRTHS_M', '130102', '2025M01', 30), v('LIVE_BIRTHS_M', '140105', '2025M01', 40), v('LIVE_BIRTHS_M', '140105', '2025M02', 50),
  ]);
});
afterAll(() => t?.dispose());

async function nationRow(element: string, period: string): Promise<AggregateRow> {
  const rows = await new AggregateRepository(t.db).find({ provinceCode: '000000', dataElementIds: [ids.get(element)!], periods: [period] });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe(`national roll-up on ${testEngine()}`, () => {
  it('rebuilding each province brings the nation\'s rows along, combined from the provinces\' rows', async () => {
    await service.rebuild({ region: '130000' });
    await service.rebuild({ region: '140000' });
    // Deaths 5 + 3 = 8; leaves 5 (Hebei) + 2 (Shanxi) = 7 expected, 2 + 2 = 4 contributing.
    expect(await nationRow('INFANT_DEATHS', '2025')).toMatchObject({ provinceCode: '000000', region: '000000', value: 8, childrenExpected: 2, childrenContributing: 2, leavesExpected: 7, leavesContributing: 4 });
    // Monthly births, first quarter: 30 + 40 + 50 = 120; cells 5 × 3 + 2 × 3 = 21 expected, 3 contributing.
    const q1 = await nationRow('LIVE_BIRTHS_M', '2025Q1');
    expect(q1).toMatchObject({ value: 120, periodsExpected: 21, periodsContributing: 3 });
    expect(q1.completeness).toBeCloseTo(3 / 21, 12);
    // January alone: 30 + 40 = 70.
    expect((await nationRow('LIVE_BIRTHS_M', '2025M01')).value).toBe(70);
    expect(await service.verify('000000')).toMatchObject({ ok: true, differences: 0 });
  });

  it('rebuilds the nation alone from the stored province rows (region 000000)', async () => {
    await sql`DELETE FROM aggregate_value WHERE province_code = '000000'`.execute(t.db);
    expect((await service.verify('000000')).ok).toBe(false); // every nation row is missing now
    const report = await service.rebuild({ region: '000000' });
    // One nation row per element × period with province rows: INFANT_DEATHS 2025, LIVE_BIRTHS 2025,
    // LIVE_BIRTHS_M 2025M01, 2025M02, 2025Q1, 2025H1, 2025 = 7.
    expect(report).toMatchObject({ provinceCode: '000000', rows: 7 });
    expect((await service.verify('000000')).ok).toBe(true);
  });

  it('the check fails when the nation was left behind, and the incremental refresh repairs it', async () => {
    await store(t.db, [v('LIVE_BIRTHS_M', '140106', '2025M02', 25)]);
    await service.refreshAffected('LIVE_BIRTHS_M', '140106', '2025M02', { nation: false });
    const stale = await service.verify('000000');
    expect(stale.ok).toBe(false);
    // The nation's February, Q1, H1 and year rows no longer match Shanxi's rows.
    expect(new Set(stale.mismatches.map((m) => m.key.split('|')[2]))).toEqual(new Set(['2025M02', '2025Q1', '2025H1', '2025']));
    const report = await service.refreshAffected('LIVE_BIRTHS_M', '140106', '2025M02');
    expect(report.nationRowsWritten).toBe(4);
    // February: 50 + 25 = 75; Q1: 120 + 25 = 145.
    expect((await nationRow('LIVE_BIRTHS_M', '2025M02')).value).toBe(75);
    expect((await nationRow('LIVE_BIRTHS_M', '2025Q1')).value).toBe(145);
    expect((await service.verify('000000')).ok).toBe(true);
    expect((await service.verify('140000')).ok).toBe(true);
  });

  it('the dashboards\' national rate follows a refresh: Σ deaths / Σ births over the provinces', async () => {
    const refresher = new DashboardRefresher(t.db);
    await refresher.rebuild('130000', { aggregates: 'skip' });
    await refresher.rebuild('140000', { aggregates: 'skip' });
    const imr = async () => (await new DashboardRepository(t.db).findIndicatorValues('000000', { indicators: ['IMR'], regions: ['000000'], periods: ['2025'] }))[0];
    // (5 + 3) / (1000 + 1000) × 1000 = 4‰ (the provinces: 5‰ and 3‰).
    expect((await imr())?.value).toBeCloseTo(4, 12);
    await store(t.db, [v('INFANT_DEATHS', '140106', '2025', 6)]);
    const report = await refresher.refresh([{ element: 'INFANT_DEATHS', region: '140106', period: '2025' }]);
    expect(report.nationValues).toBeGreaterThan(0);
    // Shanxi's deaths 1 + 6 = 7: (5 + 7) / 2000 × 1000 = 6‰.
    expect((await imr())?.value).toBeCloseTo(6, 12);
    expect((await imr())).toMatchObject({ numerator: 12, denominator: 2000 });
    expect((await service.verify('000000')).ok).toBe(true);
  });

  it('an import over the rebuild threshold brings the nation along too, after the provinces', async () => {
    await store(t.db, [v('INFANT_DEATHS', '130102', '2025', 4), v('INFANT_DEATHS', '140105', '2025', 3)]);
    // Threshold 0: both provinces take the rebuild path; the nation follows once, last.
    const report = await refreshDashboardsForValues(t.db, [
      { dataElement: 'INFANT_DEATHS', region: '130102', period: '2025' }, { dataElement: 'INFANT_DEATHS', region: '140105', period: '2025' },
    ], 0);
    expect(report.failed).toBeUndefined();
    expect(report.rebuilt.map((r) => r.provinceCode)).toEqual(['130000', '140000']);
    // Deaths: Hebei 4 + 3 = 7, Shanxi 3 + 6 = 9; (7 + 9) / 2000 × 1000 = 8‰.
    const [imr] = await new DashboardRepository(t.db).findIndicatorValues('000000', { indicators: ['IMR'], regions: ['000000'], periods: ['2025'] });
    expect(imr).toMatchObject({ numerator: 16, denominator: 2000 });
    expect(imr?.value).toBeCloseTo(8, 12);
    expect((await service.verify('000000')).ok).toBe(true);
  });
});
