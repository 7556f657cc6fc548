/**
 * /audit: the append-only audit log, filtered by scope in the repository: rows about regions
 * in the caller's view scope (audit.read), plus rows not tied to a region (logins, account and
 * token changes, metadata edits) for user administrators (users.manage).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { VitalsError } from '../../core/errors.js';
import { ScopeRepository } from '../../storage/repositories/scope.repository.js';
import { errors, Page, pagedQuery, RegionCode } from '../schemas/common.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const AuditEntryView = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityKey: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  period: Type.Union([Type.String(), Type.Null()]),
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  batchId: Type.Union([Type.Integer(), Type.Null()]),
  context: Type.Unknown(),
});

const auditRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries visible to me, newest first',
        querystring: pagedQuery({
          entity: Type.Optional(Type.String({ maxLength: 64 })),
          entityKey: Type.Optional(Type.String({ maxLength: 500 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          actor: Type.Optional(Type.String({ maxLength: 100 })),
          region: Type.Optional(RegionCode),
          period: Type.Optional(Type.String({ maxLength: 16 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          beforeId: Type.Optional(Type.Integer({ minimum: 1, description: 'cursor: entries older than this id' })),
        }),
        response: { 200: Page(AuditEntryView), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { scope } = request;
      const global = scope.has('users.manage');
      if (!global) scope.require('audit.read');
      const q = request.query;
      // A region filter outside the scope is refused rather than silently answered with nothing.
      if (q.region !== undefined) {
        if (!scope.has('audit.read')) throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: 'filtering by region needs audit.read' });
        await scope.authorize('audit.read', q.region);
      }
      const page = await new ScopeRepository(app.vitals.database.readDb).queryAudit(
        {
          limit: q.limit,
          offset: q.offset,
          ...(q.entity !== undefined ? { entity: q.entity } : {}),
          ...(q.entityKey !== undefined ? { entityKey: q.entityKey } : {}),
          ...(q.action !== undefined ? { action: q.action } : {}),
          ...(q.actor !== undefined ? { actor: q.actor } : {}),
          ...(q.region !== undefined ? { within: q.region } : {}),
          ...(q.period !== undefined ? { period: q.period } : {}),
          ...(q.from !== undefined ? { from: new Date(q.from) } : {}),
          ...(q.to !== undefined ? { to: new Date(q.to) } : {}),
          ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
        },
        // Region rows: only with audit.read, inside the view scope.
        { regions: scope.has('audit.read') ? scope.region('view') : { kind: 'view', roots: [] }, global },
      );
      return { ...page, limit: q.limit, offset: q.offset };
    },
  );
};

export default auditRoutes;
