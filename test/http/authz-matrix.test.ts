/**
 * THE AUTHORIZATION MATRIX: every endpoint × every role × inside and outside the role's scope,
 * with the expected status in ONE table (`MATRIX`), over real HTTP against PostgreSQL.
 *
 * Cast (test/http/helpers.ts `standardCast`), all scoped to Hebei:
 *   public   anonymous
 *   admin    view 130000 (no capture scope: administrators do not edit data or metadata)
 *   planner  capture + view 130000
 *   reporter capture 130102 (长安区)
 *   reviewer capture 130100 (石家庄市)
 *   analyst  view 130000
 * "in" requests target Hebei (county 130102, province 130000); "out" requests target Beijing
 * (110101, 110000). An expectation is one status (same in and out) or [in, out].
 *
 * Invariants checked on every cell besides the status:
 * - a refused request (4xx) leaves no audit row, and every write is audited in its own
 *   transaction, so "no audit row" means "nothing was written" (rows flagged `auditsRefusals`
 *   audit the refusal itself, e.g. a failed password check);
 * - rows with a `leak` check assert that a successful read returned nothing outside the scope.
 *
 * TO ADD ENDPOINTS: append rows to MATRIX (and a setup function to FIXTURES if they need data).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/storage/repositories/audit.repository.js';
import { FrameworkRepository } from '../../src/storage/repositories/framework.repository.js';
import { MetadataRepository } from '../../src/storage/repositories/metadata.repository.js';
import { ScopeRepository } from '../../src/storage/repositories/scope.repository.js';
import { MX_FORM, matrixReportingFixture, scopedRead } from './reporting.fixtures.js';
import { matrixDashboardFixture } from './dashboard.fixtures.js';
import { matrixEvaluationFixture, RUN_FRAMEWORK, runOverlaps } from './evaluations.fixtures.js';
import { CAST_ROLES, createUser, login, standardCast, startTestServer, TEST_PASSWORD, type ApiClient, type ApiResponse, type Cast, type CastRole, type TestServer } from './helpers.js';

type Where = 'in' | 'out';
type Expect = number | readonly [inside: number, outside: number];

export interface MatrixContext {
  readonly server: TestServer;
  readonly cast: Cast;
  /** Region codes for inside / outside requests. */
  readonly county: Record<Where, string>;
  readonly province: Record<Where, string>;
  /** A fresh name on every call (writes must not collide across cells). */
  unique(prefix: string): string;
  /** Values made by FIXTURES, by name. */
  readonly fixtures: Map<string, string | number>;
}

export interface MatrixRow {
  /** 'METHOD /path' as documented in docs/api.md. */
  readonly endpoint: string;
  readonly request: (ctx: MatrixContext, where: Where, role: CastRole) => { path: string; body?: unknown };
  readonly expect: Record<CastRole, Expect>;
  /** Run on a 2xx answer: throw (expect) if anything outside the role's scope came back. */
  readonly leak?: (response: ApiResponse, role: CastRole, ctx: MatrixContext) => void;
  /** The endpoint audits refusals itself (failed credential checks). */
  readonly auditsRefusals?: boolean;
  /** Send from a fresh login of the role (the request ends or alters the session). */
  readonly freshSession?: boolean;
}

const HEBEI = ['130000', '130100', '130102', '130104'];
const SHIJIAZHUANG = ['130100', '130102', '130104'];
/** Regions each role may see (view ∪ capture scope, with descendants) in the seeded tree. */
const VISIBLE: Record<CastRole, readonly string[]> = { public: [], admin: HEBEI, planner: HEBEI, reporter: ['130102'], reviewer: SHIJIAZHUANG, analyst: HEBEI };

const all = (status: number): Record<CastRole, Expect> => ({ public: status, admin: status, planner: status, reporter: status, reviewer: status, analyst: status });
const usersOnly = (status: number): Record<CastRole, Expect> => ({ ...all(status), public: 401 });
const adminOnly = (status: number): Record<CastRole, Expect> => ({ public: 401, admin: status, planner: 403, reporter: 403, reviewer: 403, analyst: 403 });
/** metadata.write is checked against the capture scope: only the planner, and only in Hebei. */
const plannerInScope = (status: number): Record<CastRole, Expect> => ({ public: 401, admin: 403, planner: [status, 403], reporter: 403, reviewer: 403, analyst: 403 });

