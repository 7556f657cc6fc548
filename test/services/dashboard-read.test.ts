/**
 * The dashboard answers on a small crafted tree, checked against hand calculations: the map, the
 * trend (actuals, target path, gaps), the scorecard, rankings by score and by indicator, and the
 * index — read from the materialised tables a full build wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardRefresher, indexView, mapView, rankingView, scorecardView, trendView, type ReadContext } from '../../src/services/dashboard/index.js';
import { SYSTEM_DASHBOARD_SCOPE } from '../../src/storage/repositories/dashboard.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedDashboardWorld } from './dashboard.fixtures.js';

let t: TestDatabase;
let ctx: ReadContext;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDashboardWorld(t.db);
  await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
  ctx = { db: t.db, readDb: t.db, scope: SYSTEM_DASHBOARD_SCOPE };
});
afterAll(() => t?.dispose());

const valueOf = (items: readonly { region: { code: string }; figure: { value: number | null } | null }[], code: string) => items.find((i) => i.region.code === code)?.figure?.value;

describe(`dashboard answers on ${testEngine()}`, () => {
  it('map: IMR of the prefectures and of 石家庄\'s counties, with the status against the target', async () => {
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025', framework: 'test-plan' });
    expect(map.items.map((i) => i.region.code)).toEqual(['130100', '130200']);
    // 石家庄: (4 + 3 + 5) deaths / 3000 births × 1000 = 4.0‰; 唐山: (6 + 4) / 2000 × 1000 = 5.0‰.
    expect(valueOf(map.items, '130100')).toBeCloseTo(4.0, 12);
    expect(valueOf(map.items, '130200')).toBeCloseTo(5.0, 12);
    expect(map.items[0]!.figure).toMatchObject({ unit: '‰', period: '2025', quality: 'final', status: 'complete', completeness: 1 });
    // Target ≤ 4.5‰ (the province's, inherited by the prefectures): 4.0 attained, 5.0 not (gap 0.5).
    expect(map.items[0]!.target).toMatchObject({ status: 'attained', milestoneYear: 2025, value: 4.5, inheritedFrom: '130000' });
    expect(map.items[1]!.target).toMatchObject({ status: 'not_attained' });
    expect(map.items[1]!.target!.gapAbsolute).toBeCloseTo(0.5, 12);
    expect(map.summary).toMatchObject({ regions: 2, withData: 2, attained: 1, notAttained: 1 });
    const counties = await mapView(ctx, { indicator: 'IMR', region: '130100', period: '2025' });
    // 4/1000, 3/1000, 5/1000 × 1000.
    expect(counties.items.map((i) => [i.region.code, i.figure?.value])).toEqual([['130102', 4], ['130104', 3], ['130105', 5]]);
    // Descendants at a level: the five counties of the province.
    const all = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025', level: 'county' });
    expect(all.items.map((i) => i.region.code)).toEqual(['130102', '130104', '130105', '130202', '130203']);
  });

  it('map: a year outside the live years is judged on demand by the same judge', async () => {
    // Live years are 2024 and 2025; 2020 is judged now. IMR 2020: 石家庄 15/3000 = 5.0‰, 唐山 15/2000 = 7.5‰,
    // both above the 2025 target 4.5 (an interim reading, the milestone still ahead).
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2020', framework: 'test-plan' });
    expect(map.items.map((i) => [i.region.code, i.figure?.value, i.target?.status, i.target?.milestoneYear])).toEqual([['130100', 5, 'not_attained', 2025], ['130200', 7.5, 'not_attained', 2025]]);
  });

  it('map: a region without a figure is listed as a gap, not left out', async () => {
    // No IMR for 2023 anywhere: both prefectures listed, both without a figure.
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2023' });
    expect(map.items.map((i) => [i.region.code, i.figure])).toEqual([['130100', null], ['130200', null]]);
  });

  it('trend: actuals with the missing years as gaps, the target path from the baseline, and progress', async () => {
    const trend = await trendView(ctx, { indicator: 'IMR', region: '130000', framework: 'test-plan' });
    // Province: 2020 30/5000 = 6.0‰, 2024 25/5000 = 5.0‰, 2025 22/5000 = 4.4‰; 2021–2023 are gaps.
    expect(trend.actuals.map((a) => [a.period, a.value === null ? null : Number(a.value.toFixed(10))])).toEqual([
      ['2020', 6], ['2021', null], ['2022', null], ['2023', null], ['2024', 5], ['2025', 4.4],
    ]);
    expect(trend.year).toBe(2025);
    const target = trend.targets.find((x) => x.milestoneYear === 2025)!;
    expect(target).toMatchObject({ value: 4.5, wording: '婴儿死亡率下降到4.5‰及以下', attainment: 'attained', baseline: { year: 2020, value: 6 } });
    // The straight path from (2020, 6.0) to (2025, 4.5): 0.3 lower every year; 2024: 6.0 − 4 × 0.3 = 4.8.
    expect(target.path.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(target.path[4]!.value).toBeCloseTo(4.8, 12);
    expect(trend.progress.map((p) => p.method).sort()).toEqual(['statcan', 'trajectory']);
  });

  it('trend: monthly actuals of MCH_IMR and the checkpoint quarters', async () => {
    const trend = await trendView(ctx, { indicator: 'MCH_IMR', region: '130000' });
    expect(trend.periodType).toBe('month');
    // January: (1 + 0 + 0 + 1 + 0) / 500 × 1000 = 4.0; February: (0 + 1 + 0 + 1 + 0) / 500 = 4.0; March: 1 / 500 = 2.0.
    expect(trend.actuals.map((a) => [a.period, a.value])).toEqual([['2025M01', 4], ['2025M02', 4], ['2025M03', 2]]);
    const quarters = await trendView(ctx, { indicator: 'MCH_IMR', region: '130000', periodType: 'quarter' });
    // Q1: 5 deaths / 1500 births × 1000 = 3.333…‰.
    expect(quarters.actuals).toHaveLength(1);
    expect(quarters.actuals[0]!.value).toBeCloseTo(10 / 3, 12);
  });

  it('scorecard: latest value, target, attainment, progress, sparkline, completeness, group and nature', async () => {
    const card = await scorecardView(ctx, { framework: 'test-plan', region: '130100', period: '2025' });
    const imr = card.items.find((i) => i.indicator.code === 'IMR')!;
    expect(imr.latest).toMatchObject({ period: '2025', unit: '‰', quality: 'final', completeness: 1 });
    expect(imr.latest!.value).toBeCloseTo(4.0, 12);
    expect(imr.target).toMatchObject({ value: 4.5, milestoneYear: 2025 });
    expect(imr.attainment).toMatchObject({ status: 'attained' });
    expect(imr.group).toMatchObject({ code: 'G1', name: { zh: '总体目标' } });
    // Sparkline: eight years up to 2025, 2018/2019 and 2021–2023 gaps; 2020 (5+... 15/3000 = 5.0), 2024 (14/3000 = 4.667), 2025 (4.0).
    expect(imr.sparkline.map((p) => p.period)).toEqual(['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    expect(imr.sparkline.map((p) => (p.value === null ? null : Number(p.value.toFixed(6))))).toEqual([null, null, 5, null, null, null, 4.666667, 4]);
    const beds = card.items.find((i) => i.indicator.code === 'BEDS_PER_1000')!;
    // (800 + 600 + 700) beds / 300,000 people × 1000 = 7.0 per 1000: target ≥ 7 attained.
    expect(beds.latest!.value).toBeCloseTo(7, 12);
    expect(beds.attainment?.status).toBe('attained');
    const mch = card.items.find((i) => i.indicator.code === 'MCH_IMR')!;
    expect(mch.nature).toBe('binding');
    // As of the year 2025 the MCH indicator's annual value so far: 2 deaths / 900 births × 1000.
    expect(mch.latest!.value).toBeCloseTo(2000 / 900, 12);
    expect(card.headline.indicators).toBe(5);
    // Score of 石家庄 with the test scheme: IMR 4.0 ≤ target 4 → 50 of 50; beds 7.0 ≥ 7 → 50 of 50.
    expect(card.headline.score).toMatchObject({ value: 100, max: 100, grade: 'excellent', rank: 1, of: 2 });
  });

  it('ranking by score: prefectures, and counties with ties, peer groups and the change from last year', async () => {
    const prefectures = await rankingView(ctx, { region: '130000', by: 'score', framework: 'test-plan', period: '2025' });
    // 石家庄 100 (see the scorecard); 唐山: IMR 5.0 → 50 × (6 − 5)/(6 − 4) = 25, beds 6.25 < 7 → 0: 25.
    expect(prefectures.items.map((i) => [i.region.code, i.value, i.rank])).toEqual([['130100', 100, 1], ['130200', 25, 2]]);
    const counties = await rankingView(ctx, { region: '130000', by: 'score', framework: 'test-plan', period: '2025', level: 'county' });
    // IMR points 50·clamp((6 − v)/2): 4→50, 3→50, 5→25, 6→0, 4→50; beds ≥ 7 → 50: 8, 6, 7, 9, 3.5 → 50, 0, 50, 50, 0.
    // Totals 100, 50, 75, 50, 50 → ranks 1, 3, 2, 3, 3 (three tied at 50).
    expect(counties.items.map((i) => [i.region.code, i.value, i.rank, i.tiedWith])).toEqual([
      ['130102', 100, 1, 1], ['130105', 75, 2, 1], ['130104', 50, 3, 3], ['130202', 50, 3, 3], ['130203', 50, 3, 3],
    ]);
    // Peer groups: the prefectures. 石家庄: 130102 1st, 130105 2nd, 130104 3rd; 唐山: 130202 and 130203 tied 1st.
    expect(counties.items.map((i) => [i.region.code, i.peerGroup?.code, i.groupRank])).toEqual([
      ['130102', '130100', 1], ['130105', '130100', 2], ['130104', '130100', 3], ['130202', '130200', 1], ['130203', '130200', 1],
    ]);
    // 2024 (no beds that year: 0 points): IMR 5, 4, 5, 6, 5 → 25, 50, 25, 0, 25 → ranks 2, 1, 2, 5, 2.
    // Change = previous − current: 130102 2→1 +1; 130105 2→2 0; 130104 1→3 −2; 130202 5→3 +2; 130203 2→3 −1.
    expect(counties.items.map((i) => [i.region.code, i.previousRank, i.change, i.movement])).toEqual([
      ['130102', 2, 1, 'up'], ['130105', 2, 0, 'same'], ['130104', 1, -2, 'down'], ['130202', 5, 2, 'up'], ['130203', 2, -1, 'down'],
    ]);
  });

  it('ranking by indicator: ascending for lower-is-better, ties, peer groups, change from the year before', async () => {
    const ranking = await rankingView(ctx, { region: '130000', by: 'indicator', indicator: 'IMR', period: '2025', level: 'county' });
    // IMR 2025: 4, 3, 5, 6, 4 → 130104 (3) 1st; 130102, 130203 (4) tied 2nd; 130105 (5) 4th; 130202 (6) 5th.
    expect(ranking.items.map((i) => [i.region.code, i.rank, i.tiedWith])).toEqual([['130104', 1, 1], ['130102', 2, 2], ['130203', 2, 2], ['130105', 4, 1], ['130202', 5, 1]]);
    // 2024: 5, 4, 5, 6, 5 → 130104 1st; 130102, 130105, 130203 2nd; 130202 5th.
    expect(ranking.items.map((i) => [i.region.code, i.previousRank, i.change])).toEqual([['130104', 1, 0], ['130102', 2, 0], ['130203', 2, 0], ['130105', 2, -2], ['130202', 5, 0]]);
    expect(ranking.items.find((i) => i.region.code === '130203')).toMatchObject({ peerGroup: { code: '130200' }, groupRank: 1 });
  });

  it('index: min–max sub-indices of the counties and their mean', async () => {
    const view = await indexView(ctx, { framework: 'test-plan', region: '130000', level: 'county', from: '2025', to: '2025' });
    const units = new Map(view.periods[0]!.units.map((u) => [u.region.code, u]));
    // IMR (lower is better) 4, 3, 5, 6, 4 → (6 − v)/(6 − 3) × 100: 66.67, 100, 33.33, 0, 66.67.
    // Beds 8, 6, 7, 9, 3.5 → (v − 3.5)/(9 − 3.5) × 100: 81.82, 45.45, 63.64, 100, 0.
    // Equal weights: 130102 (66.67 + 81.82)/2 = 74.24; 130104 72.73; 130105 48.48; 130202 50; 130203 33.33.
    expect(units.get('130102')!.subIndices.outcome).toBeCloseTo(200 / 3, 9);
    expect(units.get('130102')!.value).toBeCloseTo((200 / 3 + 450 / 5.5) / 2, 9);
    expect(units.get('130104')!.value).toBeCloseTo((100 + 250 / 5.5) / 2, 9);
    expect(units.get('130203')!.value).toBeCloseTo(100 / 3, 9);
    expect([...units.values()].sort((a, b) => a.rank! - b.rank!).map((u) => u.region.code)).toEqual(['130102', '130104', '130202', '130105', '130203']);
    // The second read comes from the cache: the same numbers.
    const again = await indexView(ctx, { framework: 'test-plan', region: '130000', level: 'county', from: '2025', to: '2025' });
    expect(again.periods).toEqual(view.periods);
  });
});
