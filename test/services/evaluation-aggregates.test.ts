/**
 * The aggregate table: hand-checked roll-ups on a prefecture with three counties, final-only
 * data, and the proof that the incremental refresh equals a full rebuild.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateService } from '../../src/services/evaluation/index.js';
import { AggregateRepository, type AggregateRow } from '../../src/storage/repositories/aggregate.repository.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/db.js';
import { seedWorld, store, v } from './evaluation.fixtures.js';

let t: TestDatabase;
let service: AggregateService;
let ids: Map<string, number>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedWorld(t.db);
  service = new AggregateService(t.db);
  ids = new Map((await t.db.selectFrom('data_element').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  await store(t.db, [
    // 2025 annual counts of 石家庄's three counties.
    v('INFANT_DEATHS', '130102', '2025', 2), v('INFANT_DEATHS', '130104', '2025', 3), v('INFANT_DEATHS', '130105', '2025', 1),
    v('LIVE_BIRTHS', '130102', '2025', 400), v('LIVE_BIRTHS', '130104', '2025', 600),
    // 130105's births are reported as explicitly missing.
    v('LIVE_BIRTHS', '130105', '2025', null),
    v('POP', '130102', '2025', 100_000), v('POP', '130104', '2025', 300_000), v('POP', '130105', '2025', 100_000),
    v('LE_VALUE', '130102', '2025', 80), v('LE_VALUE', '130104', '2025', 78), v('LE_VALUE', '130105', '2025', 79),
    // Monthly births, first quarter: 130102 all three months, 130104 two, 130105 none.
    v('LIVE_BIRTHS_M', '130102', '2025M01', 30), v('LIVE_BIRTHS_M', '130102', '2025M02', 40), v('LIVE_BIRTHS_M', '130102', '2025M03', 50),
    v('LIVE_BIRTHS_M', '130104', '2025M01', 10), v('LIVE_BIRTHS_M', '130104', '2025M03', 20),
  ]);
});
afterAll(() => t?.dispose());

async function row(element: string, region: string, period: string): Promise<AggregateRow> {
  const rows = await new AggregateRepository(t.db).find({ provinceCode: '130000', dataElementIds: [ids.get(element)!], regions: [region], periods: [period] });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe(`aggregates on ${testEngine()}`, () => {
  it('rebuilds a province with hand-checkable sums, completeness and weighted means', async () => {
    const report = await service.rebuild({ region: '130000' });
    expect(report.problems).toEqual([]);
    // Deaths 2 + 3 + 1 = 6 from all three counties.
    expect(await row('INFANT_DEATHS', '130100', '2025')).toMatchObject({ value: 6, leavesExpected: 3, leavesContributing: 3, completeness: 1 });
    // Births 400 + 600 = 1000; 130105 reported "missing": 2 of 3 counties, completeness 2/3.
    const births = await row('LIVE_BIRTHS', '130100', '2025');
    expect(births).toMatchObject({ value: 1000, leavesExpected: 3, leavesContributing: 2 });
    expect(births.completeness).toBeCloseTo(2 / 3, 12);
    expect(births.detail?.missing).toEqual(['130105']);
    // The province has one expected prefecture child with data (石家庄) and one without (唐山, 2 counties):
    // leaves 5 expected, 2 contributing.
    expect(await row('LIVE_BIRTHS', '130000', '2025')).toMatchObject({ value: 1000, leavesExpected: 5, leavesContributing: 2 });
    // Life expectancy weighted by population: (80×100000 + 78×300000 + 79×100000) / 500000 = 39,300,000 / 500,000 = 78.6.
    const le = await row('LE_VALUE', '130100', '2025');
    expect(le.value).toBeCloseTo(78.6, 10);
    expect(le).toMatchObject({ weightedSum: 39_300_000, weightSum: 500_000 });
    // Months to a quarter: 30 + 40 + 50 + 10 + 20 = 150, from 5 of 9 county-months (completeness 5/9).
    const q1 = await row('LIVE_BIRTHS_M', '130100', '2025Q1');
    expect(q1).toMatchObject({ value: 150, periodsExpected: 9, periodsContributing: 5, leavesContributing: 2 });
    expect(q1.completeness).toBeCloseTo(5 / 9, 12);
    // The year from the same months: 150 from 5 of 36 county-months.
    expect(await row('LIVE_BIRTHS_M', '130100', '2025')).toMatchObject({ value: 150, periodsExpected: 36, periodsContributing: 5 });
    // A leaf's own quarter: 130104 has 10 + 20 = 30 from 2 of 3 months.
    expect(await row('LIVE_BIRTHS_M', '130104', '2025Q1')).toMatchObject({ value: 30, periodsExpected: 3, periodsContributing: 2 });
    expect((await service.verify('130000')).ok).toBe(true);
  });

  it('uses final data only: a value whose form is not final stays out until the form is final', async () => {
    await sql`INSERT INTO data_set (code, name_zh, period_type, reporting_levels, owner_region, definition, created_by, updated_by)
              VALUES ('BEDS_FORM', '床位年报', 'year', ARRAY['county'], '130000', '{}'::jsonb, 't', 't')`.execute(t.db);
    await sql`INSERT INTO data_set_element (data_set_code, element_key, data_element_id) VALUES ('BEDS_FORM', 'BEDS', ${ids.get('BEDS')!})`.execute(t.db);
    await store(t.db, [v('BEDS', '130102', '2025', 700), v('BEDS', '130104', '2025', 900)], 'reporter');
    await sql`INSERT INTO workflow_status (province_code, data_set_code, region_code, period, state, approvals, version)
              VALUES ('130000', 'BEDS_FORM', '130102', '2025', 'final', 2, 3), ('130000', 'BEDS_FORM', '130104', '2025', 'submitted', 0, 1)`.execute(t.db);
    await service.rebuild({ region: '130000' });
    // Only 130102's 700 beds are final; 130104's submitted 900 do not count yet.
    expect(await row('BEDS', '130100', '2025')).toMatchObject({ value: 700, leavesContributing: 1 });
    await sql`UPDATE workflow_status SET state = 'final', approvals = 2 WHERE region_code = '130104' AND data_set_code = 'BEDS_FORM'`.execute(t.db);
    const fresh = await service.ensureFresh('130000');
    expect(fresh.rebuilt).toBe(false); // the raw UPDATE wrote no transition: the watermark cannot see it
    await service.rebuild({ region: '130000' });
    expect(await row('BEDS', '130100', '2025')).toMatchObject({ value: 1600, leavesContributing: 2 }); // 700 + 900
  });

  it('refreshes exactly the chain of one changed county-month, and incremental equals full', async () => {
    await service.rebuild({ region: '130000' });
    await store(t.db, [v('LIVE_BIRTHS_M', '130104', '2025M02', 25)], 'reviewer');
    const stale = await service.verify('130000');
    expect(stale.ok).toBe(false); // the check can fail: the stored rows predate the change
    expect(new Set(stale.mismatches.map((m) => m.key.split('|').slice(1, 3).join('|')))).toEqual(
      new Set(['2025M02|130104', '2025M02|130100', '2025M02|130000', '2025Q1|130104', '2025Q1|130100', '2025Q1|130000',
        '2025H1|130104', '2025H1|130100', '2025H1|130000', '2025|130104', '2025|130100', '2025|130000']),
    );
    const report = await service.refreshAffected('LIVE_BIRTHS_M', '130104', '2025M02');
    expect(report.chain).toEqual(['130104', '130100', '130000']);
    expect(report.periods).toEqual(['LIVE_BIRTHS_M:2025M02', 'LIVE_BIRTHS_M:2025Q1', 'LIVE_BIRTHS_M:2025H1', 'LIVE_BIRTHS_M:2025']);
    // 150 + 25 = 175, now from 6 of 9 county-months.
    expect(await row('LIVE_BIRTHS_M', '130100', '2025Q1')).toMatchObject({ value: 175, periodsContributing: 6 });
    expect(await service.verify('130000')).toMatchObject({ ok: true, differences: 0 });
  });

  it('refreshes weighted means when their weight changes', async () => {
    await store(t.db, [v('POP', '130104', '2025', 100_000)]);
    await service.refreshAffected('POP', '130104', '2025');
    // (80×100000 + 78×100000 + 79×100000) / 300000 = 79.
    expect((await row('LE_VALUE', '130100', '2025')).value).toBeCloseTo(79, 10);
    expect((await service.verify('130000')).ok).toBe(true);
  });

  it('property: after any sequence of county-month changes, refreshing each one leaves the table equal to a full rebuild', async () => {
    const counties = ['130102', '130104', '130105', '130202', '130203'];
    const change = fc.record({
      region: fc.constantFrom(...counties),
      month: fc.integer({ min: 1, max: 12 }),
      value: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (changes) => {
        for (const c of changes) {
          const period = `2024M${String(c.month).padStart(2, '0')}`;
          await store(t.db, [v('INFANT_DEATHS_M', c.region, period, c.value)]);
          await service.refreshAffected('INFANT_DEATHS_M', c.region, period);
        }
        const check = await service.verify('130000');
        expect(check.mismatches).toEqual([]);
      }),
      { numRuns: 6, seed: 20250701 },
    );
  });
});
