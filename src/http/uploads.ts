/**
 * Single-file multipart uploads (evidence attachments, filled Excel templates): one set of
 * limits, one oversized-body check and one way to take the file, so that every upload route
 * answers a bad upload with the same codes (413 VITALS_E_PAYLOAD_TOO_LARGE, 415
 * VITALS_E_UNSUPPORTED_FORMAT, 400 VITALS_E_INVALID_INPUT).
 */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VitalsError } from '../core/errors.js';

/** Multipart framing around the file (boundaries, part headers). */
export const MULTIPART_OVERHEAD = 16 * 1024;

/** The error for a body or file over the configured upload limit. */
export function payloadTooLarge(uploadLimit: number): VitalsError {
  return new VitalsError('VITALS_E_PAYLOAD_TOO_LARGE', { limit: `${uploadLimit} bytes` });
}

/**
 * Registers `@fastify/multipart` in the calling plugin's scope for exactly one file of at most
 * `uploadLimit` bytes: no other fields, two parts at most, 50 header pairs.
 */
export async function registerSingleFileUpload(app: FastifyInstance, uploadLimit: number): Promise<void> {
  await app.register(multipart, { limits: { fileSize: uploadLimit, files: 1, fields: 0, parts: 2, headerPairs: 50 } });
}

/**
 * An `onRequest` hook that refuses a body whose announced length exceeds the limit plus the
 * multipart framing, before any of it is read.
 */
export function refuseOversizedUpload(uploadLimit: number): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > uploadLimit + MULTIPART_OVERHEAD) throw payloadTooLarge(uploadLimit);
  };
}

/**
 * The uploaded file of a multipart request.
 * @param what names the expected upload in the 415 message ("the file", "the workbook").
 * @throws VitalsError VITALS_E_UNSUPPORTED_FORMAT when the request is not multipart,
 *   VITALS_E_INVALID_INPUT when it holds no file.
 */
export async function requireUploadedFile(request: FastifyRequest, what: string): Promise<MultipartFile> {
  if (!request.isMultipart()) throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: `send ${what} as multipart/form-data` });
  const part = await request.file();
  if (!part) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'no file in the upload' });
  return part;
}
