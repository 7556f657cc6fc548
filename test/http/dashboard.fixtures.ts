/**
 * Data for the dashboard rows of the authorization matrix (test/http/authz-matrix.test.ts), on
 * its default seed: an indicator MX_BEDS_RATE (beds per 1000 people), beds and population of 2024 in and out of every scope (130102, 130104 in
 * Hebei; 110101 in Beijing), an index definition for `fw-hebei`, and both provinces' dashboards
 * built, so that a read filter has figures to leak.
 */
import type { Kysely } from 'kysely';
import { DashboardRefresher } from '../../src/services/dashboard/index.js';
import { createRepositories, type DB } from '../../src/storage/index.js';
import { EvaluationRepository } from '../../src/storage/repositories/evaluation.repository.js';

const MX_INDEX = {
  id: 'mx-index', name: { zh: '矩阵测试指数' }, demonstration: true,
  indicators: [{ code: 'MX_BEDS_RATE', direction: 'higher_is_better' }],
  structure: { code: 'MX', children: ['MX_BEDS_RATE'] },
  normalisation: { method: 'minmax', range: [0, 100] }, weights: { method: 'equal' }, aggregation: 'arithmetic',
};

export async function matrixDashboardFixture(ctx: { server: { db: Kysely<DB> } }): Promise<void> {
  const { db } = ctx.server;
  // Beds per 1000 people as a ratio of the two stored elements (no form collects them: final).
  await createRepositories(db).metadata.upsertIndicators([{ code: 'MX_BEDS_RATE', name: { zh: '每千人口床位数（矩阵）' }, unit: '张', polarity: 'higher_is_better', periodType: 'year', aggregation: 'ratio_of_sums', numerator: 'BEDS', denominator: 'POP', factor: 1000 }]);
  const values = [['130102', 600, 100_000], ['130104', 500, 80_000], ['110101', 900, 120_000]] as const;
  await createRepositories(db).dataValues.upsert(
    values.flatMap(([region, beds, pop]) => [{ dataElement: 'BEDS', region, period: '2024', value: beds }, { dataElement: 'POP', region, period: '2024', value: pop }]),
    { actor: 'seed' },
  );
  await new EvaluationRepository(db).saveProfile({ frameworkCode: 'fw-hebei', methods: ['trajectory'], scheme: null, indexConfig: MX_INDEX, options: null }, 'seed');
  await new EvaluationRepository(db).saveProfile({ frameworkCode: 'fw-beijing', methods: ['trajectory'], scheme: null, indexConfig: MX_INDEX, options: null }, 'seed');
  for (const province of ['130000', '110000']) await new DashboardRefresher(db).rebuild(province, { aggregates: 'rebuild' });
}
