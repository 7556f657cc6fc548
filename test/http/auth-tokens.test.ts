/**
 * Personal API tokens over HTTP: shown once and stored as a SHA-256 digest, limited to a
 * subset of the owner's permissions, expiring on the injected clock, revocable, last use
 * recorded, exempt from CSRF, unable to mint tokens. Also the first-start bootstrap.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, resetPassword } from '../../src/services/auth/index.js';
import { createToken, login, loginAs, startTestServer, tokenClient, type ApiClient, type TestServer } from './helpers.js';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, { username: 'tok.admin', roles: ['admin'], viewScope: ['130000'] });
});
afterAll(() => server?.close());

describe('API tokens', () => {
  it('returns the secret once and stores only its SHA-256 digest', async () => {
    const res = await admin.post('/tokens', { name: '省级对接脚本', permissions: ['metadata.read', 'audit.read'], expiresInDays: 30 });
    expect(res.status).toBe(201);
    const secret: string = res.body.secret;
    expect(secret).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
    expect(res.body.token).toMatchObject({ name: '省级对接脚本', permissions: ['audit.read', 'metadata.read'], status: 'active' });
    // 30 days after the clock's now.
    expect(new Date(res.body.token.expiresAt).getTime() - server.clock.now().getTime()).toBe(30 * 86_400_000);
    const rows = await sql<{ token_hash: string; prefix: string }>`SELECT token_hash, prefix FROM api_token WHERE id = ${res.body.token.id}`.execute(server.db);
    expect(rows.rows[0]!.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const dump = await sql<{ t: string }>`SELECT string_agg(t::text, ' ') AS t FROM api_token t`.execute(server.db);
    expect(dump.rows[0]!.t).not.toContain(secret);
    const list = await admin.get('/tokens');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items[0].prefix).toBe(secret.slice(0, 9));
  });

  it('can use only its own permissions, even when its owner holds more', async () => {
    const token = await createToken(admin, { permissions: ['metadata.read'] });
    const client = tokenClient(server, token);
    expect((await client.get('/auth/me')).body.permissions).toEqual(['metadata.read', 'results.read_published']);
    const users = await client.get('/users');
    expect(users.status).toBe(403);
    expect(users.body.error.details.reason).toMatch(/token does not carry users.manage/);
    expect((await admin.get('/users')).status).toBe(200); // the session still can
    expect((await client.get('/frameworks')).status).toBe(200);
  });

  it('cannot carry a permission its owner lacks', async () => {
    const analyst = await loginAs(server, { username: 'tok.analyst', roles: ['analyst'], viewScope: ['130000'] });
    const res = await analyst.post('/tokens', { name: 'too much', permissions: ['users.manage'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('VITALS_E_FORBIDDEN');
  });

  it('loses a permission when the owner loses the role', async () => {
    const owner = await loginAs(server, { username: 'tok.demoted', roles: ['admin', 'analyst'], viewScope: ['130000'] });
    const token = await createToken(owner, { permissions: ['users.manage', 'metadata.read'] });
    expect((await tokenClient(server, token).get('/users')).status).toBe(200);
    expect((await admin.patch('/users/tok.demoted', { roles: ['analyst'] })).status).toBe(200);
    expect((await tokenClient(server, token).get('/users')).status).toBe(403);
  });

  it('expires on the clock, and records its last use', async () => {
    const token = await createToken(admin, { expiresInDays: 1 });
    const client = tokenClient(server, token);
    expect((await client.get('/auth/me')).status).toBe(200);
    const used = (await admin.get('/tokens')).body.items.find((t: { prefix: string }) => token.startsWith(t.prefix));
    expect(used.lastUsedAt).toBe(server.clock.now().toISOString());
    server.clock.advance({ days: 1 });
    const res = await client.get('/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.details.reason).toBe('token expired');
    admin = await login(server, 'tok.admin'); // the admin's own session idled out meanwhile
  });

  it('is refused once revoked, and revocation is audited', async () => {
    const created = await admin.post('/tokens', { name: 'to revoke' });
    const client = tokenClient(server, created.body.secret);
    expect((await client.get('/auth/me')).status).toBe(200);
    const revoked = await admin.delete(`/tokens/${created.body.token.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await client.get('/auth/me')).body.error.details.reason).toBe('token revoked');
    const auditRows = await admin.get(`/audit?entity=api_token&entityKey=${created.body.token.id}`);
    expect(auditRows.body.items.map((r: { action: string }) => r.action)).toEqual(['revoke', 'create']);
  });

  it('cannot revoke someone else’s token (404, nothing changes)', async () => {
    const other = await loginAs(server, { username: 'tok.other', roles: ['analyst'] });
    const created = await other.post('/tokens', { name: 'mine' });
    expect((await admin.delete(`/tokens/${created.body.token.id}`)).status).toBe(404);
    expect((await tokenClient(server, created.body.secret).get('/auth/me')).status).toBe(200);
  });

  it('needs no CSRF header, but cannot mint tokens or change the password', async () => {
    const token = await createToken(admin);
    const client = tokenClient(server, token);
    expect((await client.patch('/users/tok.other', { displayName: '改名' })).status).toBe(200);
    expect((await client.post('/tokens', { name: 'child' })).status).toBe(403);
    expect((await client.post('/auth/password', { currentPassword: 'x', newPassword: 'Another-Pass-99' })).status).toBe(403);
  });

  it('rejects unknown and malformed credentials with 401 rather than treating them as anonymous', async () => {
    for (const header of ['Bearer vt_doesnotexist', 'Bearer not-a-vitals-token', 'Basic dXNlcjpwYXNz']) {
      const res = await server.anonymous().get('/regions/130000', { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      expect(res.body.error.code).toBe('VITALS_E_UNAUTHENTICATED');
    }
    const token = await createToken(admin, { permissions: ['metadata.read'] });
    expect((await server.anonymous().get('/auth/me', { headers: { authorization: `ApiToken ${token}` } })).status).toBe(200);
  });
});

describe('bootstrap', () => {
  it('ensureAdmin creates admin once with a fresh strong password; resetPassword replaces it', async () => {
    const fresh = await startTestServer({ seed: false });
    try {
      const first = await ensureAdmin(fresh.database, fresh.clock.now);
      expect(first.created).toBe(true);
      if (!first.created) return;
      expect(first.username).toBe('admin');
      expect(first.password).toMatch(/^.{20}$/);
      expect(await ensureAdmin(fresh.database, fresh.clock.now)).toEqual({ created: false });
      const other = await startTestServer({ seed: false });
      const second = await ensureAdmin(other.database, other.clock.now);
      await other.close();
      expect(second.created && second.password).not.toBe(first.password); // never a fixed default

      const stored = await sql<{ password_hash: string }>`SELECT password_hash FROM app_user WHERE id = 'admin'`.execute(fresh.db);
      expect(stored.rows[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(stored.rows[0]!.password_hash).not.toContain(first.password);

      const session = await login(fresh, 'admin', first.password);
      expect((await session.get('/auth/me')).body.user).toMatchObject({ roles: ['admin'], viewScope: ['000000'], mustChangePassword: true });

      const replaced = await resetPassword(fresh.database, 'admin', fresh.clock.now);
      expect(replaced).not.toBe(first.password);
      expect((await session.get('/auth/me')).status).toBe(401); // sessions ended
      await expect(login(fresh, 'admin', first.password)).rejects.toThrow(/401/);
      expect((await login(fresh, 'admin', replaced)).user?.id).toBe('admin');
      await expect(resetPassword(fresh.database, 'nobody')).rejects.toThrow(/not found/);
    } finally {
      await fresh.close();
    }
  });
});
