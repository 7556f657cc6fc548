/**
 * The dashboard tests' world: the evaluation tests' small Hebei (石家庄 with three counties,
 * 唐山 with two; annual IMR, beds, life expectancy — test/services/evaluation.fixtures.ts), plus a
 * monthly county form MCH_FORM (births and infant deaths, approved by the city then the
 * province) whose January–March 2025 are final, and an indicator MCH_IMR on it with a
 * province target. Every number below is small enough to check by hand.
 */
import { sql, type Kysely } from 'kysely';
import { makeActor } from '../../src/core/access/index.js';
import { DataSetService } from '../../src/services/reporting/dataset.service.js';
import { EvaluationRepository } from '../../src/storage/repositories/evaluation.repository.js';
import { createRepositories, type DB } from '../../src/storage/index.js';
import { dataElement } from '../support/factories.js';
import { COUNTIES_SJZ, COUNTIES_TS, SCHEME, seedWorld, store, v, worldData } from './evaluation.fixtures.js';

export const COUNTIES = [...COUNTIES_SJZ, ...COUNTIES_TS]; // 130102 130104 130105 | 130202 130203
export const FORM = 'MCH_FORM';

export const actors = {
  planner: makeActor({ id: 'planner', roles: ['planner'], captureScope: ['130000'], viewScope: ['130000'] }),
  reporter: makeActor({ id: 'reporter-qiaoxi', roles: ['reporter'], captureScope: ['130104'], viewScope: [] }),
  cityReviewer: makeActor({ id: 'reviewer-sjz', roles: ['reviewer'], captureScope: ['130100'], viewScope: [] }),
  provinceReviewer: makeActor({ id: 'reviewer-hebei', roles: ['reviewer'], captureScope: ['130000'], viewScope: [] }),
};

/** Infant deaths of January, February, March 2025 by county (births are 100 every month). */
export const MCH_DEATHS: Record<string, readonly [number, number, number]> = {
  '130102': [1, 0, 0],
  '130104': [0, 1, 0],
  '130105': [0, 0, 0],
  '130202': [1, 1, 0],
  '130203': [0, 0, 1],
};

export async function seedDashboardWorld(db: Kysely<DB>): Promise<void> {
  await seedWorld(db);
  await store(db, worldData());
  const repos = createRepositories(db);
  await repos.metadata.upsertDataElements([
    dataElement('MCH_BIRTHS', '活产数（妇幼月报）', { periodType: 'month' }),
    dataElement('MCH_DEATHS', '婴儿死亡数（妇幼月报）', { periodType: 'month' }),
  ]);
  await repos.metadata.upsertIndicators([
    { code: 'MCH_IMR', name: { zh: '婴儿死亡率（妇幼月报）', en: 'Infant mortality (MCH monthly)' }, unit: '‰', polarity: 'lower_is_better', periodType: 'month', aggregation: 'ratio_of_sums', numerator: 'MCH_DEATHS', denominator: 'MCH_BIRTHS', factor: 1000 },
  ]);
  await repos.frameworks.upsertFrameworkIndicators('test-plan', [{ indicator: 'MCH_IMR', group: 'G1', sortOrder: 10, nature: 'binding' }]);
  await repos.targets.upsertTargets([{
    framework: 'test-plan', indicator: 'MCH_IMR', scope: { region: '130000' }, milestoneYear: 2025, spec: { kind: 'threshold', op: 'le', value: 4.5 },
    wording: '婴儿死亡率（妇幼月报）不高于4.5‰', provenance: { source: { document: '测试规划（虚构）' }, verification: 'confirmed_text' },
  }]);
  await new DataSetService({ db, now: () => new Date('2025-05-01T09:00:00+08:00') }).save(actors.planner, {
    ownerRegion: '130000',
    definition: {
      code: FORM, name: { zh: '妇幼卫生月报' }, periodType: 'month', reportingLevels: ['county'],
      elements: [{ element: 'MCH_BIRTHS' }, { element: 'MCH_DEATHS' }],
      schedule: { opensAfterDays: -40, dueAfterDays: 10, closesAfterDays: 400, timelyDays: 0 },
      workflow: { approvalLevels: ['prefecture', 'province'] },
    },
  });
  // January–March 2025 of every county: stored and made final directly (the history before the story).
  const values = COUNTIES.flatMap((c) => [1, 2, 3].flatMap((m) => [v('MCH_BIRTHS', c, `2025M0${m}`, 100), v('MCH_DEATHS', c, `2025M0${m}`, MCH_DEATHS[c]![m - 1]!)]));
  await store(db, values, 'seed');
  for (const c of COUNTIES) {
    for (const m of [1, 2, 3]) {
      await sql`INSERT INTO workflow_status (province_code, data_set_code, region_code, period, state, approvals, version)
                VALUES ('130000', ${FORM}, ${c}, ${`2025M0${m}`}, 'final', 2, 3)`.execute(db);
    }
  }
  await new EvaluationRepository(db).saveProfile({ frameworkCode: 'test-plan', methods: ['trajectory', 'statcan'], scheme: SCHEME, indexConfig: INDEX, options: null }, 'test');
}

/** A two-indicator demonstration index over the prefectures (or counties), min-max, equal weights. */
export const INDEX = {
  id: 'test-index', name: { zh: '测试指数', en: 'Test index' }, demonstration: true,
  indicators: [
    { code: 'IMR', direction: 'lower_is_better', name: { zh: '婴儿死亡率' } },
    { code: 'BEDS_PER_1000', direction: 'higher_is_better', name: { zh: '每千人口床位数' } },
  ],
  structure: { code: 'TI', name: { zh: '测试指数' }, children: [{ code: 'outcome', name: { zh: '结果' }, children: ['IMR'] }, { code: 'resources', name: { zh: '资源' }, children: ['BEDS_PER_1000'] }] },
  imputation: { method: 'none' }, outliers: { method: 'none' }, normalisation: { method: 'minmax', range: [0, 100] }, weights: { method: 'equal' }, aggregation: 'arithmetic', missing: 'reweight',
};
