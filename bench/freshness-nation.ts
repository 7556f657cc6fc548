/**
 * Freshness on the main bench's own database (issue 6: "final approval of one county-month" →
 * the national aggregate and the dashboards' national figure reflect it), called by
 * `bench/steps.ts` after its setup, so it measures on the nation profile's ~40 M values.
 *
 * Setup (not timed): a monthly county form over the monthly births and infant deaths, with every
 * stored county-month of those elements final (the history: the same values count as before).
 * Each run, for one county of Hebei and the latest month: reopen it through the workflow (itself
 * a refresh: the month leaves the final data), check that the nation's births fell by the
 * county's births, put it back to "approved by the city", and — timed — the final approval at
 * the province, which refreshes the county's chain, the nation's rows and the indicator values
 * inside the approval's transaction. Then check that the nation's births are back and that
 * the national IMR_MONTHLY equals Σ deaths / Σ births × 1000 of the nation's aggregate rows.
 */
import { sql, type Kysely } from 'kysely';
import { makeActor } from '../src/core/access/index.js';
import { DashboardRefresher } from '../src/services/dashboard/index.js';
import { DataSetService } from '../src/services/reporting/dataset.service.js';
import { WorkflowService } from '../src/services/reporting/workflow.service.js';
import { AggregateRepository } from '../src/storage/repositories/aggregate.repository.js';
import { DashboardRepository } from '../src/storage/repositories/dashboard.repository.js';
import type { DB } from '../src/storage/schema.js';
import type { BenchRow } from './steps.js';

const FORM = 'BENCH_NATION_MCH_MONTHLY';
const ELEMENTS = ['LIVE_BIRTHS_MONTHLY', 'INFANT_DEATHS_MONTHLY'] as const;
const NATION = '000000';

const actor = (id: string, roles: string[], scope: string[]) => makeActor({ id, roles, captureScope: scope, viewScope: scope });

/** Median of a non-empty list. */
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Measure freshness on an already loaded bench database; returns the bench table's rows.
 * @throws Error when a figure does not reflect the approval (the bench must not report a time for a stale answer)
 */
