import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VitalsError } from '../core/errors.js';
import { MULTIPART_OVERHEAD, refuseOversizedUpload, registerSingleFileUpload, requireUploadedFile } from './uploads.js';

const LIMIT = 64;
const BOUNDARY = 'vitals-boundary';

/** A multipart body with the given parts (name, optional filename, content). */
function multipartBody(parts: ReadonlyArray<{ name: string; filename?: string; content: string }>): string {
  const chunks = parts.map(
    (p) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n` +
      `${p.filename ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n${p.content}\r\n`,
  );
  return `${chunks.join('')}--${BOUNDARY}--\r\n`;
}

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  // Report the coded error as it was thrown, without the app's HTTP mapping.
  app.setErrorHandler((error, _request, reply) => {
    const code = error instanceof VitalsError ? error.code : String((error as { code?: string }).code);
    void reply.status(499).send({ code, message: (error as Error).message });
  });
  await app.register(async (scope) => {
    await registerSingleFileUpload(scope, LIMIT);
    scope.post('/upload', { onRequest: refuseOversizedUpload(LIMIT) }, async (request) => {
      const part = await requireUploadedFile(request, 'the workbook');
      return { fileName: part.filename, text: (await part.toBuffer()).toString('utf8') };
    });
  });
  await app.ready();
});
afterAll(() => app?.close());

const post = (payload: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: '/upload', payload, headers });
const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

describe('single-file uploads', () => {
  it('hands over the one file of a multipart request', async () => {
    const res = await post(multipartBody([{ name: 'file', filename: 'form.xlsx', content: 'hello' }]), multipartHeaders);
    expect(res.json()).toEqual({ fileName: 'form.xlsx', text: 'hello' });
  });

  it('refuses a request that is not multipart with VITALS_E_UNSUPPORTED_FORMAT naming what to send', async () => {
    const res = await post('{}', { 'content-type': 'application/json' });
    expect(res.json()).toMatchObject({ code: 'VITALS_E_UNSUPPORTED_FORMAT' });
    expect(res.json().message).toContain('send the workbook as multipart/form-data');
  });

  it('refuses a multipart request without a file with VITALS_E_INVALID_INPUT', async () => {
    const res = await post(`--${BOUNDARY}--\r\n`, multipartHeaders);
    expect(res.json()).toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    expect(res.json().message).toContain('no file in the upload');
  });

  it('refuses an announced body over the limit plus the framing allowance before reading it', async () => {
    // 64 + 16,384 = 16,448 bytes are allowed; one byte more is refused.
    expect(LIMIT + MULTIPART_OVERHEAD).toBe(16_448);
    const res = await post('x'.repeat(16_449), multipartHeaders);
    expect(res.json()).toMatchObject({ code: 'VITALS_E_PAYLOAD_TOO_LARGE' });
    expect(res.json().message).toContain('64 bytes');
  });
});
