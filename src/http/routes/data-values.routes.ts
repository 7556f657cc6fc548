/**
 * /data-values: stored values in my view scope, each with the workflow state of its form, so a
 * dashboard can mark draft and submitted data; `finalOnly=true` returns only final data (what
 * assessments and public outputs use).
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { inRegionScope } from '../../storage/repositories/scope.repository.js';
import { requirePermission } from '../plugins/guards.js';
import { errors, Page } from '../schemas/common.schema.js';
import { DataValueSchema, DataValuesQuery } from '../schemas/data-values.schema.js';
import type { TypeBoxProvider } from '../schemas/type-provider.js';

const dataValueRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get(
    '/data-values',
    {
      preHandler: requirePermission('data.read'),
      schema: { tags: ['data values'], summary: 'Data values in my view scope with their workflow state', querystring: DataValuesQuery, response: { 200: Page(DataValueSchema), ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const q = request.query;
      const conditions = [request.scope.where('v.region_code', 'view')];
      if (q.within) {
        await request.scope.authorize('data.read', q.within);
        conditions.push(inRegionScope('v.region_code', { kind: 'view', roots: [q.within] }));
      }
      if (q.region) conditions.push(sql<boolean>`v.region_code = ANY(${q.region}::text[])`);
      if (q.period) conditions.push(sql<boolean>`v.period = ANY(${q.period}::text[])`);
      if (q.dataElement) conditions.push(sql<boolean>`de.code = ANY(${q.dataElement}::text[])`);
      // Final data = what evaluation counts (the data_value_final view): values no form governs too.
      if (q.finalOnly) conditions.push(sql<boolean>`v.workflow_state IN ('final', 'none')`);
      const where = sql.join(conditions, sql` AND `);
      const db = app.vitals.database.readDb;
      const { rows } = await sql<{
        code: string; region_code: string; period: string; sex: string; age_group: string; area: string; value: number | null; comment: string | null;
        row_version: number; workflow_state: string; updated_by: string; updated_at: Date;
      }>`SELECT de.code, v.region_code, v.period, v.sex, v.age_group, v.area, v.value, v.comment, v.row_version, v.workflow_state, v.updated_by, v.updated_at
         FROM data_value_state v JOIN data_element de ON de.id = v.data_element_id
         WHERE ${where}
         ORDER BY v.region_code, v.period, de.code, v.sex, v.age_group, v.area
         LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
      const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_value_state v JOIN data_element de ON de.id = v.data_element_id WHERE ${where}`.execute(db);
      return {
        items: rows.map((r) => ({
          dataElement: r.code, region: r.region_code, period: r.period, sex: r.sex, ageGroup: r.age_group, area: r.area, value: r.value, comment: r.comment,
          version: r.row_version, workflowState: r.workflow_state, final: r.workflow_state === 'final' || r.workflow_state === 'none', updatedBy: r.updated_by, updatedAt: r.updated_at,
        })),
        total: total.rows[0]?.n ?? 0,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );
};

export default dataValueRoutes;
