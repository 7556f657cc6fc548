/**
 * Shared TypeBox schemas: the uniform error body, pagination, localized text, and helpers to
 * declare a route's error responses. Every route declares request AND response schemas;
 * Fastify validates requests at the edge and serialises responses through them (fields not
 * in the schema are dropped, so nothing leaks by accident), and @fastify/swagger publishes them.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'VITALS_E_* code (docs/errors.md)' }),
      message: Type.String({ description: 'in the language of Accept-Language (zh-CN default, en)' }),
      messages: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'VitalsError', description: 'Uniform error body' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** `{ 400: ErrorResponse, 401: … }` for the given statuses. */
export function errors(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}

/** Errors any authenticated route can answer with. */
export const AUTH_ERRORS = [400, 401, 403] as const;

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'page size (1–500)' }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'items to skip' }),
};

/** A query-string object with paging plus the given filters. */
export function pagedQuery<P extends TProperties>(filters: P) {
  return Type.Object({ ...PageQuery, ...filters }, { additionalProperties: false });
}

/** `{ items, total, limit, offset }`. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'items matching the filters, all pages' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export const LocalizedText = Type.Object({ zh: Type.String(), en: Type.Optional(Type.String()) });

export const RegionCode = Type.String({ pattern: '^[0-9A-Za-z_.-]{1,32}$', description: 'region code (GB/T 2260 or a unit code)' });
export const CodeParam = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const NumericIdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** A strict request body: unknown fields are an error, not silently ignored. */
export function Body<P extends TProperties>(properties: P, options: { description?: string } = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
