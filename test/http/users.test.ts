/**
 * User administration over HTTP: create (given or generated password), validation, roles and
 * scope changes (each audited with old and new values), optimistic versions, the last-admin
 * guard, listing with filters and paging, password reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/storage/repositories/audit.repository.js';
import { login, loginAs, startTestServer, TEST_PASSWORD, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, { username: 'usr.admin', roles: ['admin'], viewScope: ['000000'] });
});
afterAll(() => server?.close());

const auditOf = (id: string) => new AuditRepository(server.db).query({ entity: 'user', entityKey: id });

describe('creating accounts', () => {
  it('creates a county reporter with a generated one-time password that works once shown', async () => {
    const res = await admin.post('/users', { username: 'Reporter.ChangAn', displayName: '长安区填报员', roles: ['reporter'], captureScope: ['130102'] });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ id: 'reporter.changan', roles: ['reporter'], captureScope: ['130102'], viewScope: [], mustChangePassword: true, version: 1 });
    const password: string = res.body.generatedPassword;
    expect(password).toHaveLength(20);
    const reporter = await login(server, 'reporter.changan', password);
    expect((await reporter.get('/auth/me')).body.user.mustChangePassword).toBe(true);
    const [created] = await auditOf('reporter.changan').then((rows) => rows.filter((r) => r.action === 'create'));
    expect(created!.actor).toBe('usr.admin');
    expect(created!.newValue).toMatchObject({ roles: ['reporter'], captureScope: ['130102'] });
    expect(JSON.stringify(created)).not.toContain(password);
  });

  it('refuses a weak given password, a taken name, a reserved or malformed name, and unknown scope regions', async () => {
    const base = { displayName: 'x', roles: ['analyst'] };
    const weak = await admin.post('/users', { ...base, username: 'weak.one', password: 'weak.one-123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('VITALS_E_WEAK_PASSWORD');
    expect((await admin.post('/users', { ...base, username: 'dup.one', password: TEST_PASSWORD })).status).toBe(201);
    expect((await admin.post('/users', { ...base, username: 'dup.one', password: TEST_PASSWORD })).status).toBe(409);
    for (const username of ['public', 'system', 'has space', '-dash-first', '中文名']) {
      const res = await admin.post('/users', { ...base, username, password: TEST_PASSWORD });
      expect(res.status, username).toBe(400);
    }
    const unknown = await admin.post('/users', { ...base, username: 'scope.bad', password: TEST_PASSWORD, viewScope: ['130000', '999999'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('999999');
    const badRole = await admin.post('/users', { ...base, username: 'role.bad', password: TEST_PASSWORD, roles: ['superuser'] });
    expect(badRole.status).toBe(400);
  });
});

describe('changing roles and scopes', () => {
  it('audits role and scope changes as separate rows with old and new values', async () => {
    const created = await admin.post('/users', { username: 'city.reviewer', displayName: '石家庄审核员', roles: ['analyst'], viewScope: ['130100'], password: TEST_PASSWORD });
    const res = await admin.patch('/users/city.reviewer', { roles: ['reviewer'], captureScope: ['130100'], viewScope: [], expectedVersion: created.body.user.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['reviewer'], captureScope: ['130100'], viewScope: [], version: 2 });
    const rows = await auditOf('city.reviewer');
    const roles = rows.find((r) => r.action === 'roles_change')!;
    const scope = rows.find((r) => r.action === 'scope_change')!;
    expect(roles.oldValue).toEqual({ roles: ['analyst'] });
    expect(roles.newValue).toEqual({ roles: ['reviewer'] });
    expect(scope.oldValue).toEqual({ captureScope: [], viewScope: ['130100'] });
    expect(scope.newValue).toEqual({ captureScope: ['130100'], viewScope: [] });
    expect(roles.actor).toBe('usr.admin');
  });

  it('rejects a stale expectedVersion with 409 and changes nothing', async () => {
    await admin.post('/users', { username: 'versioned', displayName: 'v', roles: ['analyst'], password: TEST_PASSWORD });
    expect((await admin.patch('/users/versioned', { displayName: 'first', expectedVersion: 1 })).status).toBe(200);
    const stale = await admin.patch('/users/versioned', { displayName: 'second', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VITALS_E_CONFLICT');
    expect((await admin.get('/users/versioned')).body.displayName).toBe('first');
  });

  it('never removes the last enabled administrator', async () => {
    const res = await admin.patch('/users/usr.admin', { roles: ['analyst'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('last enabled administrator');
    expect((await admin.patch('/users/usr.admin', { disabled: true })).status).toBe(400);
    await admin.post('/users', { username: 'second.admin', displayName: '2', roles: ['admin'], password: TEST_PASSWORD });
    expect((await admin.patch('/users/second.admin', { disabled: true })).status).toBe(200);
  });

  it('a password reset returns a new one-time password and ends the account’s sessions', async () => {
    const victim = await loginAs(server, { username: 'forgetful', roles: ['analyst'] });
    const res = await admin.post('/users/forgetful/password-reset');
    expect(res.status).toBe(200);
    expect((await victim.get('/auth/me')).status).toBe(401);
    const again = await login(server, 'forgetful', res.body.generatedPassword);
    expect((await again.get('/auth/me')).body.user.mustChangePassword).toBe(true);
    expect((await auditOf('forgetful')).map((r) => r.action)).toContain('password_reset');
  });
});

describe('listing', () => {
  it('filters by text, role and disabled, and pages with a total', async () => {
    for (let i = 1; i <= 3; i++) await admin.post('/users', { username: `page.user${i}`, displayName: `分页用户${i}`, roles: ['analyst'], password: TEST_PASSWORD });
    const page = await admin.get('/users?q=page.user&limit=2&offset=0');
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((u: { id: string }) => u.id)).toEqual(['page.user1', 'page.user2']);
    const next = await admin.get('/users?q=分页&limit=2&offset=2');
    expect(next.body.items.map((u: { id: string }) => u.id)).toEqual(['page.user3']);
    const reviewers = await admin.get('/users?role=reviewer');
    expect(reviewers.body.items.every((u: { roles: string[] }) => u.roles.includes('reviewer'))).toBe(true);
    expect(reviewers.body.items.map((u: { id: string }) => u.id)).toContain('city.reviewer');
    const disabled = await admin.get('/users?disabled=true');
    expect(disabled.body.items.map((u: { id: string }) => u.id)).toEqual(['second.admin']);
    expect((await admin.get('/users?limit=501')).status).toBe(400);
  });
});
