/**
 * A full re-evaluation (`runYears`) writes, year by year, exactly the snapshots separate runs
 * write — results, provenance, inputs hash, methods, summary, rank changes — and results read
 * back page by page carry the same full provenance as the whole run read at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationService, type RunOutcome } from '../../src/services/evaluation/index.js';
import type { StoredResult } from '../../src/storage/repositories/evaluation.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { SCHEME, seedWorld, store, worldData } from './evaluation.fixtures.js';

// 2020, 2024 and 2025 hold data; 2021–2023 do not, so 2024 follows no year of the request.
const YEARS = [2020, 2024, 2025];
const input = { framework: 'test-plan', region: '130000', actor: 'planner-1', scheme: SCHEME };

let together: TestDatabase;
let separate: TestDatabase;
let outcomes: RunOutcome[];
let singles: RunOutcome[];

async function world(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await seedWorld(t.db);
  await store(t.db, worldData());
  return t;
}

beforeAll(async () => {
  [together, separate] = [await world(), await world()];
  outcomes = await new EvaluationService(together.db).runYears({ ...input, years: YEARS });
  singles = [];
  for (const year of YEARS) singles.push(await new EvaluationService(separate.db).run({ ...input, year }));
});
afterAll(async () => {
  await together?.dispose();
  await separate?.dispose();
});

const withoutRun = (rows: readonly StoredResult[]) => rows.map(({ runId: _runId, ...rest }) => rest);

describe(`evaluating several years at once on ${testEngine()}`, () => {
  it('writes one snapshot per year, each the same as a separate run of that year', async () => {
    expect(outcomes.map((o) => o.run.year)).toEqual(YEARS);
    for (const [i, o] of outcomes.entries()) {
      const single = singles[i]!;
      expect(o.run).toMatchObject({
        inputsHash: single.run.inputsHash, inputCount: single.run.inputCount, resultCount: single.run.resultCount, methods: single.run.methods,
        options: single.run.options, summary: single.run.summary, previousRunId: null, frameworkCode: 'test-plan', scopeRegion: '130000',
      });
      const a = await new EvaluationService(together.db).results(o.run.id);
      const b = await new EvaluationService(separate.db).results(single.run.id);
      expect(a.total).toBe(b.total);
      expect(withoutRun(a.results)).toEqual(withoutRun(b.results));
    }
  });

  it('reads values and rank changes of each year right', async () => {
    const service = new EvaluationService(together.db);
    // IMR 2024, province: (5+4+5+6+5)/(5×1000)×1000 = 25/5000×1000 = 5.0‰.
    const imr = (await service.results(outcomes[1]!.run.id, { kind: 'value', region: '130000', indicator: 'IMR' })).results;
    expect(imr).toHaveLength(1);
    expect(imr[0]!.value).toBeCloseTo(5, 10);
    // 2024 scores: 石家庄 IMR (5+4+5)/3000×1000 = 4.667 → (6 − 4.667)/(6 − 4) × 50 = 33.3, no beds value → rank 1;
    // 唐山 (6+5)/2000×1000 = 5.5 → (6 − 5.5)/2 × 50 = 12.5 → rank 2. 2025 keeps the order (100 and 25): previous ranks 1 and 2.
    // (Counties are ranked too, at their own level.)
    const ranks = (await service.results(outcomes[2]!.run.id, { kind: 'rank' })).results.filter((r) => (r.provenance as { level: string }).level === 'prefecture');
    expect(ranks.map((r) => [r.region, r.value, (r.provenance as { previousRank: number | null }).previousRank])).toEqual([['130100', 1, 1], ['130200', 2, 2]]);
  });

  it('restores the full provenance of any page, whatever rows the page leaves out', async () => {
    const service = new EvaluationService(together.db);
    const id = outcomes[2]!.run.id;
    const all = (await service.results(id)).results;
    for (const kind of ['attainment', 'progress', 'warning', 'value'] as const) {
      const page = (await service.results(id, { kind })).results;
      expect(page.length).toBeGreaterThan(0);
      expect(page).toEqual(all.filter((r) => r.kind === kind));
    }
    for (let offset = 0; offset < all.length; offset += 7) {
      expect((await service.results(id, { limit: 7, offset })).results).toEqual(all.slice(offset, offset + 7));
    }
    // Every row judged against the province IMR target names it in full (no stored references show).
    const rows = all.filter((r) => r.indicator === 'IMR' && (r.kind === 'attainment' || r.kind === 'progress'));
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect((r.provenance as { target: { wording: string } }).target.wording).toBe('婴儿死亡率下降到4.5‰及以下');
    expect(JSON.stringify(all)).not.toMatch(/"\$(def|ref)"/);
  });

  it('refuses a request without years or with an impossible one before writing anything', async () => {
    const service = new EvaluationService(together.db);
    const before = (await service.listRuns({})).total;
    await expect(service.runYears({ ...input, years: [] })).rejects.toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    await expect(service.runYears({ ...input, years: [2025, 1800] })).rejects.toMatchObject({ code: 'VITALS_E_INVALID_INPUT' });
    expect((await service.listRuns({})).total).toBe(before);
  });
});
