/**
 * /imports: bulk import of data values through the import service (CSV, XLSX, JSON, DHIS2
 * JSON; raw body or a multipart file), with dry run and a row-by-row error report, inside the
 * caller's capture scope and the workflow's locks.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { VitalsError } from '../../core/errors.js';
import { refreshDashboardsBeforeCommit } from '../../services/dashboard/index.js';
import { rejectionError } from '../../services/import/index.js';
import { importForActor } from '../../services/reporting/guarded-import.js';
import { ImportBatchRepository } from '../../storage/index.js';
import { requirePermission } from '../plugins/guards.js';
import { errors, NumericIdParam } from '../schemas/common.schema.js';
import { ImportBatchSchema, ImportQuery, ImportReportSchema } from '../schemas/imports.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const RAW_TYPES = ['application/octet-stream', 'text/csv', 'text/plain', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel'];

const importRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['imports'];
  const { uploadLimit } = app.vitals.config;
  await app.register(multipart, { limits: { fileSize: uploadLimit, files: 1, fields: 0, parts: 2 } });
  // In this plugin only: keep the bytes as sent (the import service detects the format itself).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) => done(null, body));

  async function fileOf(request: FastifyRequest, fallbackName: string | undefined): Promise<{ bytes: Buffer; fileName: string }> {
    if (request.isMultipart()) {
      const part = await request.file();
      if (!part) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'no file in the upload' });
      const bytes = await part.toBuffer();
      return { bytes, fileName: part.filename || fallbackName || 'upload' };
    }
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'send the file as the request body or as multipart/form-data' });
    return { bytes: request.body, fileName: fallbackName ?? 'upload' };
  }

  app.post(
    '/imports',
    {
      preHandler: requirePermission('data.write'),
      bodyLimit: uploadLimit,
      schema: {
        tags,
        summary: 'Import data values from a file (dryRun reports and writes nothing; a file with errors writes nothing unless partial)',
        consumes: ['multipart/form-data', ...RAW_TYPES],
        querystring: ImportQuery,
        response: { 200: ImportReportSchema, ...errors(400, 401, 403, 413, 415, 422, 423) },
      },
    },
    async (request) => {
      const q = request.query;
      const { bytes, fileName } = await fileOf(request, q.fileName);
      const report = await importForActor(app.vitals.database.db, request.scope.actor, { bytes, fileName }, {
        ...(q.format ? { format: q.format as 'csv' } : {}),
        ...(q.encoding ? { encoding: q.encoding as 'utf8' } : {}),
        ...(q.sheet ? { sheet: q.sheet } : {}),
        dryRun: !!q.dryRun,
        partial: !!q.partial,
        // Imported values count as final: the dashboards change in the import's own transaction.
        beforeCommit: refreshDashboardsBeforeCommit,
      });
      if (report.status === 'rejected') {
        const error = rejectionError(report);
        throw new VitalsError(error.code, error.params, report);
      }
      return report;
    },
  );

  app.get(
    '/imports/:id',
    { preHandler: requirePermission('data.write'), schema: { tags, summary: 'One of my import batches with its stored report', params: NumericIdParam, response: { 200: ImportBatchSchema, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const batch = await new ImportBatchRepository(app.vitals.database.db).get(request.params.id);
      // Batches carry no region: only their author (or a user administrator) may read them.
      if (!batch || (batch.actor !== request.scope.actorId && !request.scope.has('users.manage'))) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `import ${request.params.id}` });
      return batch;
    },
  );
};

export default importRoutes;
