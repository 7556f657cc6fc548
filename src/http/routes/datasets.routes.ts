/**
 * /datasets: forms (data sets) — list, read, define (planners), and the expected cells of a
 * period with completeness and timeliness computed from the data actually entered.
 */
import type { FastifyPluginAsync } from 'fastify';
import { VitalsError } from '../../core/errors.js';
import { DataSetService } from '../../services/reporting/dataset.service.js';
import { requirePermission } from '../plugins/guards.js';
import { errors, Page, pagedQuery } from '../schemas/common.schema.js';
import { DataSetBody, DataSetParams, DataSetView, ExpectedQuery, ExpectedReportSchema } from '../schemas/datasets.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const datasetRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['data sets'];
  const service = () => new DataSetService({ db: app.vitals.database.db, now: app.vitals.now });

  app.get(
    '/datasets',
    { preHandler: requirePermission('metadata.read'), schema: { tags, summary: 'Data sets (forms), by code', querystring: pagedQuery({}), response: { 200: Page(DataSetView), ...errors(400, 401, 403) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const all = await service().list();
      return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
    },
  );

  app.get(
    '/datasets/:code',
    { preHandler: requirePermission('metadata.read'), schema: { tags, summary: 'One data set with its validation rules', params: DataSetParams, response: { 200: DataSetView, ...errors(400, 401, 403, 404) } } },
    async (request) => service().get(request.params.code),
  );

  app.put(
    '/datasets/:code',
    {
      preHandler: requirePermission('metadata.write'),
      schema: {
        tags,
        summary: 'Create or replace a data set (planners of the owner region); every problem is reported at once',
        params: DataSetParams,
        body: DataSetBody,
        response: { 200: DataSetView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const definition = request.body.definition as { code?: unknown };
      if (definition.code !== request.params.code) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `definition.code ${JSON.stringify(definition.code)} must equal the path's ${request.params.code}` });
      }
      return service().save(request.scope.actor, {
        definition,
        ownerRegion: request.body.ownerRegion,
        validationRules: (request.body.validationRules ?? []) as never,
        outlierOptions: request.body.outlierOptions ?? null,
      });
    },
  );

  app.get(
    '/datasets/:code/expected',
    {
      preHandler: requirePermission('data.read'),
      schema: {
        tags,
        summary: 'Expected cells of a period for the reporting regions in my view scope, with completeness and timeliness',
        params: DataSetParams,
        querystring: ExpectedQuery,
        response: { 200: ExpectedReportSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service().expected(request.scope.actor, request.params.code, request.query.period, request.scope.region('view'), request.query.within),
  );
};

export default datasetRoutes;
