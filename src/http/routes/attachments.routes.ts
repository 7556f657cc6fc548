/**
 * Evidence attachments (佐证材料): upload to a form (multipart, one file, size-limited, type
 * sniffed from the bytes), list, download (stored type, nosniff, attachment disposition) and
 * withdraw.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AttachmentService } from '../../services/reporting/attachment.service.js';
import { contentDisposition } from '../../services/reporting/sniff.js';
import { requirePermission } from '../plugins/guards.js';
import { AttachmentBytes, AttachmentList, AttachmentSchema, UploadQuery } from '../schemas/attachments.schema.js';
import { errors, NumericIdParam } from '../schemas/common.schema.js';
import { InstanceParams } from '../schemas/datasets.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';
import { refuseOversizedUpload, registerSingleFileUpload, requireUploadedFile } from '../uploads.js';

const attachmentRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const tags = ['attachments'];
  const { uploadLimit, dataDir } = app.vitals.config;
  await registerSingleFileUpload(fastify, uploadLimit);
  const service = () => new AttachmentService({ db: app.vitals.database.db, now: app.vitals.now, dataDir, uploadLimit });
  const key = (p: { code: string; region: string; period: string }) => ({ dataSet: p.code, region: p.region, period: p.period });

  app.get(
    '/datasets/:code/forms/:region/:period/attachments',
    { preHandler: requirePermission('data.read'), schema: { tags, summary: 'Evidence attached to a form', params: InstanceParams, response: { 200: AttachmentList, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      await request.scope.authorize('data.read', request.params.region);
      return { items: await service().list(request.scope.actor, key(request.params)) };
    },
  );

  app.post(
    '/datasets/:code/forms/:region/:period/attachments',
    {
      preHandler: requirePermission('data.write'),
      // Refuse an announced oversized body before reading it.
      onRequest: refuseOversizedUpload(uploadLimit),
      schema: {
        tags,
        summary: 'Attach evidence (multipart/form-data, one file): PDF, PNG, JPEG, XLSX or DOCX by content',
        consumes: ['multipart/form-data'],
        params: InstanceParams,
        querystring: UploadQuery,
        response: { 201: AttachmentSchema, ...errors(400, 401, 403, 404, 413, 415, 423) },
      },
    },
    async (request, reply) => {
      await request.scope.authorize('data.write', request.params.region);
      const part = await requireUploadedFile(request, 'the file');
      const stored = await service().upload(request.scope.actor, key(request.params), {
        stream: part.file,
        fileName: part.filename,
        truncated: () => part.file.truncated,
        elementKey: request.query.element ?? null,
      });
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/attachments/:id',
    {
      preHandler: requirePermission('data.read'),
      schema: { tags, summary: 'Download evidence (always as an attachment, with its verified type)', params: NumericIdParam, response: { 200: AttachmentBytes, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const { attachment, stream } = await service().open(request.scope.actor, request.params.id);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.sizeBytes))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  app.delete(
    '/attachments/:id',
    { preHandler: requirePermission('data.write'), schema: { tags, summary: 'Withdraw evidence while the form is editable', params: NumericIdParam, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 423) } } },
    async (request, reply) => {
      await service().remove(request.scope.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};

export default attachmentRoutes;