const frameworkBody = (ctx: MatrixContext, where: Where) => ({ code: ctx.unique('fw'), name: { zh: '矩阵测试规划' }, jurisdiction: ctx.province[where], startYear: 2023, endYear: 2027 });
const fw = (where: Where) => (where === 'in' ? 'fw-hebei' : 'fw-beijing');
const ind = (where: Where) => (where === 'in' ? 'IND_HB' : 'IND_BJ');
/** Unpublished runs: every user whose view scope overlaps the Hebei run (all of the cast); Beijing's is invisible (404). */
const readerOfRuns: Record<CastRole, Expect> = { public: 404, admin: [200, 404], planner: [200, 404], reporter: [200, 404], reviewer: [200, 404], analyst: [200, 404] };
const runBody = (c: MatrixContext, where: Where) => ({ framework: RUN_FRAMEWORK[where], region: c.province[where], year: 2024, methods: ['trajectory'] });

// prettier-ignore
export const MATRIX: MatrixRow[] = [
  // ── system and identity ────────────────────────────────────────────────────────────────
  { endpoint: 'GET /health',                 request: () => ({ path: '/health' }),                 expect: all(200) },
  { endpoint: 'GET /auth/password-policy',   request: () => ({ path: '/auth/password-policy' }),   expect: all(200) },
  { endpoint: 'POST /auth/login',            request: (c) => ({ path: '/auth/login', body: { username: c.unique('nobody'), password: 'Wrong-Pass-123' } }), expect: all(401), auditsRefusals: true },
  { endpoint: 'GET /auth/me',                request: () => ({ path: '/auth/me' }),                expect: usersOnly(200) },
  { endpoint: 'POST /auth/password',         request: () => ({ path: '/auth/password', body: { currentPassword: 'Wrong-Pass-123', newPassword: 'Other-Pass-456' } }), expect: all(401), auditsRefusals: true },
  { endpoint: 'POST /auth/logout',           request: () => ({ path: '/auth/logout' }),            expect: all(204), freshSession: true },
  { endpoint: 'GET /tokens',                 request: () => ({ path: '/tokens' }),                 expect: usersOnly(200) },
  { endpoint: 'POST /tokens',                request: (c) => ({ path: '/tokens', body: { name: c.unique('tok') } }), expect: usersOnly(201) },
  { endpoint: 'DELETE /tokens/:id',          request: () => ({ path: '/tokens/999999' }),          expect: usersOnly(404) },
  { endpoint: 'GET /roles',                  request: () => ({ path: '/roles' }),                  expect: all(200) },
  // ── users (users.manage: admin only, not scoped) ───────────────────────────────────────────
  { endpoint: 'GET /users',                  request: () => ({ path: '/users' }),                  expect: adminOnly(200) },
  { endpoint: 'POST /users',                 request: (c, w) => ({ path: '/users', body: { username: c.unique('u'), displayName: 'm', roles: ['reporter'], captureScope: [c.county[w]], password: TEST_PASSWORD } }), expect: adminOnly(201) },
  { endpoint: 'GET /users/:id',              request: () => ({ path: '/users/matrix.target' }),    expect: adminOnly(200) },
  { endpoint: 'PATCH /users/:id',            request: (c, w) => ({ path: '/users/matrix.target', body: { viewScope: [c.province[w]] } }), expect: adminOnly(200) },
  { endpoint: 'POST /users/:id/password-reset', request: () => ({ path: '/users/matrix.target/password-reset' }), expect: adminOnly(200) },
  // ── audit (audit.read in the view scope; rows without a region for users.manage) ──────────
  {
    endpoint: 'GET /audit',
    request: (c, w) => ({ path: `/audit?region=${c.county[w]}&limit=500` }),
    expect: { public: 401, admin: [200, 403], planner: 403, reporter: 403, reviewer: [200, 403], analyst: 403 },
    leak: (res, role) => {
      for (const row of res.body.items) expect(VISIBLE[role], `audit row ${row.id} (${row.region})`).toContain(row.region);
    },
  },
  {
    endpoint: 'GET /audit (unfiltered)',
    request: () => ({ path: '/audit?limit=500' }),
    expect: { public: 401, admin: 200, planner: 403, reporter: 403, reviewer: 200, analyst: 403 },
    leak: (res, role) => {
      for (const row of res.body.items) {
        if (row.region === null) expect(role, `global audit row ${row.id}`).toBe('admin');
        else expect(VISIBLE[role], `audit row ${row.id} (${row.region})`).toContain(row.region);
      }
    },
  },
  // ── public metadata: regions and periods ─────────────────────────────────────────────────
  { endpoint: 'GET /regions',                request: (c, w) => ({ path: `/regions?within=${c.province[w]}` }), expect: all(200) },
  { endpoint: 'GET /regions/tree',           request: (c, w) => ({ path: `/regions/tree?root=${c.province[w]}&depth=2` }), expect: all(200) },
  { endpoint: 'GET /regions/:code',          request: (c, w) => ({ path: `/regions/${c.county[w]}` }), expect: all(200) },
  { endpoint: 'GET /regions/:code/children', request: (c, w) => ({ path: `/regions/${c.province[w]}/children` }), expect: all(200) },
  { endpoint: 'GET /periods/parse',          request: () => ({ path: '/periods/parse?code=2025Q3' }), expect: all(200) },
  { endpoint: 'GET /periods',                request: () => ({ path: '/periods?within=2025&type=quarter' }), expect: all(200) },
  // ── frameworks, indicators, targets (public reads; writes: metadata.write in capture scope) ──
  { endpoint: 'GET /frameworks',             request: () => ({ path: '/frameworks' }),             expect: all(200) },
  { endpoint: 'GET /frameworks/:code',       request: (_c, w) => ({ path: `/frameworks/${fw(w)}` }), expect: all(200) },
  { endpoint: 'POST /frameworks',            request: (c, w) => ({ path: '/frameworks', body: frameworkBody(c, w) }), expect: plannerInScope(201) },
  { endpoint: 'PATCH /frameworks/:code',     request: (_c, w) => ({ path: `/frameworks/${fw(w)}`, body: { issuer: '矩阵' } }), expect: plannerInScope(200) },
  { endpoint: 'PUT /frameworks/:code/groups', request: (_c, w) => ({ path: `/frameworks/${fw(w)}/groups`, body: { groups: [{ code: 'G1', name: { zh: '一' } }] } }), expect: plannerInScope(200) },
  { endpoint: 'PUT /frameworks/:code/indicators', request: (_c, w) => ({ path: `/frameworks/${fw(w)}/indicators`, body: { indicators: [{ indicator: 'IMR', nature: 'binding' }] } }), expect: plannerInScope(200) },
  { endpoint: 'GET /indicators',             request: () => ({ path: '/indicators' }),             expect: all(200) },
  { endpoint: 'GET /indicators/:code',       request: (_c, w) => ({ path: `/indicators/${ind(w)}` }), expect: all(200) },
  { endpoint: 'POST /indicators',            request: (c, w) => ({ path: '/indicators', body: { code: c.unique('IND').toUpperCase(), name: { zh: '指标' }, unit: '人', polarity: 'neutral', periodType: 'year', aggregation: 'sum', formula: 'POP', ownerRegion: c.province[w] } }), expect: plannerInScope(201) },
  { endpoint: 'PATCH /indicators/:code',     request: (_c, w) => ({ path: `/indicators/${ind(w)}`, body: { source: '矩阵来源' } }), expect: plannerInScope(200) },
  { endpoint: 'GET /targets',                request: (c, w) => ({ path: `/targets?region=${c.province[w]}` }), expect: all(200) },
  { endpoint: 'POST /targets/parse-wording', request: () => ({ path: '/targets/parse-wording', body: { wording: '≥90%' } }), expect: all(200) },
  {
    endpoint: 'POST /targets',
    request: (c, w) => ({ path: '/targets', body: { framework: fw(w), indicator: 'IMR', scope: { region: c.province[w] }, milestoneYear: 2000 + (Number(c.unique('')) % 100), wording: '<7‰', provenance: { source: { document: '矩阵' }, verification: 'synthetic' } } }),
    expect: plannerInScope(201),
  },
  // ── reporting: data sets, data entry, workflow, inbox, data values, attachments, imports, DHIS2 ──
  // (fixture: matrixReportingFixture in reporting.fixtures.ts; MX_FORM is a yearly county form)
  { endpoint: 'GET /datasets',               request: () => ({ path: '/datasets' }),               expect: all(200) },
  { endpoint: 'GET /datasets/:code',         request: () => ({ path: '/datasets/MX_FORM' }),       expect: all(200) },
  { endpoint: 'PUT /datasets/:code',         request: (c, w) => ({ path: '/datasets/MX_PUT', body: { definition: { ...MX_FORM, code: 'MX_PUT' }, ownerRegion: c.province[w] } }), expect: plannerInScope(200) },
  {
    endpoint: 'GET /datasets/:code/expected',
    request: (c, w) => ({ path: `/datasets/MX_FORM/expected?period=2022&within=${c.county[w]}` }),
    expect: scopedRead,
    leak: (res, role) => { for (const r of res.body.regions) expect(VISIBLE[role], `expected cells of ${r}`).toContain(r); },
  },
  { endpoint: 'GET /datasets/:code/forms/:region/:period', request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2024` }), expect: scopedRead },
  {
    endpoint: 'PUT /datasets/:code/forms/:region/:period',
    request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2024`, body: { expectedVersion: 0, values: [{ element: 'LIVE_BIRTHS', value: 10, comment: "x'); DROP TABLE data_value;--" }] } }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [200, 403], reviewer: 403, analyst: 403 },
  },
  { endpoint: 'GET /datasets/:code/forms/:region/:period/workflow', request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2024/workflow` }), expect: scopedRead },
  {
    endpoint: 'POST /datasets/:code/forms/:region/:period/workflow (submit)',
    // One form per role (period 2010 + role index), so that no cell depends on another's outcome.
    request: (c, w, role) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/${2010 + CAST_ROLES.indexOf(role)}/workflow`, body: { action: 'submit', expectedVersion: 0 } }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [200, 403], reviewer: 403, analyst: 403 },
  },
  {
    endpoint: 'POST /datasets/:code/forms/:region/:period/workflow (approve)',
    request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2030/workflow`, body: { action: 'approve', expectedVersion: c.fixtures.get('approveVersion') } }),
    expect: { public: 401, admin: 403, planner: 403, reporter: 403, reviewer: [200, 403], analyst: 403 },
  },
  {
    endpoint: 'GET /workflow',
    request: (c, w) => ({ path: `/workflow?within=${c.county[w]}` }),
    expect: scopedRead,
    leak: (res, role) => { for (const s of res.body.items) expect(VISIBLE[role], `status of ${s.region}`).toContain(s.region); },
  },
  {
    endpoint: 'POST /workflow/bulk',
    request: (_c, w) => ({ path: '/workflow/bulk', body: { action: 'approve', items: [{ dataSet: 'MX_FORM', region: w === 'in' ? '130104' : '110101', period: '2031', expectedVersion: 1 }] } }),
    expect: { public: 401, admin: 403, planner: 403, reporter: 403, reviewer: 200, analyst: 403 },
    leak: (res, _role, c) => { for (const r of res.body.results) expect(r.ok, `bulk approval of ${r.region}`).toBe(r.region !== c.county.out); },
  },
  {
    endpoint: 'GET /inbox',
    request: () => ({ path: '/inbox' }),
    expect: usersOnly(200),
    leak: (res, role) => { for (const i of res.body.items) expect(VISIBLE[role], `inbox item of ${i.region}`).toContain(i.region); },
  },
  {
    endpoint: 'GET /data-values',
    request: (c, w) => ({ path: `/data-values?within=${c.county[w]}` }),
    expect: scopedRead,
    leak: (res, role) => { for (const v of res.body.items) expect(VISIBLE[role], `value of ${v.region}`).toContain(v.region); },
  },
  {
    endpoint: 'GET /data-values (unfiltered)',
    request: () => ({ path: '/data-values?period=2022' }),
    expect: usersOnly(200),
    leak: (res, role) => { for (const v of res.body.items) expect(VISIBLE[role], `value of ${v.region}`).toContain(v.region); },
  },
  { endpoint: 'GET /datasets/:code/forms/:region/:period/attachments', request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2025/attachments` }), expect: scopedRead },
  {
    endpoint: 'POST /datasets/:code/forms/:region/:period/attachments',
    // Sent as JSON: the scope check comes first, then "not multipart" (415) for the one who may upload.
    request: (c, w) => ({ path: `/datasets/MX_FORM/forms/${c.county[w]}/2025/attachments`, body: {} }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [415, 403], reviewer: 403, analyst: 403 },
  },
  { endpoint: 'GET /attachments/:id',        request: (c, w) => ({ path: `/attachments/${c.fixtures.get(w === 'in' ? 'attIn' : 'attOut')}` }), expect: scopedRead },
  {
    endpoint: 'DELETE /attachments/:id',
    request: (c, w) => ({ path: `/attachments/${c.fixtures.get(w === 'in' ? 'attDel' : 'attDelOut')}` }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [204, 403], reviewer: 403, analyst: 403 },
  },
  {
    endpoint: 'POST /imports',
    request: (c, w) => ({ path: '/imports?fileName=mx.json', body: [{ region: c.county[w], data_element: 'POP', period: '2019', value: 5 }] }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [200, 422], reviewer: 403, analyst: 403 },
  },
  { endpoint: 'GET /imports/:id',            request: (c) => ({ path: `/imports/${c.fixtures.get('importBatch')}` }), expect: { public: 401, admin: 403, planner: 403, reporter: 200, reviewer: 403, analyst: 403 } },
  {
    endpoint: 'POST /dataValueSets',
    request: (c, w) => ({ path: '/dataValueSets', body: { dataValues: [{ dataElement: 'POP', period: '2018', orgUnit: c.county[w], value: '5' }] } }),
    expect: { public: 401, admin: 403, planner: 403, reporter: [200, 409], reviewer: 403, analyst: 403 },
  },
  // ── dashboards (results.read_published: everyone; figures are filtered, never refused: the view
  //    scope, or years covered by a published run — none here, so the public sees nothing) ──────
  {
    endpoint: 'GET /dashboard/map',
    request: (c, w) => ({ path: `/dashboard/map?indicator=MX_BEDS_RATE&region=${c.province[w]}&period=2024&level=county` }),
    expect: all(200),
    leak: (res, role) => {
      for (const i of res.body.items) expect(VISIBLE[role], `map cell of ${i.region.code}`).toContain(i.region.code);
      // The fixture stores beds for every county: a cell the role may see carries its figure.
      for (const i of res.body.items) expect(i.figure?.value, `figure of ${i.region.code}`).toEqual(expect.any(Number));
    },
  },
  {
    endpoint: 'GET /dashboard/trend',
    request: (c, w) => ({ path: `/dashboard/trend?indicator=MX_BEDS_RATE&region=${c.county[w]}&framework=fw-hebei` }),
    expect: all(200),
    leak: (res, role) => { if (res.body.actuals.some((a: { value: unknown }) => a.value !== null)) expect(VISIBLE[role], `trend of ${res.body.region.code}`).toContain(res.body.region.code); },
  },
  {
    endpoint: 'GET /dashboard/scorecard',
    request: (c, w) => ({ path: `/dashboard/scorecard?framework=fw-hebei&region=${c.county[w]}&period=2024` }),
    expect: all(200),
    leak: (res, role) => { for (const i of res.body.items) if (i.latest) expect(VISIBLE[role], `scorecard of ${res.body.region.code}`).toContain(res.body.region.code); },
  },
  {
    endpoint: 'GET /dashboard/ranking',
    request: (c, w) => ({ path: `/dashboard/ranking?by=indicator&indicator=MX_BEDS_RATE&region=${c.province[w]}&period=2024&level=county` }),
    expect: all(200),
    leak: (res, role) => { for (const i of res.body.items) expect(VISIBLE[role], `ranking row of ${i.region.code}`).toContain(i.region.code); },
  },
  {
    endpoint: 'GET /dashboard/index',
    request: (c, w) => ({ path: `/dashboard/index?framework=fw-hebei&region=${c.province[w]}&level=county&from=2024&to=2024` }),
    expect: all(200),
    leak: (res, role) => { for (const p of res.body.periods) for (const u of p.units) expect(VISIBLE[role], `index unit ${u.region.code}`).toContain(u.region.code); },
  },
  // ── evaluation runs (fixture: matrixEvaluationFixture in evaluations.fixtures.ts). Published
  //    runs are public in full; unpublished ones only overlapping the view scope, their results
  //    cut to it, and an invisible run is 404. Run: results.run (view); publish: results.publish
  //    (capture). "out" is Beijing: for the reviewer (石家庄市) another city's run ──────────────
  {
    endpoint: 'GET /evaluations',
    request: (_c, w) => ({ path: `/evaluations?framework=${fw(w)}&limit=100` }),
    expect: all(200),
    leak: (res, role) => {
      for (const r of res.body.items) if (!r.published) expect(role !== 'public' && runOverlaps(VISIBLE[role], r.region), `unpublished run ${r.id} (${r.region})`).toBe(true);
    },
  },
  { endpoint: 'GET /evaluations/:id',          request: (c, w) => ({ path: `/evaluations/${c.fixtures.get(w === 'in' ? 'evIn' : 'evOut')}` }), expect: readerOfRuns },
  { endpoint: 'GET /evaluations/:id (published)', request: (c, w) => ({ path: `/evaluations/${c.fixtures.get(w === 'in' ? 'evPubIn' : 'evPubOut')}` }), expect: all(200) },
  {
    endpoint: 'GET /evaluations/:id/results',
    request: (c, w) => ({ path: `/evaluations/${c.fixtures.get(w === 'in' ? 'evIn' : 'evOut')}/results?limit=500` }),
    expect: readerOfRuns,
    leak: (res, role) => {
      expect(res.body.items.length, 'the cut keeps the reader’s own regions').toBeGreaterThan(0);
      for (const r of res.body.items) expect(VISIBLE[role], `result of ${r.region}`).toContain(r.region);
    },
  },
  {
    endpoint: 'GET /evaluations/:id/results (published)',
    request: (c, w) => ({ path: `/evaluations/${c.fixtures.get(w === 'in' ? 'evPubIn' : 'evPubOut')}/results` }),
    expect: all(200),
    // Not cut to a scope: a published run's results are public in full (evaluations.fixtures.ts).
    leak: (res) => expect([['130000', '130100', '130102', '130104'], ['110000', '110100', '110101']]).toContainEqual(res.body.items.map((r: { region: string }) => r.region).sort()),
  },
  { endpoint: 'POST /evaluations',             request: (c, w) => ({ path: '/evaluations', body: runBody(c, w) }), expect: { ...plannerInScope(201), admin: [201, 403] } },
  { endpoint: 'POST /evaluations (publish at once)', request: (c, w) => ({ path: '/evaluations', body: { ...runBody(c, w), publish: true } }), expect: plannerInScope(201) },
  {
    endpoint: 'POST /evaluations/:id/publish',
    // An invisible run is 404 before any permission check, so the public gets 404, not 401.
    request: (c, w) => ({ path: `/evaluations/${c.fixtures.get(w === 'in' ? 'evPublishIn' : 'evPublishOut')}/publish` }),
    expect: { public: 404, admin: [403, 404], planner: [200, 404], reporter: [403, 404], reviewer: [403, 404], analyst: [403, 404] },
  },
  // ── evaluation profiles: public to read; set with results.run (view scope) on the framework's
  //    jurisdiction. "in": fw-profile-hebei (130000, its own so the dashboard rows keep theirs);
  //    "out": fw-beijing (110000), never changed since every "out" cell is refused ──────────────
  { endpoint: 'GET /frameworks/:code/evaluation-profile', request: (_c, w) => ({ path: `/frameworks/${fw(w)}/evaluation-profile` }), expect: all(200) },
  {
    endpoint: 'PUT /frameworks/:code/evaluation-profile',
    request: (_c, w) => ({ path: `/frameworks/${w === 'in' ? 'fw-profile-hebei' : 'fw-beijing'}/evaluation-profile`, body: { methods: ['trajectory'] } }),
    expect: { public: 401, admin: [200, 403], planner: [200, 403], reporter: 403, reviewer: 403, analyst: 403 },
  },
];

