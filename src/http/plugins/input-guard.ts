/**
 * Input that PostgreSQL cannot store is refused at the edge with a clear 400 rather than
 * failing deep inside a query: U+0000 (NUL) in any string of a JSON body or query string
 * (PostgreSQL text cannot hold it). Everything else, including SQL and script fragments, is
 * data: bound as query parameters, stored verbatim and returned as JSON strings.
 */
import type { FastifyInstance } from 'fastify';
import { VitalsError } from '../../core/errors.js';

const MAX_DEPTH = 64;

/** JSON-pointer-ish path of the first string containing NUL (keys included), or undefined. */
export function findNul(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `the body nests deeper than ${MAX_DEPTH} levels` });
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return `${path}/${key.replace(/\u0000/g, '\\u0000')}`;
    const found = findNul(item, `${path}/${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['body', request.body], ['query', request.query], ['params', request.params]] as const) {
      const at = findNul(value);
      if (at !== undefined) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${part} ${at}: the NUL character (U+0000) is not allowed in text` });
    }
  });
}
