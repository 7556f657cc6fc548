/**
 * Sessions over real HTTP: login and logout, cookie attributes, idle and absolute expiry on
 * the injected clock, lockout and rate limiting (audited), CSRF, password change, disabled
 * accounts. Defaults under test (services/auth/settings.ts): idle 30 min, absolute =
 * config.sessionMinutes (480), lockout after 5 failures for 15 min, 10 attempts per account
 * and 30 per address per 5-minute window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/storage/repositories/audit.repository.js';
import { ApiClient, createUser, login, loginAs, startTestServer, TEST_PASSWORD, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  // Behind a reverse proxy: X-Forwarded-For names the client (the per-IP limit test needs it).
  server = await startTestServer({ config: { trustProxy: true } });
});
afterAll(() => server?.close());

const audit = (entityKey: string) => new AuditRepository(server.db).query({ entity: 'user', entityKey });

describe('login and logout', () => {
  it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie, and reports who I am', async () => {
    await createUser(server, { username: 'li.hua', roles: ['reviewer'], captureScope: ['130100'] });
    const client = new ApiClient(server);
    const res = await client.post('/auth/login', { username: 'Li.Hua', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('vitals_session='))!;
    const csrf = cookies.find((c) => c.startsWith('vitals_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).not.toMatch(/Secure/i); // secureCookies is off by default
    expect(session).toMatch(/Max-Age=28800/); // 480 min × 60 s
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=Strict/i);
    expect(res.body.csrfToken).toBe(client.csrfToken);
    expect(res.body.user).toMatchObject({ id: 'li.hua', roles: ['reviewer'], captureScope: ['130100'] });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash/);

    const me = await client.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.via).toBe('session');
    expect(me.body.permissions).toContain('workflow.approve');
    expect(me.body.permissions).not.toContain('users.manage');

    const rows = await audit('li.hua');
    expect(rows.map((r) => r.action)).toContain('login');
  });

  it('answers wrong passwords and unknown names alike, and audits both', async () => {
    await createUser(server, { username: 'wang.fang', roles: ['analyst'] });
    const anon = server.anonymous();
    const wrong = await anon.post('/auth/login', { username: 'wang.fang', password: 'Not-The-Passw0rd' });
    const unknown = await anon.post('/auth/login', { username: 'nobody.here', password: 'Not-The-Passw0rd' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('VITALS_E_INVALID_CREDENTIALS');
    expect(unknown.body.error).toEqual(wrong.body.error);
    expect((await audit('wang.fang')).map((r) => [r.action, r.reason])).toContainEqual(['login_failed', 'bad_password']);
    expect((await audit('nobody.here')).map((r) => [r.action, r.reason])).toContainEqual(['login_failed', 'unknown_user']);
  });

  it('logout revokes the session server-side: replaying the old cookie fails', async () => {
    const client = await loginAs(server, { username: 'zhao.lei', roles: ['analyst'] });
    const stolen = client.cookies.get('vitals_session')!;
    expect((await client.post('/auth/logout')).status).toBe(204);
    expect(client.cookies.has('vitals_session')).toBe(false);
    const replay = new ApiClient(server);
    replay.cookies.set('vitals_session', stolen);
    const res = await replay.get('/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('VITALS_E_SESSION_EXPIRED');
  });
});

describe('session expiry on the injected clock', () => {
  it('ends a session idle for 30 minutes', async () => {
    const client = await loginAs(server, { username: 'idle.user', roles: ['analyst'] });
    server.clock.advance({ minutes: 29 });
    expect((await client.get('/auth/me')).status).toBe(200); // 29 < 30: alive, and touched
    server.clock.advance({ minutes: 29 });
    expect((await client.get('/auth/me')).status).toBe(200); // 29 since the last request
    server.clock.advance({ minutes: 30 });
    const res = await client.get('/auth/me'); // exactly 30 idle minutes: expired
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('VITALS_E_SESSION_EXPIRED');
    // An expired cookie does not block public reads: the request is simply anonymous.
    expect((await client.get('/regions/130000')).status).toBe(200);
  });

  it('ends an active session after the absolute lifetime (480 minutes)', async () => {
    const client = await loginAs(server, { username: 'busy.user', roles: ['analyst'] });
    // 23 steps of 20 minutes = 460 minutes, always active.
    for (let i = 0; i < 23; i++) {
      server.clock.advance({ minutes: 20 });
      expect((await client.get('/auth/me')).status).toBe(200);
    }
    server.clock.advance({ minutes: 20 }); // 480 minutes since login
    expect((await client.get('/auth/me')).status).toBe(401);
  });
});

describe('lockout and rate limiting', () => {
  it('locks an account for 15 minutes after 5 consecutive failures, audits it, then lets the right password in', async () => {
    await createUser(server, { username: 'chen.jing', roles: ['analyst'] });
    const anon = server.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await anon.post('/auth/login', { username: 'chen.jing', password: `Wrong-Pass-${i}x` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await anon.post('/auth/login', { username: 'chen.jing', password: TEST_PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('VITALS_E_ACCOUNT_LOCKED');
    expect(locked.body.error.messages.en).toContain('15 minute');
    const actions = (await audit('chen.jing')).map((r) => r.action);
    expect(actions.filter((a) => a === 'lockout')).toHaveLength(1);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(6); // 5 bad passwords + 1 while locked

    server.clock.advance({ minutes: 14 });
    expect((await anon.post('/auth/login', { username: 'chen.jing', password: TEST_PASSWORD })).status).toBe(423);
    server.clock.advance({ minutes: 1 }); // 15 minutes after the lock
    expect((await anon.post('/auth/login', { username: 'chen.jing', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('a success resets the failure count', async () => {
    await createUser(server, { username: 'reset.count', roles: ['analyst'] });
    const anon = server.anonymous();
    for (let i = 0; i < 4; i++) expect((await anon.post('/auth/login', { username: 'reset.count', password: 'Wrong-Pass-1x' })).status).toBe(401);
    expect((await anon.post('/auth/login', { username: 'reset.count', password: TEST_PASSWORD })).status).toBe(200);
    // Four more failures: still below five consecutive ones.
    for (let i = 0; i < 4; i++) expect((await anon.post('/auth/login', { username: 'reset.count', password: 'Wrong-Pass-1x' })).status).toBe(401);
    server.clock.advance({ minutes: 5 }); // leave the per-account rate window
  });

  it('locks unknown names the same way (no account enumeration through lockout)', async () => {
    const anon = server.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await anon.post('/auth/login', { username: 'ghost.user', password: 'Wrong-Pass-1x' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
  });

  it('limits attempts per account: the 11th within 5 minutes is refused with 429', async () => {
    await createUser(server, { username: 'often', roles: ['analyst'] });
    server.clock.advance({ minutes: 5 });
    const anon = server.anonymous();
    for (let i = 0; i < 10; i++) expect((await anon.post('/auth/login', { username: 'often', password: TEST_PASSWORD })).status).toBe(200);
    const res = await anon.post('/auth/login', { username: 'often', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('VITALS_E_RATE_LIMITED');
    server.clock.advance({ minutes: 5 });
    expect((await anon.post('/auth/login', { username: 'often', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('limits attempts per client address: the 31st within 5 minutes is refused whatever the name', async () => {
    server.clock.advance({ minutes: 5 });
    const anon = server.anonymous();
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 30; i++) expect((await anon.post('/auth/login', { username: `spray${i}`, password: 'Wrong-Pass-1x' }, from('203.0.113.7'))).status).toBe(401);
    expect((await anon.post('/auth/login', { username: 'spray-last', password: 'Wrong-Pass-1x' }, from('203.0.113.7'))).status).toBe(429);
    expect((await anon.post('/auth/login', { username: 'spray-last', password: 'Wrong-Pass-1x' }, from('203.0.113.8'))).status).toBe(401);
  });
});

describe('client address without a trusted proxy', () => {
  it('ignores a forged X-Forwarded-For, so spraying names from one address is still limited', async () => {
    const direct = await startTestServer();
    try {
      const anon = direct.anonymous();
      const forged = (i: number) => ({ headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      for (let i = 0; i < 30; i++) {
        expect((await anon.post('/auth/login', { username: `forge${i}`, password: 'Wrong-Pass-1x' }, forged(i))).status).toBe(401);
      }
      expect((await anon.post('/auth/login', { username: 'forge-last', password: 'Wrong-Pass-1x' }, forged(99))).status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses unsafe session requests without the matching X-CSRF-Token, but not safe ones', async () => {
    const client = await loginAs(server, { username: 'csrf.user', roles: ['planner'], captureScope: ['130000'] });
    const body = { name: 'x' };
    const missing = await client.post('/tokens', body, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('VITALS_E_CSRF');
    const wrong = await client.post('/tokens', body, { headers: { 'x-csrf-token': 'forged-value' } });
    expect(wrong.body.error.code).toBe('VITALS_E_CSRF');
    expect((await client.get('/tokens')).status).toBe(200);
    expect((await client.post('/tokens', body)).status).toBe(201);
  });

  it('refuses a CSRF token that belongs to another session, even when cookie and header agree', async () => {
    const a = await loginAs(server, { username: 'csrf.a', roles: ['analyst'] });
    const b = await login(server, 'csrf.a');
    const mixed = new ApiClient(server);
    mixed.cookies.set('vitals_session', a.cookies.get('vitals_session')!);
    mixed.cookies.set('vitals_csrf', b.csrfToken!);
    const res = await mixed.post('/auth/logout');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('VITALS_E_CSRF');
    expect((await a.get('/auth/me')).status).toBe(200); // the attempt did not log a out
  });
});

describe('password change and disabled accounts', () => {
  it('enforces the policy, needs the current password, and ends my other sessions', async () => {
    const first = await loginAs(server, { username: 'sun.li', roles: ['analyst'] });
    const second = await login(server, 'sun.li');
    const wrongCurrent = await first.post('/auth/password', { currentPassword: 'Nope-Nope-123', newPassword: 'New-Strong-Pass-42' });
    expect(wrongCurrent.status).toBe(401);
    const weak = await first.post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'sun.li-2025' }, { headers: { 'accept-language': 'zh-CN' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('VITALS_E_WEAK_PASSWORD');
    expect(weak.body.error.message).toContain('密码');
    expect(weak.body.error.details.violations.map((v: { rule: string }) => v.rule)).toEqual(['not_username']);
    expect(weak.body.error.details.violations[0].messages['zh-CN']).toContain('用户名');

    expect((await first.post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'New-Strong-Pass-42' })).status).toBe(204);
    expect((await first.get('/auth/me')).status).toBe(200);
    expect((await second.get('/auth/me')).status).toBe(401);
    await expect(login(server, 'sun.li', TEST_PASSWORD)).rejects.toThrow(/401/);
    expect((await login(server, 'sun.li', 'New-Strong-Pass-42')).user?.id).toBe('sun.li');
    expect((await audit('sun.li')).map((r) => r.action)).toContain('password_change');
  });

  it('disabling an account ends its sessions and refuses its logins', async () => {
    const admin = await loginAs(server, { username: 'root.admin', roles: ['admin'] });
    const victim = await loginAs(server, { username: 'to.disable', roles: ['analyst'] });
    expect((await admin.patch('/users/to.disable', { disabled: true })).status).toBe(200);
    expect((await victim.get('/auth/me')).status).toBe(401);
    const res = await server.anonymous().post('/auth/login', { username: 'to.disable', password: TEST_PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('VITALS_E_INVALID_CREDENTIALS');
  });
});

describe('secure cookies', () => {
  it('marks both cookies Secure when config.secureCookies is set', async () => {
    const secure = await startTestServer({ config: { secureCookies: true } });
    try {
      await createUser(secure, { username: 'https.user', roles: ['analyst'] });
      const res = await secure.anonymous().post('/auth/login', { username: 'https.user', password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      for (const cookie of res.headers.getSetCookie()) expect(cookie).toMatch(/;\s*Secure/i);
    } finally {
      await secure.close();
    }
  });
});
