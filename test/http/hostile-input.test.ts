/**
 * Hostile input against the platform endpoints: SQL-injection and script strings in every
 * free-text field are stored and returned verbatim, as inert JSON; they never change a query.
 * Oversized bodies get 413, malformed JSON 400 with a clear message, NUL characters and
 * prototype-pollution keys 400, unknown fields 400.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, TEST_PASSWORD, type ApiClient, type TestServer } from './helpers.js';

const HOSTILE = [
  "'; DROP TABLE app_user; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM audit_log WHERE ('1'='1",
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)//',
  '{{constructor.constructor("alert(1)")()}} ${7*7} %s %n',
  '../../etc/passwd\\..\\windows',
  '健康中国 \u202E反转\u200B 😀',
  '$1 $$ E\'\\x41\' \\\\',
];

let server: TestServer;
let admin: ApiClient;
let planner: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, { username: 'hostile.admin', roles: ['admin'] });
  planner = await loginAs(server, { username: 'hostile.planner', roles: ['planner'], captureScope: ['130000'] });
});
afterAll(() => server?.close());

/** The response is JSON (never HTML) and the browser is told not to sniff it. */
function expectInert(res: { headers: Headers }): void {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('free text is stored and returned verbatim', () => {
  it.each(HOSTILE.map((text, i) => [i, text] as const))('string %i: %s', async (i, text) => {
    // Users: display name and e-mail.
    const user = await admin.post('/users', { username: `hostile${i}`, displayName: text, email: text, roles: ['analyst'], password: TEST_PASSWORD });
    expect(user.status).toBe(201);
    const readUser = await admin.get(`/users/hostile${i}`);
    expectInert(readUser);
    expect(readUser.body.displayName).toBe(text);
    expect(readUser.body.email).toBe(text);

    // Tokens: name.
    const token = await admin.post('/tokens', { name: text });
    expect(token.status).toBe(201);
    expect((await admin.get('/tokens?limit=1')).body.items[0].name).toBe(text);

    // Frameworks: names, issuer, document, group names.
    const code = `hostile-fw-${i}`;
    const created = await planner.post('/frameworks', { code, name: { zh: text, en: text }, jurisdiction: '130000', issuer: text, document: text });
    expect(created.status).toBe(201);
    expect((await planner.put(`/frameworks/${code}/groups`, { groups: [{ code: 'G', name: { zh: text } }] })).status).toBe(200);
    const framework = await planner.get(`/frameworks/${code}`);
    expectInert(framework);
    expect(framework.body.framework).toMatchObject({ name: { zh: text, en: text }, issuer: text, document: text });
    expect(framework.body.groups[0].name.zh).toBe(text);

    // Indicators: name, unit, definition, source, department.
    const indicator = `HOSTILE_${i}`;
    const ind = await planner.post('/indicators', {
      code: indicator, name: { zh: text, en: text }, unit: text.slice(0, 50), polarity: 'neutral', periodType: 'year', aggregation: 'sum',
      formula: 'POP', definition: { zh: text, en: text }, source: text, responsibleDepartment: text, ownerRegion: '130000',
    });
    expect(ind.status).toBe(201);
    const readInd = await planner.get(`/indicators/${indicator}`);
    expect(readInd.body).toMatchObject({ name: { zh: text, en: text }, unit: text.slice(0, 50), definition: { zh: text, en: text }, source: text, responsibleDepartment: text });

    // Targets: wording (parsed, unreadable → qualitative) and the source fields.
    const target = await planner.post('/targets', {
      framework: code, indicator, scope: { region: '130000' }, milestoneYear: 2025, wording: text,
      provenance: { source: { document: text, clause: text, note: text, url: text }, verification: 'recalled_unverified' },
    });
    expect(target.status).toBe(201);
    const listed = await planner.get(`/targets?framework=${code}`);
    expectInert(listed);
    expect(listed.body.items[0]).toMatchObject({ wording: text, source: { document: text, clause: text, note: text, url: text }, verified: false });

    // Searches treat it as text to look for, not as SQL or a LIKE pattern.
    for (const path of [`/regions?q=${encodeURIComponent(text)}`, `/users?q=${encodeURIComponent(text)}`, `/audit?actor=${encodeURIComponent(text)}`]) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
    }
    expect((await admin.get(`/regions?q=${encodeURIComponent(text)}`)).body.total).toBe(0);
    // A hostile user name at login is just a wrong user name.
    expect((await server.anonymous().post('/auth/login', { username: text, password: text })).status).toBe(401);
  });

  it('left every table in place and the LIKE wildcards literal', async () => {
    const tables = await sql<{ n: string }>`SELECT count(*)::text AS n FROM information_schema.tables WHERE table_name IN ('app_user', 'audit_log', 'region', 'framework')`.execute(server.db);
    expect(tables.rows[0]!.n).toBe('4');
    // '%' and '_' match only themselves (as wildcards they would match every account):
    // no stored text contains '%%'; only hostile6 contains '%s'; '_' occurs only in app_user and audit_log.
    expect((await admin.get('/users?q=%25%25')).body.total).toBe(0);
    expect((await admin.get('/users?q=%25s')).body.items.map((u: { id: string }) => u.id)).toEqual(['hostile6']);
    expect((await admin.get('/users?q=_')).body.items.map((u: { id: string }) => u.id)).toEqual(['hostile0', 'hostile2']);
    expect((await admin.get('/users?q=hostile')).body.total).toBe(HOSTILE.length + 2); // hostile0…9, hostile.admin, hostile.planner
  });
});

