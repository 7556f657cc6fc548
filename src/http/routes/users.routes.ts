/**
 * /users: account administration (users.manage) — list, create, read, change profile, roles,
 * scopes and enablement, reset a password. /roles: the roles × permissions table.
 * Every change is audited by the user service.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ASSIGNABLE_ROLES, PERMISSION_SCOPE, ROLE_PERMISSIONS, ROLES } from '../../core/access/index.js';
import type { AdminContext } from '../../services/users/index.js';
import { requirePermission } from '../plugins/guards.js';
import { CreatedUser, NewUserBody, RoleName, UserPatchBody, UserView, userView } from '../schemas/auth.schema.js';
import { errors, IdParam, Page, pagedQuery } from '../schemas/common.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

export function adminContext(request: FastifyRequest): AdminContext {
  return { actorId: request.actor.id, context: { ip: request.client.ip, via: request.principal?.via ?? 'anonymous' } };
}

const RolesResponse = Type.Object({
  roles: Type.Array(
    Type.Object({
      role: Type.String(),
      assignable: Type.Boolean(),
      permissions: Type.Array(Type.Object({ permission: Type.String(), scope: Type.String() })),
    }),
  ),
});

const userRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['users'];
  const manage = requirePermission('users.manage');

  app.get(
    '/users',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'List accounts (filter by text, role, disabled)',
        querystring: pagedQuery({
          q: Type.Optional(Type.String({ maxLength: 100, description: 'substring of user name, display name or e-mail' })),
          role: Type.Optional(RoleName),
          disabled: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(UserView), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, offset, q, role, disabled } = request.query;
      const page = await app.platform.users.list({ limit, offset, ...(q !== undefined ? { q } : {}), ...(role ? { role } : {}), ...(disabled !== undefined ? { disabled } : {}) });
      return { items: page.items.map(userView), total: page.total, limit, offset };
    },
  );

  app.post(
    '/users',
    {
      preHandler: manage,
      schema: { tags, summary: 'Create an account (omit password to generate a one-time one)', body: NewUserBody, response: { 201: CreatedUser, ...errors(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const { user, generatedPassword } = await app.platform.users.create(request.body, adminContext(request));
      return reply.status(201).send({ user: userView(user), ...(generatedPassword ? { generatedPassword } : {}) });
    },
  );

  app.get(
    '/users/:id',
    { preHandler: manage, schema: { tags, summary: 'One account', params: IdParam, response: { 200: UserView, ...errors(400, 401, 403, 404) } } },
    async (request) => userView(await app.platform.users.get(request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Change profile, roles, scopes or enablement (optimistic: expectedVersion)',
        params: IdParam,
        body: UserPatchBody,
        response: { 200: UserView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { expectedVersion, ...changes } = request.body;
      const user = await app.platform.users.update(request.params.id, { ...changes, ...(expectedVersion !== undefined ? { expectedVersion } : {}) }, adminContext(request));
      return userView(user);
    },
  );

  app.post(
    '/users/:id/password-reset',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Give the account a generated one-time password (shown once); ends its sessions and tokens',
        params: IdParam,
        response: { 200: Type.Object({ generatedPassword: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ generatedPassword: await app.platform.users.resetPassword(request.params.id, adminContext(request)) }),
  );

  app.get(
    '/roles',
    { schema: { tags, summary: 'Roles and the permissions each carries (with the scope each is checked against)', response: { 200: RolesResponse } } },
    async () => ({
      roles: ROLES.map((role) => ({
        role,
        assignable: ASSIGNABLE_ROLES.includes(role),
        permissions: ROLE_PERMISSIONS[role].map((permission) => ({ permission, scope: PERMISSION_SCOPE[permission] })),
      })),
    }),
  );
};

export default userRoutes;
