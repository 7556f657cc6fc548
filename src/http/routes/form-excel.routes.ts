/**
 * The Excel round trip of a form: `GET …/template` (pre-filled workbook in the caller's
 * language) and `POST …/upload` (the workbook back, saved through the ordinary form save; a
 * per-cell error report and nothing written when any cell is invalid). See
 * services/reporting/form-excel.service.ts for the layout.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { FormExcelService } from '../../services/reporting/form-excel.service.js';
import { contentDisposition } from '../../services/reporting/sniff.js';
import { requestLocale } from '../errors.js';
import { requirePermission } from '../plugins/guards.js';
import { errors } from '../schemas/common.schema.js';
import { FormViewSchema } from '../schemas/data-entry.schema.js';
import { InstanceParams } from '../schemas/datasets.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { payloadTooLarge, refuseOversizedUpload, registerSingleFileUpload, requireUploadedFile } from '../uploads.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
/** One problem of an uploaded workbook (also the `details.problems` of a 422). */
export const CellProblemSchema = Type.Object({
  sheet: Type.String(),
  cell: Type.String({ description: 'A1-style address, e.g. E7' }),
  field: Type.String({ description: 'dataSet | region | period | version | code | value | comment | file' }),
  element: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  code: Type.String(),
  message: Bilingual,
});
const UploadReportSchema = Type.Object({
  status: Type.Union([Type.Literal('committed'), Type.Literal('dry_run')]),
  sheet: Type.String(),
  counts: Type.Object({ rows: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer() }),
  problems: Type.Array(CellProblemSchema),
  form: FormViewSchema,
});
const UploadQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check only; write nothing' })) }, { additionalProperties: false });

const formExcelRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['data entry'];
  const { uploadLimit } = app.vitals.config;
  await registerSingleFileUpload(fastify, uploadLimit);
  const service = () => new FormExcelService({ db: app.vitals.database.db, now: app.vitals.now });
  const key = (p: { code: string; region: string; period: string }) => ({ dataSet: p.code, region: p.region, period: p.period });

  app.get(
    '/datasets/:code/forms/:region/:period/template',
    {
      preHandler: requirePermission('data.read'),
      schema: {
        tags,
        summary: 'The form as a pre-filled Excel template (zh or en by Accept-Language): codes, names, units, last period, current values and comments; only values and comments are editable',
        params: InstanceParams,
        response: { 200: Type.String({ format: 'binary' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await request.scope.authorize('data.read', request.params.region);
      const { bytes, fileName } = await service().template(request.scope.actor, key(request.params), requestLocale(request));
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(fileName)).header('cache-control', 'no-store').send(bytes);
    },
  );

  app.post(
    '/datasets/:code/forms/:region/:period/upload',
    {
      preHandler: requirePermission('data.write'),
      onRequest: refuseOversizedUpload(uploadLimit),
      schema: {
        tags,
        summary: 'Upload the filled template (multipart/form-data, one .xlsx): saved as one form save, or 422 with every bad cell (sheet, cell, field, reason) and nothing written',
        consumes: ['multipart/form-data'],
        params: InstanceParams,
        querystring: UploadQuery,
        response: { 200: UploadReportSchema, ...errors(400, 401, 403, 404, 409, 413, 415, 422, 423) },
      },
    },
    async (request) => {
      await request.scope.authorize('data.write', request.params.region);
      const part = await requireUploadedFile(request, 'the workbook');
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw payloadTooLarge(uploadLimit);
      return service().upload(request.scope.actor, key(request.params), bytes, { dryRun: request.query.dryRun ?? false });
    },
  );
};

export default formExcelRoutes;
