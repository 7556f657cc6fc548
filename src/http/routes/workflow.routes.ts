/**
 * Workflow: the status of a form instance and its history, actions (submit, approve, return,
 * reopen) with optimistic versioning, a scoped status list, and bulk approval of clean
 * submissions.
 */
import type { FastifyPluginAsync } from 'fastify';
import { isVitalsError } from '../../core/errors.js';
import type { WorkflowState } from '../../core/workflow/index.js';
import { WorkflowService } from '../../services/reporting/workflow.service.js';
import { WorkflowRepository } from '../../storage/repositories/workflow.repository.js';
import { requirePermission, requireUser } from '../plugins/guards.js';
import { requestLocale } from '../errors.js';
import { errors, Page } from '../schemas/common.schema.js';
import { InstanceParams } from '../schemas/datasets.schema.js';
import { ActionBody, ActionResultSchema, BulkBody, BulkResultSchema, StatusListQuery, StatusSchema, StatusViewSchema } from '../schemas/workflow.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const workflowRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['workflow'];
  const service = () => new WorkflowService({ db: app.vitals.database.db, now: app.vitals.now });

  app.get(
    '/datasets/:code/forms/:region/:period/workflow',
    {
      preHandler: requirePermission('data.read'),
      schema: { tags, summary: 'Workflow status, my allowed actions and the transition history', params: InstanceParams, response: { 200: StatusViewSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      await request.scope.authorize('data.read', request.params.region);
      return service().status(request.scope.actor, { dataSet: request.params.code, region: request.params.region, period: request.params.period });
    },
  );

  app.post(
    '/datasets/:code/forms/:region/:period/workflow',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Take a workflow action; expectedVersion must be the version you saw (409 otherwise); reason is required to return or reopen',
        params: InstanceParams,
        body: ActionBody,
        response: { 200: ActionResultSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      // The credential must carry the action's permission (tokens narrow it); the state machine
      // then decides the step, the level and the scope.
      request.scope.require(`workflow.${request.body.action}`);
      await request.scope.lineage(request.params.region);
      return service().act(request.scope.actor, { dataSet: request.params.code, region: request.params.region, period: request.params.period }, request.body);
    },
  );

  app.get(
    '/workflow',
    {
      preHandler: requirePermission('data.read'),
      schema: { tags, summary: 'Workflow statuses in my view scope (stored ones: a form nobody touched is draft)', querystring: StatusListQuery, response: { 200: Page(StatusSchema), ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const q = request.query;
      const repo = new WorkflowRepository(app.vitals.database.db);
      let scope = request.scope.region('view');
      if (q.within) {
        await request.scope.authorize('data.read', q.within);
        scope = { kind: 'view', roots: [q.within] };
      }
      const filter = { scope, ...(q.dataSet ? { dataSets: [q.dataSet] } : {}), ...(q.period ? { periods: [q.period] } : {}), ...(q.state ? { states: [q.state as WorkflowState] } : {}) };
      const [items, total] = await Promise.all([repo.find({ ...filter, limit: q.limit, offset: q.offset }), repo.count(filter)]);
      return { items, total, limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    '/workflow/bulk',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'Approve (or return) several forms; each succeeds or fails on its own', body: BulkBody, response: { 200: BulkResultSchema, ...errors(400, 401, 403) } },
    },
    async (request) => {
      request.scope.require(`workflow.${request.body.action}`);
      const results = [];
      for (const item of request.body.items) {
        const key = { dataSet: item.dataSet, region: item.region, period: item.period };
        try {
          const result = await service().act(request.scope.actor, key, { action: request.body.action, expectedVersion: item.expectedVersion, reason: request.body.reason ?? null });
          results.push({ ...key, ok: true, status: result.status });
        } catch (error) {
          if (!isVitalsError(error)) throw error;
          const message = requestLocale(request) === 'en' ? error.message : error.message_zh();
          results.push({ ...key, ok: false, error: { code: error.code, message } });
        }
      }
      return { results };
    },
  );
};

export default workflowRoutes;