describe('malformed and oversized requests', () => {
  it('malformed JSON gets 400 saying so', async () => {
    const res = await server.anonymous().post('/auth/login', undefined, { raw: '{"username": "a", "password": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VITALS_E_INVALID_INPUT');
    expect(res.body.error.messages.en).toMatch(/malformed JSON/);
    expect(res.body.error.messages['zh-CN']).toMatch(/输入无效/);
  });

  it('an empty JSON body, a wrong type and an unknown field get 400 naming the problem', async () => {
    expect((await server.anonymous().post('/auth/login', undefined, { raw: '' })).status).toBe(400);
    const wrongType = await admin.post('/users', { username: 'x1', displayName: { text: 'x' }, roles: ['analyst'] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('/displayName');
    const extra = await admin.post('/users', { username: 'x2', displayName: 'x', roles: ['analyst'], isAdmin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/additional properties/);
  });

  it('a non-JSON content type gets 415 (a cross-site form cannot log anyone in)', async () => {
    const res = await server.anonymous().post('/auth/login', undefined, { raw: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('VITALS_E_UNSUPPORTED_FORMAT');
  });

  it('prototype-pollution keys and NUL characters get 400', async () => {
    const proto = await server.anonymous().post('/auth/login', undefined, { raw: '{"username":"a","password":"b","__proto__":{"isAdmin":true}}' });
    expect(proto.status).toBe(400);
    const nul = await admin.post('/users', { username: 'nul.user', displayName: 'a\u0000b', roles: ['analyst'] });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toContain('/displayName');
    expect((await admin.get('/users/%00')).status).toBe(400);
    expect((await server.anonymous().post('/auth/login', { username: 'ad\u0000min', password: 'x' })).status).toBe(400);
  });

  it('a body over the limit gets 413 before it is parsed', async () => {
    const huge = JSON.stringify({ username: 'a', password: 'x'.repeat(server.config.bodyLimit + 1024) });
    const res = await server.anonymous().post('/auth/login', undefined, { raw: huge });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('VITALS_E_PAYLOAD_TOO_LARGE');
  });

  it('parameters outside their bounds get 400, not 500', async () => {
    for (const path of ['/users?limit=0', '/users?offset=-1', '/regions?level=galaxy', '/periods/parse?code=2025Q9', '/regions/tree?depth=99']) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(400);
    }
    expect((await admin.delete('/tokens/abc')).status).toBe(400);
    expect((await admin.get('/users/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });
});
