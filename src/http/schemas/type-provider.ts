/**
 * A TypeBox type provider for Fastify (what @fastify/type-provider-typebox does, in ten
 * lines): request parts are typed from their schemas. Responses are not type-checked, so
 * handlers may return `Date` objects for `format: 'date-time'` strings (the serialiser
 * writes them as ISO 8601).
 *
 * @example
 * const routes: FastifyPluginAsync = async (fastify) => {
 *   const app = fastify.withTypeProvider<TypeBoxProvider>();
 *   app.get('/x', { schema: { querystring: Q } }, async (request) => request.query.limit);
 * };
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyTypeProvider } from 'fastify';

export interface TypeBoxProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  readonly serializer: unknown;
}
