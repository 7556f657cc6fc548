/**
 * /api/v1/evaluations over HTTP on a real PostgreSQL: who may run and publish, and who sees
 * which runs and results. The public sees published runs only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/storage/index.js';
import { region } from '../support/factories.js';
import { SCHEME, seedWorld, store, worldData } from '../services/evaluation.fixtures.js';
import { loginAs, type ApiClient, type TestServer, startTestServer } from './helpers.js';

let server: TestServer;
let planner: ApiClient;
let admin: ApiClient;
let reporter: ApiClient;
let analystTangshan: ApiClient;
let analystBeijing: ApiClient;
let plannerBeijing: ApiClient;
let runId: number;

beforeAll(async () => {
  server = await startTestServer({
    seed: async (db) => {
      await seedWorld(db);
      await createRepositories(db).regions.upsertMany([region('110000', '北京市', 'province', '000000'), region('110100', '市辖区', 'prefecture', '110000')]);
      await store(db, worldData());
    },
  });
  [planner, admin, reporter, analystTangshan, analystBeijing, plannerBeijing] = await Promise.all([
    loginAs(server, { username: 'ev-planner', roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] }),
    loginAs(server, { username: 'ev-admin', roles: ['admin'], viewScope: ['130000'] }),
    loginAs(server, { username: 'ev-reporter', roles: ['reporter'], captureScope: ['130102'] }),
    loginAs(server, { username: 'ev-analyst-ts', roles: ['analyst'], viewScope: ['130200'] }),
    loginAs(server, { username: 'ev-analyst-bj', roles: ['analyst'], viewScope: ['110000'] }),
    loginAs(server, { username: 'ev-planner-bj', roles: ['planner'], captureScope: ['110000'], viewScope: ['110000'] }),
  ]);
});
afterAll(() => server?.close());

const body = { framework: 'test-plan', region: '130000', year: 2025, methods: ['trajectory'], scheme: SCHEME };

describe('evaluations API', () => {
  it('lets planners and admins run an evaluation in their scope, and nobody else', async () => {
    expect((await server.anonymous().post('/evaluations', body)).status).toBe(401);
    expect((await reporter.post('/evaluations', body)).status).toBe(403);
    const outside = await plannerBeijing.post('/evaluations', body);
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('VITALS_E_OUT_OF_SCOPE');
    const created = await planner.post('/evaluations', body);
    expect(created.status).toBe(201);
    expect(created.body.run).toMatchObject({ framework: 'test-plan', region: '130000', year: 2025, published: false, createdBy: 'ev-planner' });
    expect(created.body.run.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    runId = created.body.run.id;
    // An admin with Hebei in view may run too (no publishing).
    expect((await admin.post('/evaluations', body)).status).toBe(201);
    expect((await admin.post('/evaluations', { ...body, publish: true })).status).toBe(403);
    // Validation at the edge: an unknown field, an unknown method.
    expect((await planner.post('/evaluations', { ...body, colour: 'red' })).status).toBe(400);
    const unknownMethod = await planner.post('/evaluations', { ...body, methods: ['astrology'] });
    expect(unknownMethod.status).toBe(400);
    expect(unknownMethod.body.error.code).toBe('VITALS_E_UNKNOWN_METHOD');
  });

  it('hides unpublished runs from the public and from readers outside their scope', async () => {
    const anonymous = server.anonymous();
    expect((await anonymous.get('/evaluations')).body).toMatchObject({ items: [], total: 0 });
    expect((await anonymous.get(`/evaluations/${runId}`)).status).toBe(404);
    expect((await anonymous.get(`/evaluations/${runId}/results`)).status).toBe(404);
    expect((await analystBeijing.get('/evaluations')).body.total).toBe(0);
    expect((await analystBeijing.get(`/evaluations/${runId}/results`)).status).toBe(404);
    // A 唐山 analyst sees the province run, but only 唐山's own results in it.
    const ts = await analystTangshan.get(`/evaluations/${runId}/results?limit=500`);
    expect(ts.status).toBe(200);
    expect(ts.body.total).toBeGreaterThan(0);
    expect(new Set(ts.body.items.map((r: { region: string }) => r.region))).toEqual(new Set(['130200', '130202', '130203']));
  });

  it('pages and filters results', async () => {
    const page = await planner.get(`/evaluations/${runId}/results?limit=5&offset=0`);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBeGreaterThan(5);
    const next = await planner.get(`/evaluations/${runId}/results?limit=5&offset=5`);
    expect(next.body.items[0].ordinal).toBe(page.body.items[4].ordinal + 1);
    const imr = await planner.get(`/evaluations/${runId}/results?region=130000&indicator=IMR&kind=attainment`);
    expect(imr.body.items).toHaveLength(1);
    // 22/5000 × 1000 = 4.4‰ against ≤ 4.5: attained.
    expect(imr.body.items[0]).toMatchObject({ status: 'attained', region: '130000', indicator: 'IMR' });
    expect(imr.body.items[0].value).toBeCloseTo(4.4, 10);
    const failing = await planner.get(`/evaluations/${runId}/results?status=fail&kind=score`);
    // 唐山 scores 25 of 100 (see test/services/evaluation-runs.test.ts): the only failing prefecture.
    expect(failing.body.items.map((r: { region: string }) => r.region)).toContain('130200');
    expect((await planner.get(`/evaluations/${runId}/results?kind=nonsense`)).status).toBe(400);
  });

  it('publishes once, with results.publish, after which everyone sees the run and all its results', async () => {
    expect((await admin.post(`/evaluations/${runId}/publish`)).status).toBe(403);
    expect((await plannerBeijing.post(`/evaluations/${runId}/publish`)).status).toBe(404);
    const published = await planner.post(`/evaluations/${runId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: runId, published: true, publishedBy: 'ev-planner' });
    expect((await planner.post(`/evaluations/${runId}/publish`)).status).toBe(409);

    const anonymous = server.anonymous();
    const list = await anonymous.get('/evaluations');
    expect(list.body.items.map((r: { id: number }) => r.id)).toEqual([runId]);
    const all = await anonymous.get(`/evaluations/${runId}/results?limit=500`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(list.body.items[0].resultCount);
    // Published results are public in full, also for readers whose scope is elsewhere.
    expect((await analystBeijing.get(`/evaluations/${runId}/results?limit=1`)).body.total).toBe(all.body.total);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor']).where('entity', '=', 'evaluation_run').where('entity_key', '=', String(runId)).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'evaluate', actor: 'ev-planner' }, { action: 'publish', actor: 'ev-planner' }]);
  });
});
