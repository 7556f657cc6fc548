/**
 * Shared helpers for HTTP tests: the real app on a fresh PostgreSQL database, listening on an
 * ephemeral port, driven with `fetch` (cookies, CSRF header and bearer tokens handled like a
 * browser or script would), a movable clock, and users with roles and scopes.
 *
 * @example
 * let server: TestServer;
 * beforeAll(async () => { server = await startTestServer(); });
 * afterAll(() => server.close());
 * it('…', async () => {
 *   const reviewer = await loginAs(server, { username: 'rev', roles: ['reviewer'], captureScope: ['130100'] });
 *   const res = await reviewer.get('/auth/me');            // paths are relative to /api/v1
 *   expect(res.status).toBe(200);
 *   server.clock.advance({ minutes: 31 });                  // idle timeout passes
 * });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { loadConfig, type VitalsConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import type { AuthSettings } from '../../src/services/auth/index.js';
import { UserService } from '../../src/services/users/index.js';
import type { DB } from '../../src/storage/index.js';
import type { StoredUser } from '../../src/storage/repositories/user.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedBasics } from '../support/factories.js';

/** A password that passes the policy for every test user name. */
export const TEST_PASSWORD = 'Test-Passw0rd-Strong';

/** Regions seeded by default (test/support/factories.ts): a slice of Hebei and Beijing. */
export const REGIONS = {
  nation: '000000',
  hebei: '130000',
  shijiazhuang: '130100',
  changan: '130102',
  qiaoxi: '130104',
  beijing: '110000',
  beijingCity: '110100',
  dongcheng: '110101',
} as const;

export class TestClock {
  private at: number;
  constructor(start: Date = new Date('2025-03-10T08:00:00Z')) {
    this.at = start.getTime();
  }
  readonly now = (): Date => new Date(this.at);
  advance(by: { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): void {
    this.at += (by.ms ?? 0) + (by.seconds ?? 0) * 1e3 + (by.minutes ?? 0) * 60e3 + (by.hours ?? 0) * 3600e3 + (by.days ?? 0) * 86400e3;
  }
  set(date: Date): void {
    this.at = date.getTime();
  }
}

export interface TestServer {
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly database: TestDatabase;
  readonly db: Kysely<DB>;
  readonly clock: TestClock;
  readonly config: VitalsConfig;
  /** A client without credentials. */
  anonymous(): ApiClient;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** Config overrides (e.g. `{ bodyLimit: 4096 }`). */
  readonly config?: Partial<VitalsConfig>;
  /** Seed the database; default: the sample regions, data elements and indicators. `false`: nothing. */
  readonly seed?: false | ((db: Kysely<DB>) => Promise<void>);
  readonly start?: Date;
  /** Authentication settings beyond the config (e.g. `{ loginAttemptsPerIp: 1000 }`); see services/auth/settings.ts. */
  readonly auth?: Partial<AuthSettings>;
}

/** Start the real app on a fresh database (the engine of `VITALS_TEST_DB`), listening on port 0. */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  try {
    if (options.seed !== false) await (options.seed ?? seedBasics)(database.db);
    // A private data directory (attachments and other files live under it), removed on close.
    const dataDir = mkdtempSync(join(tmpdir(), 'vitals-http-'));
    const config = { ...loadConfig({}, { dataDir, loadDemo: false, logLevel: 'silent', ...options.config }), ...options.auth } as VitalsConfig;
    const clock = new TestClock(options.start);
    const app = await buildApp({ config, database, logger: false, now: clock.now });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const server: TestServer = {
      app,
      url,
      database,
      db: database.db,
      clock,
      config,
      anonymous: () => new ApiClient(server),
      close: async () => {
        try {
          await app.close();
          await database.dispose();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
    return server;
  } catch (error) {
    await database.dispose();
    throw error;
  }
}

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise the text. */
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  /** Send this exact body (e.g. malformed JSON) instead of JSON-encoding `body`. */
  readonly raw?: string | Uint8Array;
  readonly contentType?: string;
  /** false: do not add the X-CSRF-Token header automatically. */
  readonly csrf?: boolean;
}

/**
 * A client with a cookie jar. Unsafe methods carry `X-CSRF-Token` from the `vitals_csrf`
 * cookie, as the web app does. Paths without `/api/` are relative to `/api/v1`.
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  /** The account behind this client, when it logged in through the helpers. */
  user?: StoredUser;
  password?: string;

  constructor(
    readonly server: TestServer,
    public bearer?: string,
  ) {}

  get csrfToken(): string | undefined {
    return this.cookies.get('vitals_csrf');
  }

  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'accept-language': 'en', ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
    if (unsafe && options.csrf !== false && this.csrfToken && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    let payload: string | Uint8Array | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const url = `${this.server.url}${path.startsWith('/api/') ? path : `/api/v1${path}`}`;
    const response = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    this.storeCookies(response.headers);
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, headers: response.headers, text, body: isJson && text.length > 0 ? JSON.parse(text) : text };
  }

