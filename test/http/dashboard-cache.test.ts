/**
 * The dashboard answer cache over real HTTP on a real PostgreSQL: repeated questions get the
 * same bytes with an ETag (304 on If-None-Match); callers of different scopes never share an
 * answer, callers of one scope do; anonymous and signed-in answers differ; publication and an
 * approval made over HTTP change the answer of the very next request; the ranking pages.
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
let tangshan2: ApiClient;
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
  [planner, tangshan, tangshan2, reporter, cityReviewer, provinceReviewer] = await Promise.all([
    loginAs(server, { username: 'dc-planner', roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] }),
    loginAs(server, { username: 'dc-analyst-ts', roles: ['analyst'], viewScope: ['130200'] }),
    loginAs(server, { username: 'dc-analyst-ts2', roles: ['analyst'], viewScope: ['130200'] }),
    loginAs(server, { username: 'dc-reporter', roles: ['reporter'], captureScope: ['130104'] }),
    loginAs(server, { username: 'dc-reviewer-sjz', roles: ['reviewer'], captureScope: ['130100'] }),
    loginAs(server, { username: 'dc-reviewer-hb', roles: ['reviewer'], captureScope: ['130000'] }),
  ]);
});
afterAll(() => server?.close());

const codes = (body: { items: { region: { code: string } }[] }) => body.items.map((i) => i.region.code);
const ranks = (body: { items: { region: { code: string }; rank: number | null }[] }) => body.items.map((i) => [i.region.code, i.rank]);

describe('dashboard answer cache', () => {
  it('answers a repeated question with the same bytes and ETag, and 304 to If-None-Match', async () => {
    const url = '/dashboard/map?indicator=IMR&region=130000&period=2025&framework=test-plan';
    const first = await planner.get(url);
    const second = await planner.get(url);
    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}-[0-9a-z]+"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('content-type')).toContain('application/json');
    // Same question, parameters in another order: the same entry.
    expect((await planner.get('/dashboard/map?framework=test-plan&period=2025&region=130000&indicator=IMR')).headers.get('etag')).toBe(etag);
    const revalidated = await planner.get(url, { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect((await planner.get(url, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
    // 石家庄 (4 + 3 + 5) / 3000 × 1000 = 4.0‰, served from the cache as computed.
    expect(second.body.items[0].figure.value).toBe(4);
  });

  it('never shares an answer between scopes, and shares it between users of one scope', async () => {
    const url = '/dashboard/map?indicator=IMR&region=130000&period=2025';
    expect(codes((await planner.get(url)).body)).toEqual(['130100', '130200']);
    const ts = await tangshan.get(url);
    expect(codes(ts.body)).toEqual(['130200']);
    // 2025 is not published: the public sees nothing, even right after the signed-in answers.
    const anonymous = await server.anonymous().get(url);
    expect(anonymous.status).toBe(200);
    expect(codes(anonymous.body)).toEqual([]);
    expect(new Set([(await planner.get(url)).headers.get('etag'), ts.headers.get('etag'), anonymous.headers.get('etag')]).size).toBe(3);
    // Another 唐山 analyst: the same scope, the same answer.
    const ts2 = await tangshan2.get(url);
    expect(ts2.headers.get('etag')).toBe(ts.headers.get('etag'));
    expect(codes(ts2.body)).toEqual(['130200']);
  });

  it('changes the public answer when a run is published', async () => {
    const anonymous = server.anonymous();
    const url = '/dashboard/map?indicator=IMR&region=130000&period=2024';
    const before = await anonymous.get(url);
    expect(codes(before.body)).toEqual([]);
    await new EvaluationService(server.db).run({ framework: 'test-plan', region: '130000', year: 2024, actor: 'dc-planner', publish: true, methods: ['trajectory'] });
    const after = await anonymous.get(url, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(codes(after.body)).toEqual(['130100', '130200']);
  });

  it('pages the ranking; ranks are those of all units', async () => {
    // IMR 2025 of the five counties: 130102 4‰, 130104 3‰, 130105 5‰, 130202 6‰, 130203 4‰
    // → 130104 1st; 130102 and 130203 tied 2nd; 130105 4th; 130202 5th.
    const base = '/dashboard/ranking?by=indicator&indicator=IMR&region=130000&period=2025&level=county';
    const all = await planner.get(base);
    expect(all.body).toMatchObject({ total: 5, offset: 0, limit: 100 });
    expect(ranks(all.body)).toEqual([['130104', 1], ['130102', 2], ['130203', 2], ['130105', 4], ['130202', 5]]);
    const page = await planner.get(`${base}&limit=2&offset=1`);
    expect(page.body).toMatchObject({ total: 5, offset: 1, limit: 2 });
    expect(ranks(page.body)).toEqual([['130102', 2], ['130203', 2]]);
    // 唐山's analyst: its two counties, ranked among all five.
    const ts = await tangshan.get(`${base}&limit=1`);
    expect(ts.body).toMatchObject({ total: 2, limit: 1 });
    expect(ranks(ts.body)).toEqual([['130203', 2]]);
    expect((await planner.get(`${base}&limit=0`)).status).toBe(400);
    expect((await planner.get(`${base}&offset=-1`)).status).toBe(400);
  });

  it('answers with the new figures in the very next request after an approval made over HTTP', async () => {
    await createRepositories(server.db).dataValues.upsert([
      { dataElement: 'MCH_BIRTHS', region: '130104', period: '2025M04', value: 100 },
      { dataElement: 'MCH_DEATHS', region: '130104', period: '2025M04', value: 1 },
    ], { actor: 'dc-reporter' });
    const path = `/datasets/${FORM}/forms/130104/2025M04/workflow`;
    expect((await reporter.post(path, { action: 'submit', expectedVersion: 0 })).status).toBe(200);
    expect((await cityReviewer.post(path, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    const h1 = '/dashboard/ranking?by=indicator&indicator=MCH_IMR&region=130100&period=2025H1';
    // Before: 130105 0‰; 130102 and 130104 1 death / 300 births = 3.33‰ (tied). Asked twice: cached.
    const before = await planner.get(h1);
    expect(ranks(before.body)).toEqual([['130105', 1], ['130102', 2], ['130104', 2]]);
    expect((await planner.get(h1, { headers: { 'if-none-match': before.headers.get('etag')! } })).status).toBe(304);
    expect((await provinceReviewer.post(path, { action: 'approve', expectedVersion: 2 })).status).toBe(200);
    // After: 130104 (1 + 1) / 400 × 1000 = 5.0‰, now third; the old ETag no longer matches.
    const after = await planner.get(h1, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(ranks(after.body)).toEqual([['130105', 1], ['130102', 2], ['130104', 3]]);
    expect(after.body.items[2].figure.value).toBeCloseTo(5, 12);
  });
});
