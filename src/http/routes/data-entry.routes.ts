/**
 * /datasets/:code/forms/:region/:period — data entry: read the form (values, last period's
 * values, units, validation, outlier flags, comments, workflow state, version, what I may do
 * next) and save one or many values with comments and explanations.
 */
import type { FastifyPluginAsync } from 'fastify';
import { DataEntryService } from '../../services/reporting/data-entry.service.js';
import { requirePermission } from '../plugins/guards.js';
import { errors } from '../schemas/common.schema.js';
import { FormViewSchema, SaveFormBody } from '../schemas/data-entry.schema.js';
import { InstanceParams } from '../schemas/datasets.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const dataEntryRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['data entry'];
  const service = () => new DataEntryService({ db: app.vitals.database.db, now: app.vitals.now });
  const key = (p: { code: string; region: string; period: string }) => ({ dataSet: p.code, region: p.region, period: p.period });

  app.get(
    '/datasets/:code/forms/:region/:period',
    {
      preHandler: requirePermission('data.read'),
      schema: { tags, summary: 'The form of a region and period', params: InstanceParams, response: { 200: FormViewSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      await request.scope.authorize('data.read', request.params.region);
      return service().getForm(request.scope.actor, key(request.params));
    },
  );

  app.put(
    '/datasets/:code/forms/:region/:period',
    {
      preHandler: requirePermission('data.write'),
      schema: {
        tags,
        summary: 'Save values, comments and explanations (409 on a stale version, 423 while locked or outside the window)',
        params: InstanceParams,
        body: SaveFormBody,
        response: { 200: FormViewSchema, ...errors(400, 401, 403, 404, 409, 423) },
      },
    },
    async (request) => {
      await request.scope.authorize('data.write', request.params.region);
      return service().save(request.scope.actor, key(request.params), request.body);
    },
  );
};

export default dataEntryRoutes;
