/**
 * Authentication for every /api/v1 request, in one onRequest hook:
 *
 * 1. `Authorization: Bearer vt_…` (or DHIS2-style `ApiToken vt_…`) → the token's principal;
 *    a bad token is a 401 (a client that presents a credential wants to know it failed).
 * 2. otherwise the `vitals_session` cookie → the session's principal; an expired or revoked
 *    session makes the request anonymous (public reads still work), clears the cookies, and
 *    turns a later "login required" into VITALS_E_SESSION_EXPIRED.
 * 3. CSRF (csrf.ts): unsafe methods on a session need `X-CSRF-Token` = the `vitals_csrf` cookie
 *    = the token bound to the session. Token requests are exempt (no ambient credential).
 *
 * 4. The request's read session (read-session.ts) is named after the actor, so that the user's
 *    own writes are never hidden by a lagging read replica.
 * 5. An account flagged `mustChangePassword` (generated or reset password) gets
 *    VITALS_E_PASSWORD_CHANGE_REQUIRED (403) from every route but the few it needs to change it.
 *
 * Then `request.scope` (a `RequestScope`) carries the actor, usable permissions and the region
 * filter. Routes never read cookies or headers for identity themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_ACTOR, type Actor } from '../../core/access/index.js';
import { isVitalsError, VitalsError } from '../../core/errors.js';
import { AuthService, rolePermissions, TokenService, authSettingsFrom, type AuthSettings, type ClientInfo, type LoginResult, type Principal } from '../../services/auth/index.js';
import { UserService } from '../../services/users/index.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { checkCsrf } from './csrf.js';
import { RequestScope } from './scope.js';

export const SESSION_COOKIE = 'vitals_session';
export const CSRF_COOKIE = 'vitals_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Services shared by the platform routes (`app.platform`). */
export interface Platform {
  readonly settings: AuthSettings;
  readonly auth: AuthService;
  readonly tokens: TokenService;
  readonly users: UserService;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyRequest {
    /** Who is calling and what they may touch. Set for every /api/v1 request. */
    scope: RequestScope;
    /** `scope.actor`: PUBLIC_ACTOR for anonymous callers. */
    actor: Actor;
    /** The authenticated principal, or null. */
    principal: Principal | null;
    /** Client address and user agent, for audit context. */
    client: ClientInfo;
  }
}

const PUBLIC_PERMISSIONS = rolePermissions(PUBLIC_ACTOR);

/** What an account that must change its password may still call: `METHOD /api/v1/path`. */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/login',
  'GET /api/v1/auth/password-policy',
]);

/** @throws VITALS_E_PASSWORD_CHANGE_REQUIRED for a flagged account outside PASSWORD_CHANGE_ROUTES */
function enforcePasswordChange(request: FastifyRequest, principal: Principal | null): void {
  if (!principal?.user.mustChangePassword) return;
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  if (!PASSWORD_CHANGE_ROUTES.has(route)) throw new VitalsError('VITALS_E_PASSWORD_CHANGE_REQUIRED', {}, { route });
}

function bearerToken(header: string | undefined): string | undefined | null {
  if (header === undefined || header === '') return undefined;
  const match = /^(?:Bearer|ApiToken)\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Set the session and CSRF cookies after a login. */
export function setSessionCookies(reply: FastifyReply, settings: AuthSettings, login: LoginResult): void {
  // Max-Age, not Expires: relative to receipt, so a client clock that is off does not matter.
  const maxAge = settings.sessionMinutes * 60;
  const common = { path: '/', sameSite: 'strict' as const, secure: settings.secureCookies, maxAge };
  reply.setCookie(SESSION_COOKIE, login.sessionSecret, { ...common, httpOnly: true });
  // Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
  reply.setCookie(CSRF_COOKIE, login.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, settings: AuthSettings): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: settings.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...common, httpOnly: false });
}

async function identify(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<{ principal: Principal | null; problem?: VitalsError }> {
  const { auth, settings } = app.platform;
  const token = bearerToken(request.headers.authorization);
  if (token === null) throw new VitalsError('VITALS_E_UNAUTHENTICATED', {}, { reason: 'unsupported Authorization scheme (use Bearer with a personal API token)' });
  if (token !== undefined) return { principal: await auth.resolveToken(token, request.client) };
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return { principal: null };
  try {
    return { principal: await auth.resolveSession(secret) };
  } catch (error) {
    if (!isVitalsError(error) || error.code !== 'VITALS_E_SESSION_EXPIRED') throw error;
    clearSessionCookies(reply, settings);
    return { principal: null, problem: error };
  }
}

/** Register the platform services, request decorations and the authentication hook on `app`. */
export async function registerAuth(app: FastifyInstance): Promise<void> {
  const { database, config, now } = app.vitals;
  const settings = authSettingsFrom(config);
  app.decorate('platform', {
    settings,
    auth: new AuthService(database.db, settings, now),
    tokens: new TokenService(database.db, settings, now),
    users: new UserService(database.db, now),
  } satisfies Platform);
  app.decorateRequest('scope', null as unknown as RequestScope);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('principal', null);
  app.decorateRequest('client', null as unknown as ClientInfo);

  app.addHook('onRequest', async (request, reply) => {
    const userAgent = request.headers['user-agent'];
    request.client = { ip: request.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) };
    const { principal, problem } = await identify(app, request, reply);
    if (principal?.via === 'session') checkCsrf(request, principal);
    // Anonymous requests stay unnamed: they share no read-your-writes state.
    request.readSession.key = principal?.actor.id;
    enforcePasswordChange(request, principal);
    request.principal = principal;
    request.actor = principal?.actor ?? PUBLIC_ACTOR;
    request.scope = new RequestScope(request.actor, principal?.permissions ?? PUBLIC_PERMISSIONS, principal, new ScopeRepository(database.readDb), problem);
  });
}
