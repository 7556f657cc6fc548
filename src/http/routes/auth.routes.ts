/**
 * /auth: log in (password), log out, who am I, change my password, the password policy.
 * Login is exempt from CSRF (there is no session yet) but only accepts application/json,
 * which a cross-site form cannot send without a CORS preflight that Vitals never grants.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { MIN_PASSWORD_LENGTH, PASSWORD_POLICY_TEXT } from '../../services/auth/index.js';
import { clearSessionCookies, setSessionCookies } from '../plugins/auth.plugin.js';
import { requireSession, requireUser } from '../plugins/guards.js';
import { LoginBody, LoginResponse, Me, PasswordChangeBody, PasswordPolicy, userView } from '../schemas/auth.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { errors } from '../schemas/common.schema.js';

const authRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with user name and password; sets the session and CSRF cookies',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const { auth, settings } = app.platform;
      const login = await auth.loginWithPassword(request.body, request.client);
      setSessionCookies(reply, settings, login);
      return {
        user: userView(login.principal.user),
        permissions: [...login.principal.permissions].sort(),
        csrfToken: login.csrfToken,
        expiresAt: login.expiresAt,
        idleMinutes: settings.sessionIdleMinutes,
        mustChangePassword: login.principal.user.mustChangePassword,
      };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'End the current session (idempotent)', response: { 204: Type.Null(), ...errors(403) } } },
    async (request, reply) => {
      if (request.principal) await app.platform.auth.logout(request.principal, request.client);
      clearSessionCookies(reply, app.platform.settings);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    { preHandler: requireUser, schema: { tags, summary: 'The current user, roles, scopes and usable permissions', response: { 200: Me, ...errors(401) } } },
    async (request) => {
      const principal = request.scope.requireUser();
      return {
        user: userView(principal.user),
        permissions: [...principal.permissions].sort(),
        via: principal.via,
        ...(principal.sessionExpiresAt ? { sessionExpiresAt: principal.sessionExpiresAt } : {}),
        ...(principal.token ? { token: { id: principal.token.id, name: principal.token.name, expiresAt: principal.token.expiresAt } } : {}),
      };
    },
  );

  app.post(
    '/auth/password',
    {
      preHandler: requireSession,
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions and revokes my API tokens)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await app.platform.auth.changeOwnPassword(request.scope.requireUser(), request.body.currentPassword, request.body.newPassword, request.client);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/password-policy',
    { schema: { tags, summary: 'The password policy in both languages', response: { 200: PasswordPolicy } } },
    async () => ({ minLength: MIN_PASSWORD_LENGTH, text: PASSWORD_POLICY_TEXT }),
  );
};

export default authRoutes;
