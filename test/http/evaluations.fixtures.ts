/**
 * Evaluation runs for the evaluation rows of the authorization matrix
 * (test/http/authz-matrix.test.ts), on its default seed. Runs are stored directly (the run
 * service is tested elsewhere); each carries one result per region of its scope, so that a read
 * filter has results to leak:
 * - `evIn`   unpublished, 河北省 130000 (results 130000, 130100, 130102, 130104);
 * - `evOut`  unpublished, 北京 市辖区 110100, another city (results 110100, 110101);
 * - `evPubIn` / `evPubOut`  published runs of both provinces (year 2000, so that they make no
 *   2024 dashboard figure public);
 * - `evPublishIn` / `evPublishOut`  unpublished runs for the publish row (one each, as a run is
 *   published only once).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/storage/index.js';
import { EvaluationRepository, type NewResult } from '../../src/storage/repositories/evaluation.repository.js';
import { FrameworkRepository } from '../../src/storage/repositories/framework.repository.js';

/** Parent of each seeded region (test/support/factories.ts `seedBasics`). */
const PARENT: Readonly<Record<string, string>> = {
  '130000': '000000', '130100': '130000', '130102': '130100', '130104': '130100',
  '110000': '000000', '110100': '110000', '110101': '110100',
};

function lineage(code: string): string[] {
  const chain = [code];
  for (let at = PARENT[code]; at !== undefined; at = PARENT[at]) chain.push(at);
  return chain;
}

/**
 * Whether a run of `runRegion` overlaps a reader who sees `visible` (regions with descendants):
 * the run's region is one of them, or an ancestor of one (a province run holds a county's results).
 */
export function runOverlaps(visible: readonly string[], runRegion: string): boolean {
  return visible.some((code) => lineage(code).includes(runRegion));
}

interface RunSpec {
  readonly name: string;
  readonly framework: 'fw-hebei' | 'fw-beijing';
  readonly scope: string;
  readonly year: number;
  readonly results: readonly string[];
  readonly published: boolean;
}

const HEBEI_RESULTS = ['130000', '130100', '130102', '130104'];
const BEIJING_RESULTS = ['110000', '110100', '110101'];

const RUNS: readonly RunSpec[] = [
  { name: 'evIn', framework: 'fw-hebei', scope: '130000', year: 2024, results: HEBEI_RESULTS, published: false },
  { name: 'evOut', framework: 'fw-beijing', scope: '110100', year: 2024, results: ['110100', '110101'], published: false },
  { name: 'evPubIn', framework: 'fw-hebei', scope: '130000', year: 2000, results: HEBEI_RESULTS, published: true },
  { name: 'evPubOut', framework: 'fw-beijing', scope: '110000', year: 2000, results: BEIJING_RESULTS, published: true },
  { name: 'evPublishIn', framework: 'fw-hebei', scope: '130000', year: 2024, results: HEBEI_RESULTS, published: false },
  { name: 'evPublishOut', framework: 'fw-beijing', scope: '110000', year: 2024, results: BEIJING_RESULTS, published: false },
];

function result(provinceCode: string, region: string, year: number): NewResult {
  return {
    provinceCode, region, indicator: 'IMR', milestoneYear: 2025, period: String(year), kind: 'attainment', method: 'threshold',
    status: 'attained', value: 4, required: { op: '<=', value: 5 }, gapAbsolute: 1, gapPercent: 20, provenance: { method: 'matrix-fixture', inputs: [] },
  };
}

/**
 * Frameworks for the run rows. Inside: one without indicators, whose run needs no data and so
 * succeeds whatever earlier rows did to `fw-hebei`. Outside: every request is refused before the
 * run, so the matrix's own `fw-beijing` (no second Beijing framework: the final check counts them).
 */
export const RUN_FRAMEWORK = { in: 'fw-ev-hebei', out: 'fw-beijing' } as const;

/** Store the runs and record their ids in `ctx.fixtures` under the names above; add RUN_FRAMEWORK. */
export async function matrixEvaluationFixture(ctx: { server: { db: Kysely<DB> }; fixtures: Map<string, string | number> }): Promise<void> {
  const { db } = ctx.server;
  const runs = new EvaluationRepository(db);
  const frameworks = new FrameworkRepository(db);
  await frameworks.upsertFramework({ code: RUN_FRAMEWORK.in, name: { zh: '评估矩阵（河北）' }, jurisdiction: '130000', startYear: 2023, endYear: 2027 });
  for (const spec of RUNS) {
    const framework = (await frameworks.getFramework(spec.framework))!;
    const province = spec.scope.slice(0, 2) + '0000';
    const results = spec.results.map((region) => result(province, region, spec.year));
    const id = await runs.insertRun({
      frameworkId: framework.id, frameworkCode: spec.framework, frameworkVersion: framework.version, scopeRegion: spec.scope, provinceCode: province,
      year: spec.year, inputsHash: 'a'.repeat(64), inputCount: 0, methods: [{ kind: 'attainment', name: 'threshold', version: '1' }], options: {},
      summary: {}, resultCount: results.length, previousRunId: null, createdBy: 'seed',
    }, results);
    if (spec.published) await runs.publish(id, 'seed');
    ctx.fixtures.set(spec.name, id);
  }
}
