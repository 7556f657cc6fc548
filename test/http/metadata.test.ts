/**
 * Metadata over HTTP: regions (search, tree, detail, children; the closure table that backs
 * every scope filter follows region writes), periods, frameworks, indicators and targets
 * (writes validated and audited), and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/storage/repositories/audit.repository.js';
import { RegionRepository } from '../../src/storage/repositories/region.repository.js';
import { ScopeRepository } from '../../src/storage/repositories/scope.repository.js';
import { region } from '../support/factories.js';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let planner: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  planner = await loginAs(server, { username: 'meta.planner', roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] });
});
afterAll(() => server?.close());

const codes = (res: { body: { items: Array<{ code: string }> } }) => res.body.items.map((r) => r.code);

describe('regions', () => {
  it('searches by Chinese name, by code prefix, within an ancestor and by level', async () => {
    const anon = server.anonymous();
    expect(codes(await anon.get(`/regions?q=${encodeURIComponent('桥西')}`))).toEqual(['130104']);
    expect(codes(await anon.get('/regions?q=1301'))).toEqual(['130100', '130102', '130104']);
    expect(codes(await anon.get('/regions?within=130000&level=county'))).toEqual(['130102', '130104']);
    const paged = await anon.get('/regions?limit=3&offset=3');
    expect(paged.body.total).toBe(8); // the 8 seeded regions
    expect(paged.body.items).toHaveLength(3);
  });

  it('shows a region with its ancestors, and a tree to a depth', async () => {
    const detail = await server.anonymous().get('/regions/130102');
    expect(detail.body.region).toMatchObject({ code: '130102', name: '长安区', level: 'county', parentCode: '130100', provinceCode: '130000' });
    expect(detail.body.ancestors.map((a: { code: string }) => a.code)).toEqual(['000000', '130000', '130100']);
    expect(detail.body.ancestors[1].name).toBe('河北省');
    const tree = await server.anonymous().get('/regions/tree?root=130000&depth=1');
    expect(tree.body).toMatchObject({ code: '130000', childCount: 1, children: [{ code: '130100', childCount: 2 }] });
    expect(tree.body.children[0].children).toBeUndefined(); // below the requested depth
    expect((await server.anonymous().get('/regions/999999')).status).toBe(404);
    expect(codes(await server.anonymous().get('/regions/130100/children'))).toEqual(['130102', '130104']);
  });

  it('keeps the region closure (the scope filter) in step with region writes and moves', async () => {
    const regions = new RegionRepository(server.db);
    await regions.upsertMany([region('130105', '新华区', 'county', '130100')]);
    const scope = new ScopeRepository(server.db);
    expect(await scope.contains({ kind: 'view', roots: ['130100'] }, '130105')).toBe(true);
    expect(await scope.contains({ kind: 'view', roots: ['110000'] }, '130105')).toBe(false);
    // Move it under Beijing's 市辖区: every filter follows at once.
    await regions.upsertMany([region('130105', '新华区', 'county', '110100')]);
    expect(await scope.contains({ kind: 'view', roots: ['130100'] }, '130105')).toBe(false);
    expect(await scope.contains({ kind: 'view', roots: ['110000'] }, '130105')).toBe(true);
    expect((await scope.lineage('130105'))!.ancestors.map((a) => a.code)).toEqual(['110100', '110000', '000000']);
    expect(await scope.contains({ kind: 'view', roots: [] }, '130105')).toBe(false); // empty scope: nothing
    expect(await scope.contains({ kind: 'system' }, '130105')).toBe(true);
  });
});

describe('periods', () => {
  it('parses what people write into the stable code with dates and labels', async () => {
    const res = await server.anonymous().get(`/periods/parse?code=${encodeURIComponent('2025年第3季度')}`);
    // Q3 = July–September: starts 2025-07-01, ends (exclusive) 2025-10-01.
    expect(res.body).toEqual({ code: '2025Q3', type: 'quarter', year: 2025, index: 3, start: '2025-07-01', end: '2025-10-01', label: { 'zh-CN': '2025年第3季度', en: '2025 Q3' } });
    const bad = await server.anonymous().get('/periods/parse?code=2025Q5');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VITALS_E_INVALID_PERIOD');
  });

  it('lists a range and the periods within a coarser one', async () => {
    const months = await server.anonymous().get('/periods?from=2024M11&to=2025M02');
    expect(months.body.items.map((p: { code: string }) => p.code)).toEqual(['2024M11', '2024M12', '2025M01', '2025M02']);
    const halves = await server.anonymous().get('/periods?within=2025&type=half_year');
    expect(halves.body.items.map((p: { label: { 'zh-CN': string } }) => p.label['zh-CN'])).toEqual(['2025年上半年', '2025年下半年']);
    expect((await server.anonymous().get('/periods?from=2024Q1&to=2024M03')).status).toBe(400); // mixed types
  });
});

describe('frameworks, indicators and targets', () => {
  it('creates a framework, refuses a duplicate, and audits edits with old and new values', async () => {
    const body = { code: 'healthy-test', name: { zh: '健康测试行动', en: 'Healthy Test' }, jurisdiction: '130000', startYear: 2023, endYear: 2027, status: 'draft' };
    expect((await planner.post('/frameworks', body)).status).toBe(201);
    expect((await planner.post('/frameworks', body)).status).toBe(409);
    const patched = await planner.patch('/frameworks/healthy-test', { status: 'active' });
    expect(patched.body).toMatchObject({ code: 'healthy-test', version: 1, status: 'active', jurisdiction: '130000', startYear: 2023 });
    const [update] = await new AuditRepository(server.db).query({ entity: 'framework', entityKey: 'healthy-test|1' });
    expect(update).toMatchObject({ actor: 'meta.planner', action: 'update', oldValue: { status: 'draft' }, newValue: { status: 'active' } });
    expect((await server.anonymous().get('/frameworks?q=测试行动')).body.items.map((f: { code: string }) => f.code)).toEqual(['healthy-test']);
  });

  it('checks indicator formulas before writing, and switches between formula and ratio', async () => {
    const bad = await planner.post('/indicators', { code: 'BAD_REF', name: { zh: '坏' }, unit: '%', polarity: 'neutral', periodType: 'year', aggregation: 'ratio_of_sums', numerator: 'NO_SUCH_ELEMENT', denominator: 'POP', factor: 100, ownerRegion: '130000' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('NO_SUCH_ELEMENT');
    expect((await server.anonymous().get('/indicators/BAD_REF')).status).toBe(404); // nothing written

    const created = await planner.post('/indicators', { code: 'DEATHS_PER_BIRTH', name: { zh: '死亡出生比' }, unit: '‰', polarity: 'lower_is_better', periodType: 'year', aggregation: 'not_aggregatable', formula: 'INFANT_DEATHS / LIVE_BIRTHS * 1000', ownerRegion: '130000' });
    expect(created.status).toBe(201);
    expect(created.body.owner).toBe('130000');
    // A change that leaves the definition invalid is refused whole: ratio_of_sums needs a ratio.
    const invalid = await planner.patch('/indicators/DEATHS_PER_BIRTH', { aggregation: 'ratio_of_sums' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('needs a numerator and a denominator');
    const switched = await planner.patch('/indicators/DEATHS_PER_BIRTH', { aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS', factor: 1000 });
    expect(switched.status, switched.text).toBe(200);
    expect(switched.body).toMatchObject({ aggregation: 'ratio_of_sums', numerator: 'INFANT_DEATHS', denominator: 'LIVE_BIRTHS', factor: 1000 });
    expect(switched.body.formula).toBeUndefined();
    const rows = await new AuditRepository(server.db).query({ entity: 'indicator', entityKey: 'DEATHS_PER_BIRTH' });
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    // The nation owns shipped indicators: a provincial planner may not edit them.
    expect((await planner.patch('/indicators/IMR', { source: 'x' })).status).toBe(403);
  });

  it('stores a target from its wording, validates explicit specs, replaces by natural key, and filters', async () => {
    await planner.put('/frameworks/healthy-test/indicators', { indicators: [{ indicator: 'IMR', nature: 'binding' }] });
    const source = { document: '健康测试行动（测试）', clause: '二、主要指标' };
    const first = await planner.post('/targets', { framework: 'healthy-test', indicator: 'IMR', scope: { region: '130000' }, milestoneYear: 2025, wording: '<6‰', provenance: { source, verification: 'confirmed_text' } });
    expect(first.status).toBe(201);
    expect(first.body.target).toMatchObject({ kind: 'threshold', spec: { kind: 'threshold', op: 'lt', value: 6 }, wording: '<6‰', source, verification: 'confirmed_text', verified: true });
    expect(first.body.parsed.confidence).toBe('exact');

    const invalid = await planner.post('/targets', { framework: 'healthy-test', indicator: 'IMR', scope: { region: '130000' }, milestoneYear: 2025, wording: 'x', spec: { kind: 'threshold', op: 'about' }, provenance: { source, verification: 'synthetic' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VITALS_E_INVALID_TARGET');

    const replaced = await planner.post('/targets', { framework: 'healthy-test', indicator: 'IMR', scope: { region: '130000' }, milestoneYear: 2025, wording: '≤5.5‰', provenance: { source, verification: 'recalled_unverified' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.target).toMatchObject({ spec: { op: 'le', value: 5.5 }, verified: false });
    await planner.post('/targets', { framework: 'healthy-test', indicator: 'IMR', scope: { level: 'county', within: '130000' }, milestoneYear: 2027, wording: '<5‰', provenance: { source, verification: 'synthetic' } });

    const forCounty = await server.anonymous().get('/targets?framework=healthy-test&region=130102');
    expect(forCounty.body.items.map((t: { milestoneYear: number; scope: unknown }) => [t.milestoneYear, t.scope])).toEqual([[2027, { level: 'county', within: '130000' }]]);
    expect((await server.anonymous().get('/targets?framework=healthy-test&year=2025')).body.total).toBe(1);
    expect((await server.anonymous().get('/targets?framework=healthy-test&verified=true')).body.total).toBe(0);
    const audit = await new AuditRepository(server.db).query({ entity: 'target' });
    expect(audit.filter((r) => r.entityKey.startsWith('healthy-test|IMR|{"region":"130000"}|2025')).map((r) => r.action)).toEqual(['update', 'create']);
  });
});

describe('OpenAPI', () => {
  it('documents every platform route with request and response schemas', async () => {
    const doc = (await server.anonymous().get('/api/docs/json')).body;
    const prefixes = ['/api/v1/auth', '/api/v1/users', '/api/v1/tokens', '/api/v1/roles', '/api/v1/audit', '/api/v1/regions', '/api/v1/periods', '/api/v1/frameworks', '/api/v1/indicators', '/api/v1/targets'];
    const paths = Object.keys(doc.paths).filter((p) => prefixes.some((prefix) => p.startsWith(prefix)));
    expect(paths.length).toBeGreaterThanOrEqual(25);
    for (const path of paths) {
      for (const [method, operation] of Object.entries(doc.paths[path] as Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>)) {
        const ok = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
        expect(ok.length, `${method} ${path} has a 2xx response schema`).toBeGreaterThan(0);
        if (['post', 'put', 'patch'].includes(method) && !/logout|password-reset/.test(path)) expect(operation.requestBody, `${method} ${path} body`).toBeDefined();
      }
    }
  });
});
