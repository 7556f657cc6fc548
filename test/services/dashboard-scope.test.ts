/**
 * Who sees which dashboard figures: a city user sees its own city's regions and nothing of
 * another city's; the public sees only figures of years covered by a published evaluation run.
 * The filter is the central one (`inRegionScope` through `visibleRegion`), applied in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardRefresher, mapView, rankingView, scorecardView, trendView, type ReadContext } from '../../src/services/dashboard/index.js';
import { EvaluationService } from '../../src/services/evaluation/index.js';
import type { DashboardScope } from '../../src/storage/repositories/dashboard.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedDashboardWorld } from './dashboard.fixtures.js';

let t: TestDatabase;
const as = (scope: DashboardScope): ReadContext => ({ db: t.db, readDb: t.db, scope });
const tangshan = () => as({ regions: { kind: 'view', roots: ['130200'] }, published: true });
const anonymous = () => as({ regions: { kind: 'view', roots: [] }, published: true });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDashboardWorld(t.db);
  await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
});
afterAll(() => t?.dispose());

const codes = (view: { items: readonly { region: { code: string } }[] }) => view.items.map((i) => i.region.code);

describe(`dashboard scope on ${testEngine()}`, () => {
  it('a 唐山 user never sees 石家庄 or its counties', async () => {
    expect(codes(await mapView(tangshan(), { indicator: 'IMR', region: '130000', period: '2025' }))).toEqual(['130200']);
    expect(codes(await mapView(tangshan(), { indicator: 'IMR', region: '130100', period: '2025' }))).toEqual([]);
    expect(codes(await mapView(tangshan(), { indicator: 'IMR', region: '130000', period: '2025', level: 'county' }))).toEqual(['130202', '130203']);
    expect(codes(await rankingView(tangshan(), { region: '130000', by: 'score', framework: 'test-plan', period: '2025', level: 'county' }))).toEqual(['130202', '130203']);
    const trend = await trendView(tangshan(), { indicator: 'IMR', region: '130100', framework: 'test-plan' });
    expect(trend.actuals).toEqual([]);
    expect(trend.targets).toEqual([]);
    const card = await scorecardView(tangshan(), { framework: 'test-plan', region: '130100', period: '2025' });
    expect(card.items.every((i) => i.latest === null && i.attainment === null)).toBe(true);
    expect(card.headline.score).toBeNull();
    // Its own city: everything.
    const own = await scorecardView(tangshan(), { framework: 'test-plan', region: '130200', period: '2025' });
    expect(own.items.find((i) => i.indicator.code === 'IMR')!.latest!.value).toBeCloseTo(5, 12);
  });

  it('the public sees nothing before publication, then the published years only', async () => {
    expect(codes(await mapView(anonymous(), { indicator: 'IMR', region: '130000', period: '2024' }))).toEqual([]);
    await new EvaluationService(t.db).run({ framework: 'test-plan', region: '130000', year: 2024, actor: 'planner', publish: true, methods: ['trajectory'] });
    const published = await mapView(anonymous(), { indicator: 'IMR', region: '130000', period: '2024' });
    // 2024: 石家庄 14 / 3000 × 1000 = 4.667‰; 唐山 11 / 2000 × 1000 = 5.5‰.
    expect(published.items.map((i) => [i.region.code, Number(i.figure!.value!.toFixed(6))])).toEqual([['130100', 4.666667], ['130200', 5.5]]);
    expect(codes(await mapView(anonymous(), { indicator: 'IMR', region: '130000', period: '2025' }))).toEqual([]);
    const trend = await trendView(anonymous(), { indicator: 'IMR', region: '130000' });
    expect(trend.actuals.map((a) => a.period)).toEqual(['2020', '2021', '2022', '2023', '2024']);
    // An unpublished run gives the public nothing more.
    await new EvaluationService(t.db).run({ framework: 'test-plan', region: '130000', year: 2025, actor: 'planner', methods: ['trajectory'] });
    expect(codes(await mapView(anonymous(), { indicator: 'IMR', region: '130000', period: '2025' }))).toEqual([]);
  });
});
