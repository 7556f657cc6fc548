/**
 * /api/v1/dashboard over HTTP on a real PostgreSQL: every endpoint answers through its response
 * schema; a city user never sees another city's regions; the public sees published years only;
 * and an approval made over HTTP shows in the map and the ranking in the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardRefresher } from '../../src/services/dashboard/index.js';
import { EvaluationService } from '../../src/services/evaluation/index.js';
import { createRepositories } from '../../src/storage/index.js';
import { FORM, seedDashboardWorld } from '../services/dashboard.fixtures.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let planner: ApiClient;
let tangshan: ApiClient;
let reporter: ApiClient;
let cityReviewer: ApiClient;
let provinceReviewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer({
    start: new Date('2025-05-05T01:00:00Z'),
    seed: async (db) => {
      await seedDashboardWorld(db);
      await new DashboardRefresher(db).rebuild('130000', { aggregates: 'rebuild' });
    },
  });
  [planner, tangshan, reporter, cityReviewer, provinceReviewer] = await Promise.all([
    loginAs(server, { username: 'db-planner', roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] }),
    loginAs(server, { username: 'db-analyst-ts', roles: ['analyst'], viewScope: ['130200'] }),
    loginAs(server, { username: 'db-reporter', roles: ['reporter'], captureScope: ['130104'] }),
    loginAs(server, { username: 'db-reviewer-sjz', roles: ['reviewer'], captureScope: ['130100'] }),
    loginAs(server, { username: 'db-reviewer-hb', roles: ['reviewer'], captureScope: ['130000'] }),
  ]);
});
afterAll(() => server?.close());

const codes = (body: { items: { region: { code: string } }[] }) => body.items.map((i) => i.region.code);

describe('dashboard API', () => {
  it('answers the map with figures that carry unit, period, quality and completeness', async () => {
    const res = await planner.get('/dashboard/map?indicator=IMR&region=130000&period=2025&framework=test-plan');
    expect(res.status).toBe(200);
    expect(codes(res.body)).toEqual(['130100', '130200']);
    // 石家庄 (4 + 3 + 5) / 3000 × 1000 = 4.0‰, attained against ≤ 4.5.
    expect(res.body.items[0]).toMatchObject({ figure: { value: 4, unit: '‰', period: '2025', quality: 'final', status: 'complete', completeness: 1 }, target: { status: 'attained', value: 4.5 } });
  });

  it('answers trend, scorecard, ranking and index through their schemas', async () => {
    const trend = await planner.get('/dashboard/trend?indicator=IMR&region=130000&framework=test-plan');
    expect(trend.status).toBe(200);
    expect(trend.body.actuals.map((a: { period: string }) => a.period)).toEqual(['2020', '2021', '2022', '2023', '2024', '2025']);
    const card = await planner.get('/dashboard/scorecard?framework=test-plan&region=130100&period=2025');
    expect(card.status).toBe(200);
    expect(card.body.headline).toMatchObject({ indicators: 5, score: { value: 100, rank: 1, of: 2 } });
    const score = await planner.get('/dashboard/ranking?by=score&framework=test-plan&region=130000&period=2025');
    expect(score.status).toBe(200);
    // 石家庄 100, 唐山 25 (hand calculation in test/services/dashboard-read.test.ts).
    expect(score.body.items.map((i: { region: { code: string }; value: number }) => [i.region.code, i.value])).toEqual([['130100', 100], ['130200', 25]]);
    const index = await planner.get('/dashboard/index?framework=test-plan&region=130000&from=2024&to=2025');
    expect(index.status).toBe(200);
    expect(index.body.periods.map((p: { period: string }) => p.period)).toEqual(['2024', '2025']);
    // 2025, two prefectures: 石家庄 is best on both indicators → 100; 唐山 worst on both → 0.
    expect(index.body.periods[1].units.map((u: { region: { code: string }; value: number }) => [u.region.code, u.value])).toEqual([['130100', 100], ['130200', 0]]);
  });

  it('refuses bad input with 400 and unknown things with 404', async () => {
    expect((await planner.get('/dashboard/map?indicator=IMR&region=130000&period=2025-13')).status).toBe(400);
    expect((await planner.get('/dashboard/map?indicator=IMR&region=130000&period=2025&colour=red')).status).toBe(400);
    expect((await planner.get('/dashboard/map?indicator=NOPE&region=130000&period=2025')).status).toBe(404);
    expect((await planner.get('/dashboard/map?indicator=IMR&region=999999&period=2025')).status).toBe(404);
    expect((await planner.get('/dashboard/scorecard?framework=nope&region=130000&period=2025')).status).toBe(404);
    expect((await planner.get('/dashboard/ranking?by=score&region=130000&period=2025')).status).toBe(400);
  });

  it('shows a 唐山 analyst 唐山 only, and the public published years only', async () => {
    expect(codes((await tangshan.get('/dashboard/map?indicator=IMR&region=130000&period=2025')).body)).toEqual(['130200']);
    expect(codes((await tangshan.get('/dashboard/map?indicator=IMR&region=130100&period=2025')).body)).toEqual([]);
    // Ranked among all five counties (IMR 4, 3, 5, 6, 4): 路北区 4‰ tied 2nd, 路南区 6‰ 5th; only 唐山's rows come back.
    const ranking = (await tangshan.get('/dashboard/ranking?by=indicator&indicator=IMR&region=130000&period=2025&level=county')).body;
    expect(ranking.items.map((i: { region: { code: string }; rank: number }) => [i.region.code, i.rank])).toEqual([['130203', 2], ['130202', 5]]);
    const anonymous = server.anonymous();
    expect(codes((await anonymous.get('/dashboard/map?indicator=IMR&region=130000&period=2024')).body)).toEqual([]);
    await new EvaluationService(server.db).run({ framework: 'test-plan', region: '130000', year: 2024, actor: 'db-planner', publish: true, methods: ['trajectory'] });
    expect(codes((await anonymous.get('/dashboard/map?indicator=IMR&region=130000&period=2024')).body)).toEqual(['130100', '130200']);
    expect(codes((await anonymous.get('/dashboard/map?indicator=IMR&region=130000&period=2025')).body)).toEqual([]);
  });

  it('reflects an approval made over HTTP in the next request', async () => {
    await createRepositories(server.db).dataValues.upsert([
      { dataElement: 'MCH_BIRTHS', region: '130104', period: '2025M04', value: 100 },
      { dataElement: 'MCH_DEATHS', region: '130104', period: '2025M04', value: 1 },
    ], { actor: 'db-reporter' });
    const path = `/datasets/${FORM}/forms/130104/2025M04/workflow`;
    expect((await reporter.post(path, { action: 'submit', expectedVersion: 0 })).status).toBe(200);
    expect((await cityReviewer.post(path, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    const h1 = '/dashboard/ranking?by=indicator&indicator=MCH_IMR&region=130100&period=2025H1';
    // Before: 130105 0‰; 130102 and 130104 1 death / 300 births = 3.33‰ (tied).
    expect((await planner.get(h1)).body.items.map((i: { region: { code: string }; rank: number }) => [i.region.code, i.rank])).toEqual([['130105', 1], ['130102', 2], ['130104', 2]]);
    const final = await provinceReviewer.post(path, { action: 'approve', expectedVersion: 2 });
    expect(final.status).toBe(200);
    expect(final.body.status.state).toBe('final');
    // After: 130104 (1 + 1) / 400 × 1000 = 5.0‰, now third.
    const after = await planner.get(h1);
    expect(after.body.items.map((i: { region: { code: string }; rank: number }) => [i.region.code, i.rank])).toEqual([['130105', 1], ['130102', 2], ['130104', 3]]);
    expect(after.body.items[2].figure.value).toBeCloseTo(5, 12);
    const map = await planner.get('/dashboard/map?indicator=MCH_IMR&region=130100&period=2025M04');
    expect(map.body.items.map((i: { region: { code: string }; figure: { value: number } | null }) => [i.region.code, i.figure?.value ?? null])).toEqual([['130102', null], ['130104', 10], ['130105', null]]);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = await server.anonymous().get('/api/docs/json');
    for (const path of ['map', 'trend', 'scorecard', 'ranking', 'index']) expect(Object.keys(doc.body.paths)).toContain(`/api/v1/dashboard/${path}`);
  });
});
