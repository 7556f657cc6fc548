/**
 * `GET|PUT /api/v1/frameworks/:code/evaluation-profile`: who may set a framework's evaluation
 * defaults (results.run on its jurisdiction), validation, audit, and the demo profile that
 * content loading saves for Healthy Hebei (src/services/content/demo-profile.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDir, readContentYaml } from '../../src/content/files.js';
import { saveDemoProfiles } from '../../src/services/content/demo-profile.js';
import { AuditRepository } from '../../src/storage/repositories/audit.repository.js';
import { FrameworkRepository } from '../../src/storage/repositories/framework.repository.js';
import { loginAs, REGIONS, startTestServer, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let planner: ApiClient;
let reporter: ApiClient;
let analyst: ApiClient;
let admin: ApiClient;

const SCHEME = readContentYaml(contentDir(), 'schemes/hebei-city-assessment.yaml') as Record<string, unknown>;
const INDEX = readContentYaml(contentDir(), 'indices/hebei-health-index.yaml') as Record<string, unknown>;
const HEBEI_PLAN = 'healthy-hebei-2023-2027';

beforeAll(async () => {
  server = await startTestServer({ config: { loginAttemptsPerIp: 1000 } });
  const frameworks = new FrameworkRepository(server.db);
  await frameworks.upsertFramework({ code: 'fw-prof', name: { zh: '评估配置测试' }, jurisdiction: REGIONS.hebei, startYear: 2023, endYear: 2027 });
  await frameworks.upsertFramework({ code: 'fw-national', name: { zh: '全国规划（测试）' }, startYear: 2019, endYear: 2030 });
  await frameworks.upsertFramework({ code: HEBEI_PLAN, name: { zh: '健康河北（测试）' }, jurisdiction: REGIONS.hebei, startYear: 2023, endYear: 2027 });
  planner = await loginAs(server, { username: 'prof.planner', roles: ['planner'], captureScope: [REGIONS.hebei], viewScope: [REGIONS.hebei] });
  reporter = await loginAs(server, { username: 'prof.reporter', roles: ['reporter'], captureScope: [REGIONS.changan] });
  analyst = await loginAs(server, { username: 'prof.analyst', roles: ['analyst'], viewScope: [REGIONS.hebei] });
  admin = await loginAs(server, { username: 'prof.admin', roles: ['admin'], viewScope: [REGIONS.nation] });
});
afterAll(() => server?.close());

const path = (code: string) => `/frameworks/${code}/evaluation-profile`;

describe('evaluation profile over HTTP', () => {
  it('is 404 until set, and 404 for an unknown framework', async () => {
    const none = await server.anonymous().get(path('fw-prof'));
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('VITALS_E_NOT_FOUND');
    expect((await planner.put(path('no-such-plan'), { methods: ['trajectory'] })).status).toBe(404);
  });

  it('a planner sets it (methods, scheme, index, options); anyone reads it back; it is audited', async () => {
    const body = { methods: ['trajectory', { name: 'statcan' }], scheme: SCHEME, indexConfig: INDEX, options: { inheritTargets: false } };
    const saved = await planner.put(path('fw-prof'), body);
    expect(saved.status, saved.text).toBe(200);
    const expected = { framework: 'fw-prof', ...body };
    expect(saved.body).toEqual(expected);
    expect((await server.anonymous().get(path('fw-prof'))).body).toEqual(expected);

    const changed = await planner.put(path('fw-prof'), { methods: ['sdsn'] });
    expect(changed.body).toEqual({ framework: 'fw-prof', methods: ['sdsn'], scheme: null, indexConfig: null, options: null });
    const audit = await new AuditRepository(server.db).query({ entity: 'evaluation_profile', entityKey: 'fw-prof' });
    expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual([['create', 'prof.planner'], ['update', 'prof.planner']]);
    const update = audit.find((a) => a.action === 'update')!;
    expect(update.oldValue).toMatchObject({ methods: ['trajectory', { name: 'statcan' }] });
    expect(update.newValue).toMatchObject({ methods: ['sdsn'] });
  });

  // Who may set it: results.run (admins and planners) for the framework's jurisdiction.
  const refusals: Array<[who: string, client: () => ApiClient, code: string, status: number, error: string]> = [
    ['a reporter (no results.run)', () => reporter, 'fw-prof', 403, 'VITALS_E_FORBIDDEN'],
    ['an analyst (no results.run)', () => analyst, 'fw-prof', 403, 'VITALS_E_FORBIDDEN'],
    ['anonymous', () => server.anonymous(), 'fw-prof', 401, 'VITALS_E_UNAUTHENTICATED'],
    ['a Hebei planner, for a national plan', () => planner, 'fw-national', 403, 'VITALS_E_OUT_OF_SCOPE'],
  ];
  it.each(refusals)('refuses %s and changes nothing', async (_who, client, code, status, error) => {
    const before = (await server.anonymous().get(path(code))).body;
    const response = await client().put(path(code), { methods: ['trajectory'] });
    expect(response.status, response.text).toBe(status);
    expect(response.body.error.code).toBe(error);
    expect((await server.anonymous().get(path(code))).body).toEqual(before);
  });

  it('lets an administrator with a nation-wide view scope set a national plan’s profile', async () => {
    const response = await admin.put(path('fw-national'), { methods: ['trajectory'] });
    expect(response.status, response.text).toBe(200);
  });

  const invalid: Array<[what: string, body: unknown, code: string]> = [
    ['an unknown progress method', { methods: ['palmistry'] }, 'VITALS_E_UNKNOWN_METHOD'],
    ['no methods', { methods: [] }, 'VITALS_E_INVALID_INPUT'],
    ['a scheme that is not one', { methods: ['trajectory'], scheme: { code: 'x' } }, 'VITALS_E_INVALID_CONFIG'],
    ['an index that is not one', { methods: ['trajectory'], indexConfig: { id: 'x' } }, 'VITALS_E_INVALID_CONFIG'],
    ['an unknown field', { methods: ['trajectory'], colour: 'red' }, 'VITALS_E_INVALID_INPUT'],
  ];
  it.each(invalid)('refuses %s with 400 and keeps the stored profile', async (_what, body, code) => {
    const before = (await server.anonymous().get(path('fw-prof'))).body;
    const response = await planner.put(path('fw-prof'), body);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect((await server.anonymous().get(path('fw-prof'))).body).toEqual(before);
  });
});

describe('the demo profile saved with the shipped content', () => {
  it('gives Healthy Hebei the default methods, the city assessment and the health index, once', async () => {
    expect((await server.anonymous().get(path(HEBEI_PLAN))).status).toBe(404);
    expect(await saveDemoProfiles(server.db, 'system:content')).toEqual([HEBEI_PLAN]);
    const profile = (await server.anonymous().get(path(HEBEI_PLAN))).body;
    expect(profile.methods).toEqual(['trajectory', 'statcan']);
    expect(profile.scheme.code).toBe('hebei-city-assessment');
    expect(profile.indexConfig.id).toBe('hebei-health-index-demo');
    expect(await saveDemoProfiles(server.db, 'system:content')).toEqual([]);
  });

  it('never overwrites a profile set through the API', async () => {
    expect((await planner.put(path(HEBEI_PLAN), { methods: ['sdsn'] })).status).toBe(200);
    expect(await saveDemoProfiles(server.db, 'system:content')).toEqual([]);
    expect((await server.anonymous().get(path(HEBEI_PLAN))).body.methods).toEqual(['sdsn']);
  });
});
