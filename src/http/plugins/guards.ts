/**
 * Route guards as preHandler hooks, for permissions that need no region:
 *   app.get('/users', { preHandler: requirePermission('users.manage'), schema }, handler)
 * Region checks happen in the handler once the region is known: `await request.scope.authorize(…)`.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Permission } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';

/** 401 for anonymous callers, 403 when no role (or the API token) grants `permission`. */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    request.scope.require(permission);
  };
}

/** Any authenticated caller (session or token). */
export const requireUser: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
  request.scope.requireUser();
};

/**
 * A browser session only: for account-security actions an API token must not perform
 * (changing the password, creating more tokens).
 */
export const requireSession: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
  const principal = request.scope.requireUser();
  if (principal.via !== 'session') {
    throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: 'this action needs an interactive login, not an API token' });
  }
};
