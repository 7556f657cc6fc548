/** /inbox: what awaits my action, what was returned to me, what is overdue. */
import type { FastifyPluginAsync } from 'fastify';
import { InboxService } from '../../services/reporting/inbox.service.js';
import { requireUser } from '../plugins/guards.js';
import { errors } from '../schemas/common.schema.js';
import { InboxQuery, InboxSchema } from '../schemas/inbox.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const inboxRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get(
    '/inbox',
    {
      preHandler: requireUser,
      schema: { tags: ['workflow'], summary: 'My inbox (the same data feeds reminders)', querystring: InboxQuery, response: { 200: InboxSchema, ...errors(400, 401, 403) } },
    },
    async (request) => {
      const q = request.query;
      const inbox = await new InboxService({ db: app.vitals.database.db, now: app.vitals.now }).inbox(request.scope.actor, request.scope.region('capture'), {
        limit: q.limit,
        offset: q.offset,
        ...(q.reason ? { reason: q.reason } : {}),
        ...(q.dataSet ? { dataSet: q.dataSet } : {}),
      });
      return { ...inbox, limit: q.limit, offset: q.offset };
    },
  );
};

export default inboxRoutes;