/** Data the rows need, made once before the matrix runs (append setup functions for new rows). */
export const FIXTURES: Array<(ctx: MatrixContext) => Promise<void>> = [
  async ({ server }) => {
    const frameworks = new FrameworkRepository(server.db);
    await frameworks.upsertFramework({ code: 'fw-hebei', name: { zh: '健康河北（测试）' }, jurisdiction: '130000', startYear: 2023, endYear: 2027 });
    await frameworks.upsertFramework({ code: 'fw-beijing', name: { zh: '健康北京（测试）' }, jurisdiction: '110000', startYear: 2023, endYear: 2027 });
    await frameworks.upsertFramework({ code: 'fw-profile-hebei', name: { zh: '评估配置（测试）' }, jurisdiction: '130000', startYear: 2023, endYear: 2027 });
    const base = { unit: '人', polarity: 'neutral', periodType: 'year', aggregation: 'sum', formula: 'POP' } as const;
    await new MetadataRepository(server.db).upsertIndicators([{ code: 'IND_HB', name: { zh: '河北指标' }, ...base }, { code: 'IND_BJ', name: { zh: '北京指标' }, ...base }]);
    await new ScopeRepository(server.db).setIndicatorOwner('IND_HB', '130000');
    await new ScopeRepository(server.db).setIndicatorOwner('IND_BJ', '110000');
    await createUser(server, { username: 'matrix.target', roles: ['analyst'] });
    // Audit rows in and out of every scope, so that read filters have something to leak.
    await new AuditRepository(server.db).append(
      ['130000', '130100', '130102', '130104', '110000', '110100', '110101'].map((region) => ({ actor: 'seed', action: 'update', entity: 'data_value', entityKey: `SEED|${region}`, region, period: '2024' })),
    );
  },
  matrixReportingFixture,
  matrixDashboardFixture,
  matrixEvaluationFixture,
];

