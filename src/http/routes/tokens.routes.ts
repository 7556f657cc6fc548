/** /tokens: my personal API tokens — create (secret shown once), list, revoke. */
import type { FastifyPluginAsync } from 'fastify';
import { requirePermission, requireSession } from '../plugins/guards.js';
import { CreatedToken, NewTokenBody, TokenView, tokenView } from '../schemas/auth.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { errors, NumericIdParam, Page, pagedQuery } from '../schemas/common.schema.js';

const tokenRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['tokens'];

  app.get(
    '/tokens',
    {
      preHandler: requirePermission('tokens.manage_own'),
      schema: { tags, summary: 'My API tokens, newest first', querystring: pagedQuery({}), response: { 200: Page(TokenView), ...errors(400, 401, 403) } },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await app.platform.tokens.list(request.scope.requireUser(), limit, offset);
      const now = app.vitals.now();
      return { items: page.items.map((t) => tokenView(t, now)), total: page.total, limit, offset };
    },
  );

  app.post(
    '/tokens',
    {
      // A token cannot mint tokens: creation needs an interactive session.
      preHandler: [requireSession, requirePermission('tokens.manage_own')],
      schema: { tags, summary: 'Create an API token (the secret is returned once)', body: NewTokenBody, response: { 201: CreatedToken, ...errors(400, 401, 403) } },
    },
    async (request, reply) => {
      const { token, secret } = await app.platform.tokens.create(request.scope.requireUser(), request.body, request.client);
      return reply.status(201).send({ token: tokenView(token, app.vitals.now()), secret });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      preHandler: requirePermission('tokens.manage_own'),
      schema: { tags, summary: 'Revoke one of my tokens (idempotent)', params: NumericIdParam, response: { 200: TokenView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const token = await app.platform.tokens.revoke(request.scope.requireUser(), request.params.id, request.client);
      return tokenView(token, app.vitals.now());
    },
  );
};

export default tokenRoutes;
