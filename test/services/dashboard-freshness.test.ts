/**
 * Freshness: one county-month goes through the real workflow (submit → city → province). The
 * final approval refreshes, in its own transaction, the aggregates, indicator values and live
 * results it reaches; the map, trend and ranking show the new figures at once, and the tables
 * equal what a full rebuild computes. A reopen takes the figures out again. Correctness only:
 * the time it takes is bench/freshness.bench.ts's business.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateService } from '../../src/services/evaluation/index.js';
import { DashboardRefresher, mapView, rankingView, trendView, type ReadContext } from '../../src/services/dashboard/index.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { importDataValues } from '../../src/services/import/index.js';
import { refreshDashboardsBeforeCommit, refreshDashboardsForValues } from '../../src/services/dashboard/index.js';
import { DashboardRepository, SYSTEM_DASHBOARD_SCOPE } from '../../src/storage/repositories/dashboard.repository.js';
import { createRepositories } from '../../src/storage/index.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { actors, FORM, seedDashboardWorld } from './dashboard.fixtures.js';

let t: TestDatabase;
let ctx: ReadContext;
const key = { dataSet: FORM, region: '130104', period: '2025M04' };
const now = () => new Date('2025-05-05T09:00:00+08:00');

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDashboardWorld(t.db);
  await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
  ctx = { db: t.db, readDb: t.db, scope: SYSTEM_DASHBOARD_SCOPE };
});
afterAll(() => t?.dispose());

async function h1(region: string): Promise<number | null | undefined> {
  const map = await mapView(ctx, { indicator: 'MCH_IMR', region, period: '2025H1', level: 'county' });
  return map.items.find((i) => i.region.code === '130104')?.figure?.value;
}

async function judgement(region: string) {
  const rows = await new DashboardRepository(t.db).findJudgements('130000', { framework: 'test-plan', year: 2025, regions: [region], indicators: ['MCH_IMR'] });
  return rows.find((r) => r.kind === 'attainment');
}

/** Every dashboard table of the province, without the time stamps (for incremental == full). */
async function snapshot() {
  const repo = new DashboardRepository(t.db);
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v);
  const clean = <T extends object>(rows: T[]) => rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => round(v))) as T);
  return {
    values: clean(await repo.findIndicatorValues('130000')),
    judgements: clean(await repo.findJudgements('130000')),
    scores: clean(await repo.findScores('130000')),
  };
}