let ctx: MatrixContext;
let counter = 0;
beforeAll(async () => {
  // Every login of the run comes from 127.0.0.1: lift the per-address limit (tested in auth.test.ts).
  const server = await startTestServer({ auth: { loginAttemptsPerIp: 100_000 } });
  const cast = await standardCast(server, 'mx');
  ctx = {
    server,
    cast,
    county: { in: '130102', out: '110101' },
    province: { in: '130000', out: '110000' },
    unique: (prefix) => `${prefix}${++counter}`,
    fixtures: new Map(),
  };
  for (const setup of FIXTURES) await setup(ctx);
}, 120_000);
afterAll(() => ctx?.server.close());

const auditCount = async (): Promise<number> => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(ctx.server.db)).rows[0]!.n);

async function clientFor(role: CastRole, fresh: boolean): Promise<ApiClient> {
  if (!fresh || role === 'public') return ctx.cast[role];
  return login(ctx.server, ctx.cast[role].user!.id);
}

describe.each(MATRIX.map((row) => [row.endpoint, row] as const))('%s', (_name, row) => {
  it.each(CAST_ROLES.flatMap((role) => (['in', 'out'] as const).map((where) => [role, where] as const)))('%s, %s of scope', async (role, where) => {
    const expected = row.expect[role];
    const status = typeof expected === 'number' ? expected : expected[where === 'in' ? 0 : 1];
    const [method] = row.endpoint.split(' ');
    const { path, body } = row.request(ctx, where, role);
    const client = await clientFor(role, row.freshSession === true);
    const before = await auditCount();
    const response = await client.request(method!, path, body);
    expect(response.status, `${row.endpoint} as ${role} ${where}: ${response.text.slice(0, 300)}`).toBe(status);
    if (status >= 400 && !row.auditsRefusals) expect(await auditCount(), 'a refused request wrote an audit row (so it wrote data)').toBe(before);
    if (status < 300 && row.leak) row.leak(response, role, ctx);
  });
});

