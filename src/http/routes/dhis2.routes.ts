/**
 * DHIS2-compatible `POST /api/v1/dataValueSets`: existing DHIS2 clients and scripts push data
 * values keyed by codes; the answer is a DHIS2 WebMessage wrapping an ImportSummary. Works with
 * a session or with a personal API token (`Authorization: ApiToken vt_…` as DHIS2 clients send).
 */
import type { FastifyPluginAsync } from 'fastify';
import { importDataValueSet } from '../../services/reporting/dhis2.service.js';
import { requirePermission } from '../plugins/guards.js';
import { errors } from '../schemas/common.schema.js';
import { Dhis2Body, Dhis2Query, Dhis2WebMessage } from '../schemas/dhis2.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const dhis2Routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.post(
    '/dataValueSets',
    {
      preHandler: requirePermission('data.write'),
      bodyLimit: app.vitals.config.uploadLimit,
      schema: {
        tags: ['DHIS2'],
        summary: 'DHIS2 dataValueSets import (JSON, idScheme=CODE); 409 with the summary when nothing was imported',
        querystring: Dhis2Query,
        body: Dhis2Body,
        response: { 200: Dhis2WebMessage, 409: Dhis2WebMessage, ...errors(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const summary = await importDataValueSet(app.vitals.database.db, request.scope.actor, request.body, {
        ...(q.dryRun !== undefined ? { dryRun: q.dryRun } : {}),
        ...(q.atomicMode ? { atomicMode: q.atomicMode } : {}),
        ...(q.importStrategy ? { importStrategy: q.importStrategy } : {}),
        ...((q.idScheme ?? q.dataElementIdScheme ?? q.orgUnitIdScheme) ? { idScheme: (q.idScheme ?? q.dataElementIdScheme ?? q.orgUnitIdScheme)! } : {}),
      });
      const failed = summary.status === 'ERROR';
      return reply.status(failed ? 409 : 200).send({
        httpStatus: failed ? 'Conflict' : 'OK',
        httpStatusCode: failed ? 409 : 200,
        status: failed ? 'ERROR' : summary.status === 'WARNING' ? 'WARNING' : 'OK',
        message: summary.description,
        response: summary,
      });
    },
  );
};

export default dhis2Routes;
