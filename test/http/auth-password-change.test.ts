/**
 * Server-side enforcement of `mustChangePassword` (a generated or reset password) and the
 * authentication settings taken from the typed config (src/config.ts → services/auth/settings.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_CHANGE_ROUTES } from '../../src/http/plugins/index.js';
import { UserService } from '../../src/services/users/index.js';
import { ApiClient, login, loginAs, REGIONS, startTestServer, TEST_PASSWORD, type TestServer } from './helpers.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  // Config values that differ from the defaults (lockout after 5, idle 30 min), so the tests
  // below can only pass when the config reaches the services.
  server = await startTestServer({ config: { lockoutThreshold: 2, lockoutMinutes: 7, sessionIdleMinutes: 10, loginAttemptsPerIp: 1000 } });
  admin = await loginAs(server, { username: 'pwd.admin', roles: ['admin'], viewScope: [REGIONS.hebei] });
});
afterAll(() => server?.close());

/** An account created without a password: it gets a generated one and must change it. */
async function flaggedUser(username: string): Promise<{ client: ApiClient; password: string }> {
  const { generatedPassword } = await new UserService(server.db, server.clock.now).create(
    { username, displayName: username, roles: ['planner'], captureScope: [REGIONS.hebei], viewScope: [REGIONS.hebei] },
    { actorId: 'test-setup' },
  );
  return { client: await login(server, username, generatedPassword!), password: generatedPassword! };
}

describe('an account that must change its password', () => {
  // Each is a real endpoint the planner could use; anonymous visitors may even use the first three.
  const blocked: Array<[method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown]> = [
    ['GET', '/health'],
    ['GET', '/regions?within=130000'],
    ['GET', '/frameworks'],
    ['GET', '/data-values'],
    ['GET', '/tokens'],
    ['POST', '/tokens', { name: 'sneaky' }],
    ['GET', '/evaluations'],
    ['GET', '/dashboard/map?indicator=IMR&region=130000&period=2024'],
    ['POST', '/frameworks', { code: 'fw-sneaky', name: { zh: '不应创建' }, jurisdiction: '130000', startYear: 2023, endYear: 2027 }],
    ['GET', '/api/v1/users'],
  ];

  it.each(blocked)('%s %s answers 403 VITALS_E_PASSWORD_CHANGE_REQUIRED', async (method, path, body) => {
    const { client } = await flaggedUser(`flag.${blocked.findIndex(([m, p]) => m === method && p === path)}`);
    const response = await client.request(method, path, body);
    expect(response.status, response.text).toBe(403);
    expect(response.body.error.code).toBe('VITALS_E_PASSWORD_CHANGE_REQUIRED');
  });

  it('may still ask who it is, read the policy, change the password — and then use the API', async () => {
    const { client, password } = await flaggedUser('flag.change');
    const me = await client.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.mustChangePassword).toBe(true);
    expect((await client.get('/auth/password-policy')).status).toBe(200);
    expect((await client.get('/frameworks')).status).toBe(403);

    const changed = await client.post('/auth/password', { currentPassword: password, newPassword: 'Brand-New-Passw0rd' });
    expect(changed.status, changed.text).toBe(204);
    expect((await client.get('/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await client.get('/frameworks')).status).toBe(200);
    expect((await client.post('/frameworks', { code: 'fw-after-change', name: { zh: '改密后' }, jurisdiction: '130000', startYear: 2023, endYear: 2027 })).status).toBe(201);
  });

  it('may log out, and log in again (still flagged)', async () => {
    const { client, password } = await flaggedUser('flag.logout');
    expect((await client.post('/auth/logout')).status).toBe(204);
    const again = await login(server, 'flag.logout', password);
    expect((await again.get('/auth/me')).body.user.mustChangePassword).toBe(true);
    expect((await again.get('/regions?within=130000')).status).toBe(403);
  });

  it('an administrator’s password reset flags the account again', async () => {
    const user = await loginAs(server, { username: 'flag.reset', roles: ['analyst'], viewScope: [REGIONS.hebei] });
    expect((await user.get('/frameworks')).status).toBe(200);
    const reset = await admin.post('/users/flag.reset/password-reset');
    expect(reset.status).toBe(200);
    const again = await login(server, 'flag.reset', reset.body.generatedPassword);
    const refused = await again.get('/frameworks');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('VITALS_E_PASSWORD_CHANGE_REQUIRED');
  });

  it('the allow-list is exactly the documented five routes', () => {
    expect([...PASSWORD_CHANGE_ROUTES].sort()).toEqual([
      'GET /api/v1/auth/me', 'GET /api/v1/auth/password-policy', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/password',
    ]);
  });

  it('does not touch accounts that are not flagged, nor anonymous visitors', async () => {
    expect((await admin.get('/users')).status).toBe(200);
    expect((await server.anonymous().get('/regions?within=130000')).status).toBe(200);
  });
});

describe('authentication settings come from the config', () => {
  it('locks an account after lockoutThreshold = 2 failures, for lockoutMinutes = 7', async () => {
    await loginAs(server, { username: 'lock.me', roles: ['analyst'] });
    const anonymous = server.anonymous();
    const attempt = () => anonymous.post('/auth/login', { username: 'lock.me', password: 'Wrong-Passw0rd-1' });
    expect((await attempt()).status).toBe(401); // failure 1 of 2
    const second = await attempt(); // failure 2 = the threshold: locked
    expect(second.status).toBe(423);
    expect(second.body.error.code).toBe('VITALS_E_ACCOUNT_LOCKED');
    expect(second.body.error.message).toContain('7');
    server.clock.advance({ minutes: 6 });
    expect((await anonymous.post('/auth/login', { username: 'lock.me', password: TEST_PASSWORD })).status).toBe(423);
    server.clock.advance({ minutes: 1, seconds: 1 }); // 7 min 1 s after the lock: over
    expect((await anonymous.post('/auth/login', { username: 'lock.me', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('ends a session idle for sessionIdleMinutes = 10 and reports it at login', async () => {
    const client = await loginAs(server, { username: 'idle.me', roles: ['analyst'] });
    const relogin = await server.anonymous().post('/auth/login', { username: 'idle.me', password: TEST_PASSWORD });
    expect(relogin.body.idleMinutes).toBe(10);
    server.clock.advance({ minutes: 9, seconds: 59 });
    expect((await client.get('/auth/me')).status).toBe(200);
    server.clock.advance({ minutes: 10 }); // 10 min since the last request
    const expired = await client.get('/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('VITALS_E_SESSION_EXPIRED');
  });
});
