import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';

const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migrations: Type.Integer(),
});

/** Liveness and readiness: answers only when the database answers. */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { tags: ['system'], summary: 'Health check', response: { 200: HealthResponse } } }, async () => {
    const { database } = app.vitals;
    const row = await sql<{ n: string }>`select count(*)::text as n from schema_migrations`.execute(database.readDb);
    return { status: 'ok' as const, engine: database.engine, migrations: Number(row.rows[0]?.n ?? 0) };
  });
};

export default healthRoutes;