describe('the cast is what the table assumes', () => {
  it('roles and scopes as documented above', async () => {
    const me = async (role: Exclude<CastRole, 'public'>) => (await ctx.cast[role].get('/auth/me')).body.user;
    expect(await me('admin')).toMatchObject({ roles: ['admin'], captureScope: [], viewScope: ['130000'] });
    expect(await me('planner')).toMatchObject({ roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] });
    expect(await me('reporter')).toMatchObject({ roles: ['reporter'], captureScope: ['130102'], viewScope: [] });
    expect(await me('reviewer')).toMatchObject({ roles: ['reviewer'], captureScope: ['130100'], viewScope: [] });
    expect(await me('analyst')).toMatchObject({ roles: ['analyst'], captureScope: [], viewScope: ['130000'] });
  });

  it('nothing in Beijing was changed by anyone in the cast', async () => {
    const beijing = await new FrameworkRepository(ctx.server.db).getFramework('fw-beijing');
    expect(beijing!.issuer).toBeNull();
    expect((await new MetadataRepository(ctx.server.db).getIndicator('IND_BJ'))!.source).toBeUndefined();
    const rows = await sql<{ n: string }>`SELECT count(*)::text AS n FROM framework WHERE jurisdiction_code = '110000'`.execute(ctx.server.db);
    expect(rows.rows[0]!.n).toBe('1');
  });
});
