/**
 * The platform plugins for /api/v1: authentication (sessions, tokens), CSRF, and the request
 * scope. Loaded FIRST in `routes/index.ts`, and marked skip-override so that its decorations
 * and hooks apply to every route module registered after it in the same /api/v1 context.
 *
 * What routes get (see auth.plugin.ts and scope.ts):
 * - `request.scope: RequestScope` — `require(permission)`, `requireUser()`, `has(permission)`,
 *   `authorize(permission, regionCode, { stepLevel })`, `can(…)`, `allows(permission, lineage)`,
 *   `lineage(code)`, `region(kind)` (a `RegionScope` for repositories), `where(column, kind)` (SQL);
 * - `request.actor` (PUBLIC_ACTOR when anonymous), `request.principal`, `request.client`,
 *   `request.readSession` (read-your-writes on replicas, keyed by the actor: read-session.ts);
 * - `app.platform` — `{ settings, auth, tokens, users }` services.
 * Guards for route options: `guards.ts`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { registerAuth } from './auth.plugin.js';
import { registerInputGuard } from './input-guard.js';
import { registerReadSession } from './read-session.js';

const platformPlugins: FastifyPluginAsync = async (app) => {
  // First: the authentication hook names the read session this opens.
  registerReadSession(app);
  await registerAuth(app);
  registerInputGuard(app);
};

// What fastify-plugin does: run in the parent's context instead of an encapsulated child.
(platformPlugins as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;
(platformPlugins as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')] = 'vitals-platform';

export default platformPlugins;
export { RequestScope, type RegionCheckOptions } from './scope.js';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER, setSessionCookies, clearSessionCookies, type Platform } from './auth.plugin.js';
export { requirePermission, requireUser, requireSession } from './guards.js';
export { PASSWORD_CHANGE_ROUTES } from './auth.plugin.js';
