import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('smoke', () => {
  it('logs in and reads me', async () => {
    const client = await loginAs(server, { username: 'smoke', roles: ['analyst'], viewScope: ['130000'] });
    const me = await client.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe('smoke');
    const anon = await server.anonymous().get('/auth/me');
    expect(anon.status).toBe(401);
  });
});
