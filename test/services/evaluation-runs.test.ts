/**
 * Evaluation runs on a crafted province: every expected figure below is computed by hand in
 * the comment next to it. Also: snapshots are immutable, corrections make new runs, and the
 * inputs hash does not depend on the order rows were stored in.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationService, type RunOutcome } from '../../src/services/evaluation/index.js';
import type { StoredResult } from '../../src/storage/repositories/evaluation.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { SCHEME, seedWorld, store, v, worldData } from './evaluation.fixtures.js';

let t: TestDatabase;
let service: EvaluationService;
let first: RunOutcome;
let firstResults: StoredResult[];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedWorld(t.db);
  await store(t.db, worldData());
  service = new EvaluationService(t.db);
});
afterAll(() => t?.dispose());

const pick = (rows: readonly StoredResult[], f: Partial<StoredResult>) => {
  const found = rows.filter((r) => Object.entries(f).every(([k, val]) => (r as unknown as Record<string, unknown>)[k] === val));
  expect(found, JSON.stringify(f)).toHaveLength(1);
  return found[0]!;
};

describe(`evaluation runs on ${testEngine()}`, () => {
  it('evaluates a crafted province with hand-checked values, attainment, progress, warnings and scores', async () => {
    first = await service.run({ framework: 'test-plan', region: '130000', year: 2025, actor: 'planner-1', scheme: SCHEME });
    expect(first.aggregatesRebuilt).toBe(true);
    expect(first.run).toMatchObject({ frameworkCode: 'test-plan', frameworkVersion: 1, scopeRegion: '130000', year: 2025, createdBy: 'planner-1', published: false, previousRunId: null });
    expect(first.run.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.run.methods.map((m) => `${m.kind}:${m.name}`)).toEqual(expect.arrayContaining(['progress:trajectory', 'progress:statcan', 'attainment:attainment', 'aggregation:aggregation']));
    firstResults = (await service.results(first.run.id)).results;
    const r = firstResults;

    // IMR, province 2025: (4+3+5+6+4) / (5×1000) × 1000 = 22/5000 × 1000 = 4.4‰ from all five counties.
    const value = pick(r, { kind: 'value', region: '130000', indicator: 'IMR' });
    expect(value.value).toBeCloseTo(4.4, 10);
    expect(value.status).toBe('complete');
    expect(value.required).toBeNull();
    expect((value.provenance as { inputs: Record<string, unknown> }).inputs.INFANT_DEATHS).toMatchObject({ value: 22, source: 'aggregate', completeness: 1, leaves: [5, 5] });

    // Target ≤ 4.5: attained. Gap = (4.5 − 4.4) × (−1) = −0.1; baseline 2020 = 30/5000×1000 = 6.0, R = (4.5 − 6.0) × (−1) = 1.5, gap% = −0.1/1.5×100 = −6.667.
    const imr = pick(r, { kind: 'attainment', region: '130000', indicator: 'IMR' });
    expect(imr.status).toBe('attained');
    expect(imr.gapAbsolute).toBeCloseTo(-0.1, 10);
    expect(imr.gapPercent).toBeCloseTo(-6.6667, 3);
    // Trajectory: E(2025) = 4.5 (the milestone); g = (−1)(4.4 − 4.5)/|4.5 − 6.0| = 0.0667 > 0.05 → ahead.
    expect(pick(r, { kind: 'progress', region: '130000', indicator: 'IMR', method: 'trajectory' }).status).toBe('ahead');

    // 唐山 inherits the province target: (6+4)/2000×1000 = 5.0‰, not attained, gap (4.5 − 5.0)(−1) = 0.5;
    // its own 2020 baseline (7+8)/2000×1000 = 7.5 gives R = 3.0 and gap% = 16.667.
    const ts = pick(r, { kind: 'attainment', region: '130200', indicator: 'IMR' });
    expect(ts).toMatchObject({ status: 'not_attained' });
    expect(ts.value).toBeCloseTo(5, 10);
    expect(ts.gapAbsolute).toBeCloseTo(0.5, 10);
    expect(ts.gapPercent).toBeCloseTo(16.6667, 3);
    expect((ts.provenance as { target: { inheritedFrom: string } }).target.inheritedFrom).toBe('130000');
    // g = (−1)(5.0 − 4.5)/|4.5 − 7.5| = −0.1667, in [−0.20, −0.05) → lagging.
    expect(pick(r, { kind: 'progress', region: '130200', indicator: 'IMR', method: 'trajectory' }).status).toBe('lagging');

    // Beds per 1,000: (800+600+700+900+350)/500000×1000 = 6.7 < 7 → not attained, gap 0.3;
    // baseline 2500/500000×1000 = 5.0, gap% = 0.3/2.0×100 = 15; trajectory g = (6.7 − 7)/2 = −0.15 → lagging.
    const beds = pick(r, { kind: 'attainment', region: '130000', indicator: 'BEDS_PER_1000' });
    expect(beds.status).toBe('not_attained');
    expect(beds.value).toBeCloseTo(6.7, 10);
    expect(beds.gapAbsolute).toBeCloseTo(0.3, 10);
    expect(beds.gapPercent).toBeCloseTo(15, 8);
    expect(pick(r, { kind: 'progress', region: '130000', indicator: 'BEDS_PER_1000', method: 'trajectory' }).status).toBe('lagging');

    // Life expectancy: the province's own 78.7 wins over the county mean (78+79+80+77+78)/5 = 78.4.
    // Baseline 2020 has no own figure: the population-weighted mean (77+78+79+76+78)/5 = 77.6;
    // target 77.6 + 1 = 78.6 → attained with gap 78.6 − 78.7 = −0.1.
    expect(pick(r, { kind: 'value', region: '130000', indicator: 'LE' })).toMatchObject({ status: 'reported', value: 78.7 });
    const le = pick(r, { kind: 'attainment', region: '130000', indicator: 'LE' });
    expect(le.status).toBe('attained');
    expect(le.gapAbsolute).toBeCloseTo(-0.1, 8);
    expect(pick(r, { kind: 'value', region: '130100', indicator: 'LE' }).value).toBeCloseTo((78 + 79 + 80) / 3, 10);

    // Monthly IMR: a Q3 checkpoint. Q3 deaths 1 + 1 = 2, births 5 counties × 3 months × 100 = 1500: 2/1500×1000 = 1.333‰.
    const warning = pick(r, { kind: 'warning', region: '130000', indicator: 'IMR_M' });
    expect(warning.period).toBe('2025Q3');
    expect((warning.provenance as { ytd: { actual: number } }).ytd.actual).toBeCloseTo(4 / 3, 10);

    // Scores of the prefectures: 石家庄 IMR 12/3000×1000 = 4.0 ≤ 4 → 50; beds 2100/300000×1000 = 7.0 ≥ 7 → 50: total 100, excellent, rank 1.
    // 唐山 IMR 5.0: (6 − 5)/(6 − 4) × 50 = 25; beds 1250/200000×1000 = 6.25 < 7 → 0: total 25, fail, rank 2.
    expect(pick(r, { kind: 'score', region: '130100' })).toMatchObject({ value: 100, status: 'excellent' });
    expect(pick(r, { kind: 'score', region: '130200' })).toMatchObject({ value: 25, status: 'fail' });
    expect(pick(r, { kind: 'rank', region: '130100' }).value).toBe(1);
    expect(pick(r, { kind: 'rank', region: '130200' }).value).toBe(2);
    expect(first.summary.counts.attainment).toMatchObject({ attained: expect.any(Number), not_attained: expect.any(Number) });
  });

  it('stores the same inputs hash whatever order the rows were stored in', async () => {
    const other = await createTestDatabase();
    try {
      await seedWorld(other.db);
      await store(other.db, [...worldData()].reverse());
      const again = await new EvaluationService(other.db).run({ framework: 'test-plan', region: '130000', year: 2025, actor: 'planner-2', scheme: SCHEME });
      expect(again.run.inputsHash).toBe(first.run.inputsHash);
      expect(again.run.inputCount).toBe(first.run.inputCount);
    } finally {
      await other.dispose();
    }
  });

  it('keeps published snapshots: a correction makes a new run with a new hash; the old results stay', async () => {
    const published = await service.publish(first.run.id, 'planner-1');
    expect(published).toMatchObject({ published: true, publishedBy: 'planner-1' });
    await expect(service.publish(first.run.id, 'planner-1')).rejects.toMatchObject({ code: 'VITALS_E_INVALID_TRANSITION' });

    // 路北区 corrects its 2025 infant deaths from 4 to 9: province IMR (22 − 4 + 9)/5000×1000 = 5.4‰.
    await store(t.db, [v('INFANT_DEATHS', '130203', '2025', 9)], 'corrector');
    const second = await service.run({ framework: 'test-plan', region: '130000', year: 2025, actor: 'planner-1', scheme: SCHEME });
    expect(second.run.id).not.toBe(first.run.id);
    expect(second.run.previousRunId).toBe(first.run.id);
    expect(second.run.inputsHash).not.toBe(first.run.inputsHash);
    const corrected = pick((await service.results(second.run.id)).results, { kind: 'attainment', region: '130000', indicator: 'IMR' });
    expect(corrected.status).toBe('not_attained');
    expect(corrected.value).toBeCloseTo(5.4, 10);

    // The published snapshot is exactly as it was.
    expect((await service.results(first.run.id)).results).toEqual(firstResults);
    expect((await service.requireRun(first.run.id)).inputsHash).toBe(first.run.inputsHash);
  });

  it('refuses to change or delete a snapshot in the database itself', async () => {
    await expect(sql`UPDATE evaluation_result SET value = 0 WHERE run_id = ${first.run.id}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM evaluation_result WHERE run_id = ${first.run.id}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM evaluation_run WHERE id = ${first.run.id}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`UPDATE evaluation_run SET inputs_hash = ${'0'.repeat(64)} WHERE id = ${first.run.id}`.execute(t.db)).rejects.toThrow(/only publishing/);
  });

  it('lists runs for readers: the public sees published runs only, a scoped reader its own regions', async () => {
    const all = await service.listRuns({});
    expect(all.total).toBeGreaterThanOrEqual(2);
    const publicView = await service.listRuns({ publishedOnly: true });
    expect(publicView.runs.map((r) => r.id)).toEqual([first.run.id]);
    // A Beijing analyst does not overlap Hebei: only the published run.
    expect((await service.listRuns({ regions: { kind: 'view', roots: ['110000'] } })).runs.every((r) => r.published)).toBe(true);
    // A 唐山 analyst sees the unpublished province run, but only 唐山's results in it.
    const unpublished = all.runs.find((r) => !r.published)!;
    const scoped = await service.results(unpublished.id, {}, { regions: { kind: 'view', roots: ['130200'] } });
    expect(scoped.results.length).toBeGreaterThan(0);
    expect(new Set(scoped.results.map((x) => x.region))).toEqual(new Set(['130200', '130202', '130203']));
    await expect(service.results(unpublished.id, {}, { regions: { kind: 'view', roots: ['110000'] } })).rejects.toMatchObject({ code: 'VITALS_E_NOT_FOUND' });
  });

  it('takes the progress methods from the framework profile when the call names none', async () => {
    await expect(service.saveProfile({ framework: 'test-plan', methods: ['palmistry'] }, 'planner-1')).rejects.toMatchObject({ code: 'VITALS_E_UNKNOWN_METHOD' });
    await service.saveProfile({ framework: 'test-plan', methods: [{ name: 'sdsn' }] }, 'planner-1');
    const run = await service.run({ framework: 'test-plan', region: '130100', year: 2025, actor: 'planner-1' });
    expect(run.run.methods.filter((m) => m.kind === 'progress').map((m) => m.name)).toEqual(['sdsn']);
    expect(run.run.scopeRegion).toBe('130100');
    const { results } = await service.results(run.run.id);
    expect(new Set(results.map((r) => r.region))).toEqual(new Set(['130100', '130102', '130104', '130105']));
  });

  it('computes index values for the level below the root when an index definition is given', async () => {
    const indexConfig = {
      id: 'test-index', name: { zh: '测试指数', en: 'Test index' },
      indicators: [
        { code: 'IMR', direction: 'lower_is_better', normalisation: { method: 'minmax', goalposts: [2, 8] } },
        { code: 'BEDS_PER_1000', direction: 'higher_is_better', normalisation: { method: 'minmax', goalposts: [5, 9] } },
      ],
      structure: { code: 'TI', children: ['IMR', 'BEDS_PER_1000'] },
      weights: { method: 'equal' }, aggregation: 'arithmetic',
    };
    const run = await service.run({ framework: 'test-plan', region: '130000', year: 2025, actor: 'planner-1', methods: ['trajectory'], indexConfig });
    const { results } = await service.results(run.run.id, { kind: 'index' });
    // After the correction above, 唐山's IMR is (6 + 9)/2000×1000 = 7.5‰ and 石家庄's 4.0‰.
    // 石家庄: IMR (8 − 4)/(8 − 2) = 0.6667, beds (7 − 5)/(9 − 5) = 0.5 → (0.6667 + 0.5)/2 = 0.58333.
    // 唐山:   IMR (8 − 7.5)/6 = 0.08333, beds (6.25 − 5)/4 = 0.3125 → (0.08333 + 0.3125)/2 = 0.19792.
    expect(results.map((r) => r.region)).toEqual(['130100', '130200']);
    expect(results[0]!.value).toBeCloseTo(7 / 12, 10);
    expect(results[1]!.value).toBeCloseTo((1 / 12 + 0.3125) / 2, 10);
    expect(run.run.methods.some((m) => m.kind === 'index' && m.name.endsWith('/test-index'))).toBe(true);
  });
});