describe(`freshness on ${testEngine()}`, () => {
  it('a final approval of one county-month reaches the map, the trend, the ranking and the judgements in the same transaction', async () => {
    // Before: 桥西区 H1 = 1 death / 300 births × 1000 = 3.333‰ (January–March).
    expect(await h1('130000')).toBeCloseTo(1000 / 300, 12);
    expect((await judgement('130104'))?.status).toBe('attained'); // 3.33 ≤ 4.5

    await createRepositories(t.db).dataValues.upsert([
      { dataElement: 'MCH_BIRTHS', region: '130104', period: '2025M04', value: 100 },
      { dataElement: 'MCH_DEATHS', region: '130104', period: '2025M04', value: 1 },
    ], { actor: actors.reporter.id });
    const workflow = new WorkflowService({ db: t.db, now });
    await workflow.act(actors.reporter, key, { action: 'submit', expectedVersion: 0 });
    await workflow.act(actors.cityReviewer, key, { action: 'approve', expectedVersion: 1 });
    // Submitted and approved once: not final, not counted.
    expect(await h1('130000')).toBeCloseTo(1000 / 300, 12);

    const final = await workflow.act(actors.provinceReviewer, key, { action: 'approve', expectedVersion: 2 });
    expect(final.status.state).toBe('final');
    // After: (1 + 1) deaths / 400 births × 1000 = 5.0‰.
    expect(await h1('130000')).toBeCloseTo(5, 12);
    // 石家庄 H1: 3 deaths / 1000 births = 3.0‰; April alone: 1 / 100 = 10‰ from 1 of 3 counties.
    const city = await mapView(ctx, { indicator: 'MCH_IMR', region: '130000', period: '2025H1' });
    expect(city.items.find((i) => i.region.code === '130100')!.figure!.value).toBeCloseTo(3, 12);
    const april = await mapView(ctx, { indicator: 'MCH_IMR', region: '130000', period: '2025M04' });
    expect(april.items.find((i) => i.region.code === '130100')!.figure).toMatchObject({ value: 10, status: 'incomplete' });
    expect(april.items.find((i) => i.region.code === '130100')!.figure!.completeness).toBeCloseTo(1 / 3, 12);
    expect(april.items.find((i) => i.region.code === '130200')!.figure).toBeNull();

    // The province's monthly trend gains April: 1 / 100 × 1000 = 10‰.
    const trend = await trendView(ctx, { indicator: 'MCH_IMR', region: '130000' });
    expect(trend.actuals.map((a) => [a.period, a.value])).toEqual([['2025M01', 4], ['2025M02', 4], ['2025M03', 2], ['2025M04', 10]]);

    // Ranking of the counties on H1 (lower is better): 130105 0; 130102, 130203 3.33 (tied 2nd); 130104 5.0 4th; 130202 6.67 5th.
    const ranking = await rankingView(ctx, { region: '130000', by: 'indicator', indicator: 'MCH_IMR', period: '2025H1', level: 'county' });
    expect(ranking.items.map((i) => [i.region.code, i.rank])).toEqual([['130105', 1], ['130102', 2], ['130203', 2], ['130104', 4], ['130202', 5]]);

    // The live judgement followed: 桥西区 2025 is 5.0‰ > 4.5 now; the province 6 / 1600 × 1000 = 3.75‰.
    expect(await judgement('130104')).toMatchObject({ status: 'not_attained' });
    expect((await judgement('130104'))!.value).toBeCloseTo(5, 12);
    expect((await judgement('130000'))!.value).toBeCloseTo(3.75, 12);
  });

  it('incremental equals full: a rebuild from scratch finds exactly the rows the approval wrote', async () => {
    expect((await new AggregateService(t.db).verify('130000')).ok).toBe(true);
    const incremental = await snapshot();
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    const full = await snapshot();
    expect(incremental.values.length).toBeGreaterThan(100);
    expect(incremental.values).toEqual(full.values);
    expect(incremental.judgements).toEqual(full.judgements);
    expect(incremental.scores).toEqual(full.scores);
  });

  it('a reopen of final data takes its figures out again, and incremental still equals full', async () => {
    const workflow = new WorkflowService({ db: t.db, now });
    const reopened = await workflow.act(actors.provinceReviewer, key, { action: 'reopen', expectedVersion: 3, reason: '复核出生数' });
    expect(reopened.status.state).toBe('returned');
    expect(await h1('130000')).toBeCloseTo(1000 / 300, 12);
    expect((await judgement('130104'))?.status).toBe('attained');
    const incremental = await snapshot();
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    expect(await snapshot()).toEqual(incremental);
  });

  it('a refresh of a change outside any form (an import) works the same way', async () => {
    // 路北区's 2025 infant deaths corrected from 4 to 9 by a file import (no form collects INFANT_DEATHS: final at once).
    await createRepositories(t.db).dataValues.upsert([{ dataElement: 'INFANT_DEATHS', region: '130203', period: '2025', value: 9 }], { actor: 'import' });
    const report = await new DashboardRefresher(t.db).refresh([{ element: 'INFANT_DEATHS', region: '130203', period: '2025' }]);
    expect(report.indicators).toContain('IMR');
    // 唐山 IMR 2025: (6 + 9) / 2000 × 1000 = 7.5‰.
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025' });
    expect(map.items.find((i) => i.region.code === '130200')!.figure!.value).toBeCloseTo(7.5, 12);
    // The scheme reads IMR: 唐山's score drops to IMR 7.5 → 0 points, beds 0 → 0.
    const ranking = await rankingView(ctx, { region: '130000', by: 'score', framework: 'test-plan', period: '2025' });
    expect(ranking.items.map((i) => [i.region.code, i.value])).toEqual([['130100', 100], ['130200', 0]]);
    const incremental = await snapshot();
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    expect(await snapshot()).toEqual(incremental);
  });

  it('a file import with the beforeCommit hook refreshes exactly what it wrote, in its transaction', async () => {
    const csv = 'region,indicator,period,value\n130202,INFANT_DEATHS,2025,2\n130202,LIVE_BIRTHS,2025,500\n';
    const report = await importDataValues(t.db, { bytes: new TextEncoder().encode(csv), fileName: 'fix.csv' }, { actor: 'importer', beforeCommit: refreshDashboardsBeforeCommit });
    expect(report.status).toBe('committed');
    // 唐山 IMR 2025: (2 + 9) deaths / (500 + 1000) births × 1000 = 7.333‰.
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025' });
    expect(map.items.find((i) => i.region.code === '130200')!.figure!.value).toBeCloseTo(11000 / 1500, 12);
    const incremental = await snapshot();
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    expect(await snapshot()).toEqual(incremental);
  });

  it('many changed values rebuild the elements concerned instead, with the same result', async () => {
    await createRepositories(t.db).dataValues.upsert([{ dataElement: 'LIVE_BIRTHS', region: '130202', period: '2025', value: 1000 }], { actor: 'import' });
    const report = await t.db.transaction().execute((trx) => refreshDashboardsForValues(trx, [{ dataElement: 'LIVE_BIRTHS', region: '130202', period: '2025' }], 0));
    expect(report.rebuilt.map((r) => r.provinceCode)).toEqual(['130000']);
    // Back to 2000 births in 唐山: (2 + 9) / 2000 × 1000 = 5.5‰.
    const map = await mapView(ctx, { indicator: 'IMR', region: '130000', period: '2025' });
    expect(map.items.find((i) => i.region.code === '130200')!.figure!.value).toBeCloseTo(5.5, 12);
    const after = await snapshot();
    await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
    expect(await snapshot()).toEqual(after);
  });

  it('property: after any sequence of changed county values, each refreshed on its own, the tables equal a full rebuild', async () => {
    const counties = ['130102', '130104', '130105', '130202', '130203'];
    const change = fc.record({
      region: fc.constantFrom(...counties),
      element: fc.constantFrom('INFANT_DEATHS', 'LIVE_BIRTHS', 'BEDS', 'POP'),
      year: fc.constantFrom('2024', '2025'),
      value: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 3 }), async (changes) => {
        for (const c of changes) {
          await createRepositories(t.db).dataValues.upsert([{ dataElement: c.element, region: c.region, period: c.year, value: c.value }], { actor: 'property' });
          await new DashboardRefresher(t.db).refresh([{ element: c.element, region: c.region, period: c.year }]);
        }
        const incremental = await snapshot();
        await new DashboardRefresher(t.db).rebuild('130000', { aggregates: 'rebuild' });
        expect(await snapshot()).toEqual(incremental);
      }),
      { numRuns: 4, seed: 20250705 },
    );
  });
});
