/**
 * One error shape for every failure:
 *   { "error": { "code": "VITALS_E_…", "message": "<in the request's language>",
 *                "messages": { "zh-CN": "…", "en": "…" }, "details": … } }
 * 5xx details are logged, never sent.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatMessage, isVitalsError, VitalsError, type ErrorCode, type Locale } from '../core/errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; messages: Record<Locale, string>; details?: unknown };
}

export function requestLocale(request: FastifyRequest): Locale {
  const header = String(request.headers['accept-language'] ?? '');
  return /^en\b/i.test(header) ? 'en' : 'zh-CN';
}

export function errorBody(code: ErrorCode, params: Record<string, unknown>, locale: Locale, details?: unknown): ErrorBody {
  const messages = { 'zh-CN': formatMessage(code, params, 'zh-CN'), en: formatMessage(code, params, 'en') };
  return { error: { code, message: messages[locale], messages, ...(details === undefined ? {} : { details }) } };
}

/** Translates Fastify's own errors (validation, body size, JSON syntax) into catalogue codes. */
function toVitalsError(error: FastifyError): VitalsError {
  if (error.validation) {
    const detail = error.validation
      .map((v) => `${v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || 'body'} ${v.message}`)
      .join('; ');
    return new VitalsError('VITALS_E_INVALID_INPUT', { detail }, error.validation);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new VitalsError('VITALS_E_PAYLOAD_TOO_LARGE', { limit: 'configured maximum' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: error.message });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new VitalsError('VITALS_E_INVALID_INPUT', { detail: `malformed JSON body: ${error.message}` });
    default:
      if (error.statusCode === 400 && error instanceof SyntaxError) {
        return new VitalsError('VITALS_E_INVALID_INPUT', { detail: `malformed JSON body: ${error.message}` });
      }
      if (error.statusCode === 429) return new VitalsError('VITALS_E_RATE_LIMITED');
      if (error.statusCode === 413) return new VitalsError('VITALS_E_PAYLOAD_TOO_LARGE', { limit: 'configured maximum' });
      if (error.statusCode === 404) return new VitalsError('VITALS_E_NOT_FOUND', { what: 'route' });
      if (error.statusCode === 415) return new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: error.message });
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new VitalsError('VITALS_E_INVALID_INPUT', { detail: error.message });
      }
      return new VitalsError('VITALS_E_INTERNAL');
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const vitalsError = isVitalsError(error) ? error : toVitalsError(error);
    if (vitalsError.status >= 500) {
      request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    }
    const details = vitalsError.status >= 500 ? undefined : vitalsError.details;
    return reply
      .status(vitalsError.status)
      .send(errorBody(vitalsError.code, vitalsError.params, requestLocale(request), details));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('VITALS_E_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0]}` }, requestLocale(request)));
  });
}