  get<T = any>(path: string, options?: RequestOptions) { return this.request<T>('GET', path, undefined, options); }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('POST', path, body, options); }
  put<T = any>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('PUT', path, body, options); }
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('PATCH', path, body, options); }
  delete<T = any>(path: string, options?: RequestOptions) { return this.request<T>('DELETE', path, undefined, options); }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      // The server's clock is the test clock, so only Max-Age=0 (or an empty value) means deletion here.
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface UserSpec {
  readonly username: string;
  readonly roles: readonly string[];
  readonly captureScope?: readonly string[];
  readonly viewScope?: readonly string[];
  readonly password?: string;
  readonly displayName?: string;
}

/** Create an account directly through the user service (no HTTP), with `TEST_PASSWORD` unless given. */
export async function createUser(server: TestServer, spec: UserSpec): Promise<StoredUser & { password: string }> {
  const password = spec.password ?? TEST_PASSWORD;
  const { user } = await new UserService(server.db, server.clock.now).create(
    { username: spec.username, displayName: spec.displayName ?? spec.username, roles: spec.roles, captureScope: spec.captureScope ?? [], viewScope: spec.viewScope ?? [], password },
    { actorId: 'test-setup' },
  );
  return { ...user, password };
}

/** Log in over HTTP; the returned client holds the session and CSRF cookies. Throws unless 200. */
export async function login(server: TestServer, username: string, password: string = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(server);
  const response = await client.post('/auth/login', { username, password });
  if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
  client.password = password;
  client.user = (await new UserService(server.db, server.clock.now).get(username.toLowerCase())) as StoredUser;
  return client;
}

/** `createUser` then `login`. */
export async function loginAs(server: TestServer, spec: UserSpec): Promise<ApiClient> {
  const user = await createUser(server, spec);
  return login(server, user.id, user.password);
}

/** Create an API token through the API (needs a session client); returns the secret. */
export async function createToken(client: ApiClient, body: { name?: string; permissions?: string[]; expiresInDays?: number } = {}): Promise<string> {
  const response = await client.post('/tokens', { name: body.name ?? 'test token', ...body });
  if (response.status !== 201) throw new Error(`token creation failed: ${response.status} ${response.text}`);
  return response.body.secret as string;
}

/** A client authenticating with a bearer token only. */
export function tokenClient(server: TestServer, token: string): ApiClient {
  return new ApiClient(server, token);
}

/** The role names of the standard cast, `public` being the anonymous visitor. */
export const CAST_ROLES = ['public', 'admin', 'planner', 'reporter', 'reviewer', 'analyst'] as const;
export type CastRole = (typeof CAST_ROLES)[number];
export type Cast = Record<CastRole, ApiClient>;

/**
 * One logged-in client per role, all scoped to Hebei so that Beijing is "outside":
 * admin (view 130000), planner (capture+view 130000), reporter (capture 130102 长安区),
 * reviewer (capture 130100 石家庄市), analyst (view 130000), public (anonymous).
 * Inside-scope region for every role: 130102; outside: 110101 (东城区).
 * `prefix` keeps user names unique when one file builds several casts.
 */
export async function standardCast(server: TestServer, prefix = 'cast'): Promise<Cast> {
  const [admin, planner, reporter, reviewer, analyst] = await Promise.all([
    loginAs(server, { username: `${prefix}-admin`, roles: ['admin'], viewScope: [REGIONS.hebei] }),
    loginAs(server, { username: `${prefix}-planner`, roles: ['planner'], captureScope: [REGIONS.hebei], viewScope: [REGIONS.hebei] }),
    loginAs(server, { username: `${prefix}-reporter`, roles: ['reporter'], captureScope: [REGIONS.changan] }),
    loginAs(server, { username: `${prefix}-reviewer`, roles: ['reviewer'], captureScope: [REGIONS.shijiazhuang] }),
    loginAs(server, { username: `${prefix}-analyst`, roles: ['analyst'], viewScope: [REGIONS.hebei] }),
  ]);
  return { public: server.anonymous(), admin: admin!, planner: planner!, reporter: reporter!, reviewer: reviewer!, analyst: analyst! };
}