export async function measureNationFreshness(db: Kysely<DB>, options: { readonly runs?: number; readonly province?: string; readonly log?: (m: string) => void } = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 5;
  const province = options.province ?? '130000';
  const log = options.log ?? (() => undefined);
  const { rows: elements } = await sql<{ id: number; code: string }>`SELECT id, code FROM data_element WHERE code = ANY(${[...ELEMENTS]}::text[])`.execute(db);
  const idOf = new Map(elements.map((e) => [e.code, e.id]));
  const births = idOf.get('LIVE_BIRTHS_MONTHLY');
  if (births === undefined || idOf.size < 2) return [{ step: 'freshness (bench database)', measured: 'n/a', detail: 'no monthly births/deaths elements' }];
  // The latest month with births in the province, and counties reporting it.
  const { rows: latest } = await sql<{ period: string }>`
    SELECT max(period) AS period FROM data_value WHERE province_code = ${province} AND data_element_id = ${births}`.execute(db);
  const month = latest[0]?.period;
  if (!month) return [{ step: 'freshness (bench database)', measured: 'n/a', detail: `no births in ${province}` }];
  const { rows: counties } = await sql<{ region_code: string }>`
    SELECT dv.region_code FROM data_value dv JOIN region r ON r.code = dv.region_code
    WHERE dv.province_code = ${province} AND dv.data_element_id = ${births} AND dv.period = ${month} AND r.level = 'county' AND dv.value > 0
    ORDER BY dv.region_code LIMIT ${runs}`.execute(db);

  const now = () => new Date(`${Number(month.slice(0, 4)) + 1}-01-05T09:00:00+08:00`);
  await new DataSetService({ db, now }).save(actor('bench-planner', ['planner'], [NATION]), {
    ownerRegion: NATION,
    definition: {
      code: FORM, name: { zh: '妇幼月报（全国基准）' }, periodType: 'month', reportingLevels: ['county'],
      elements: ELEMENTS.map((element) => ({ element })),
      schedule: { opensAfterDays: -5000, dueAfterDays: 10, closesAfterDays: 5000, timelyDays: 0 },
      workflow: { approvalLevels: ['prefecture', 'province'] },
    },
  });
  const setupStarted = performance.now();
  // The history was collected by this form (migration 0060: otherwise values stored before the
  // form stay outside its workflow, and a reopen would not take them out of the final data).
  await sql`UPDATE data_set_element SET collects_since = '-infinity' WHERE data_set_code = ${FORM}`.execute(db);
  // Every stored county-month of the two elements is final: the values that counted still count.
  await sql`INSERT INTO workflow_status (province_code, data_set_code, region_code, period, state, approvals, version)
    SELECT DISTINCT dv.province_code, ${FORM}, dv.region_code, dv.period, 'final', 2, 3
    FROM data_value dv JOIN region r ON r.code = dv.region_code
    WHERE dv.data_element_id = ANY(${[...idOf.values()]}::int[]) AND r.level = 'county'
    ON CONFLICT DO NOTHING`.execute(db);
  // A resumed bench database: the measured keys start final at version 3 again.
  await sql`UPDATE workflow_status SET state = 'final', approvals = 2, version = 3
    WHERE data_set_code = ${FORM} AND period = ${month} AND region_code = ANY(${counties.map((c) => c.region_code)}::text[])`.execute(db);
  await sql`ANALYZE workflow_status`.execute(db);
  log(`freshness: form ${FORM} with every county-month final (${Math.round(performance.now() - setupStarted)} ms); ${counties.length} runs on ${province} ${month}`);

  const aggregates = new AggregateRepository(db);
  const nationValue = async (id: number) => (await aggregates.find({ provinceCode: NATION, dataElementIds: [id], periods: [month] })).find((r) => r.sex === 'total' && r.ageGroup === 'total' && r.area === 'total')?.value ?? null;
  const countyValue = async (county: string) => (await aggregates.find({ provinceCode: province, dataElementIds: [births], periods: [month], regions: [county] })).find((r) => r.sex === 'total' && r.ageGroup === 'total' && r.area === 'total')?.value ?? null;
  const close = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const workflow = new WorkflowService({ db, now });
  const reviewer = actor('bench-reviewer', ['reviewer'], [province]);
  const out: BenchRow[] = [];
  const times: number[] = [];
  for (const [i, { region_code: county }] of counties.entries()) {
    const key = { dataSet: FORM, region: county, period: month };
    const before = await nationValue(births);
    const own = await countyValue(county);
    await workflow.act(reviewer, key, { action: 'reopen', expectedVersion: 3, reason: '基准测试' });
    // Reopened: the county's births left the nation's total.
    if (!close(await nationValue(births), (before ?? 0) - (own ?? 0))) throw new Error(`freshness run ${i + 1}: the nation's ${month} births did not drop by ${county}'s ${own} after the reopen`);
    await sql`UPDATE workflow_status SET state = 'approved', approvals = 1, version = 6
      WHERE data_set_code = ${FORM} AND region_code = ${county} AND period = ${month}`.execute(db);
    const started = performance.now();
    const result = await workflow.act(reviewer, key, { action: 'approve', expectedVersion: 6 });
    const ms = performance.now() - started;
    const after = await nationValue(births);
    const deaths = await nationValue(idOf.get('INFANT_DEATHS_MONTHLY')!);
    const imr = (await new DashboardRepository(db).findIndicatorValues(NATION, { indicators: ['IMR_MONTHLY'], regions: [NATION], periods: [month] }))[0];
    const expected = deaths !== null && after ? (deaths / after) * 1000 : null;
    if (result.status.state !== 'final' || !close(after, before) || !close(imr?.value ?? null, expected)) {
      throw new Error(`freshness run ${i + 1}: ${county} ${month} not reflected (nation births ${after}, expected ${before}; national IMR_MONTHLY ${imr?.value}, expected ${expected})`);
    }
    times.push(ms);
    log(`freshness run ${i + 1}: ${Math.round(ms)} ms`);
    out.push({ step: `freshness run ${i + 1}: final approval of ${county} ${month} → nation + dashboards`, measured: `${Math.round(ms)} ms`, detail: `nation births ${after} (reopened: ${(before ?? 0) - (own ?? 0)}); national IMR_MONTHLY ${expected?.toFixed(3)}‰ = ${deaths} / ${after} × 1000` });
  }
  if (times.length === 0) return [{ step: 'freshness (bench database)', measured: 'n/a', detail: `no county of ${province} reports ${month}` }];
  // Where the time goes: the same refresh on its own, with its phases.
  const again = await new DashboardRefresher(db).refresh(ELEMENTS.map((element) => ({ element, region: counties[0]!.region_code, period: month })));
  const m = median(times);
  out.push({
    step: 'freshness: final approval → every ancestor to the nation, coarser periods, national dashboard figure (median)', measured: `${Math.round(m)} ms`, target: '≤ 1000 ms', met: m <= 1000,
    detail: `min ${Math.round(Math.min(...times))}, max ${Math.round(Math.max(...times))} ms over ${times.length} runs; the refresh alone ${again.milliseconds} ms (${Object.entries(again.timings).map(([k, v]) => `${k} ${v}`).join(', ')})`,
  });
  return out;
}
