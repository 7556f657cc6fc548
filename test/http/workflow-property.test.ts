/**
 * Property-based workflow tests over the service layer on a real PostgreSQL: random sequences
 * of saves, explanations and workflow actions by random users (in and out of scope, with
 * current and stale versions) never reach an invalid state, never change data while it is
 * submitted, approved or final (no approved value is lost), and never leave an audit gap:
 * every value change has exactly one audit row and every transition one record.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access/index.js';
import { isVitalsError } from '../../src/core/errors.js';
import { makePeriod, shiftPeriod } from '../../src/core/period/index.js';
import { isLocked, statusProblem } from '../../src/core/workflow/index.js';
import { DataEntryService } from '../../src/services/reporting/data-entry.service.js';
import { WorkflowService } from '../../src/services/reporting/workflow.service.js';
import { createRepositories } from '../../src/storage/index.js';
import { WorkflowRepository } from '../../src/storage/repositories/workflow.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FORM, actors, seedReporting } from './reporting.fixtures.js';

let t: TestDatabase;
let clock = new Date();
const now = () => clock;
const ELEMENTS = ['MCH_BIRTHS', 'MCH_INFANT_DEATHS', 'MCH_ANC_VISITS'] as const;
const REGIONS = ['130102', '130104'] as const;
const CAST: readonly Actor[] = [actors.reporter, actors.reporterQiaoxi, actors.cityReviewer, actors.cityReviewer2, actors.provinceReviewer, actors.tangshanReviewer, actors.analyst];

type Step =
  | { kind: 'save'; who: number; region: number; drift: number; values: [number, number | null][] }
  | { kind: 'explain'; who: number; region: number }
  | { kind: 'submit' | 'approve' | 'return' | 'reopen'; who: number; region: number; drift: number; reason: boolean };

/** -1 means "the user whose turn it is" (resolved against the current state), so runs get far. */
const who = fc.oneof({ arbitrary: fc.nat(CAST.length - 1), weight: 1 }, { arbitrary: fc.constant(-1), weight: 3 });
const drift = fc.constantFrom(0, 0, 0, 0, -1, 1);
const valueFor = (element: number) => fc.oneof(fc.constant(null), fc.integer({ min: [100, 0, 400][element]!, max: [104, 3, 404][element]! }));
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const),
    who,
    region: fc.nat(1),
    drift,
    values: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }).chain((idx) => fc.tuple(...idx.map((i) => valueFor(i).map((v) => [i, v] as [number, number | null])))),
  }),
  fc.record({ kind: fc.constant('explain' as const), who, region: fc.nat(1) }),
  fc.record({
    kind: fc.constantFrom('submit' as const, 'submit' as const, 'approve' as const, 'approve' as const, 'approve' as const, 'return' as const, 'reopen' as const),
    who,
    region: fc.nat(1),
    drift,
    reason: fc.constantFrom(true, true, true, false),
  }),
);

/** Errors each step may legitimately end with; anything else is a bug. */
const ALLOWED_FAILURES: Record<Step['kind'], readonly string[]> = {
  save: ['VITALS_E_CONFLICT', 'VITALS_E_LOCKED', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE', 'VITALS_E_WINDOW_CLOSED'],
  explain: ['VITALS_E_CONFLICT', 'VITALS_E_LOCKED', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE'],
  submit: ['VITALS_E_CONFLICT', 'VITALS_E_INVALID_TRANSITION', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE', 'VITALS_E_SUBMISSION_BLOCKED'],
  approve: ['VITALS_E_CONFLICT', 'VITALS_E_INVALID_TRANSITION', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE'],
  return: ['VITALS_E_CONFLICT', 'VITALS_E_INVALID_TRANSITION', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE', 'VITALS_E_INVALID_INPUT'],
  reopen: ['VITALS_E_CONFLICT', 'VITALS_E_INVALID_TRANSITION', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE', 'VITALS_E_INVALID_INPUT'],
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedReporting(t.db);
});
afterAll(() => t?.dispose());

async function valuesOf(region: string, period: string): Promise<Record<string, number | null>> {
  const stored = await createRepositories(t.db).dataValues.find({ regions: [region], periods: [period] });
  return Object.fromEntries(stored.map((v) => [v.dataElement, v.value]));
}

/** The reporter of the region for data steps, the reviewer of the pending step for decisions. */
function turnOf(kind: Step['kind'], region: string, approvals: number, pick: number): Actor {
  if (kind === 'save' || kind === 'explain' || kind === 'submit') return region === '130102' ? actors.reporter : actors.reporterQiaoxi;
  if (kind === 'reopen' || approvals >= 1) return actors.provinceReviewer;
  return pick === 0 ? actors.cityReviewer : actors.cityReviewer2;
}

let run = 0;
/** What the runs reached, so the test proves it explored the interesting states. */
const reached = new Set<string>();
const succeeded = new Map<string, number>();

describe('workflow properties', () => {
  it('random actions keep every invariant', async () => {
    const entry = new DataEntryService({ db: t.db, now });
    const workflow = new WorkflowService({ db: t.db, now });
    const repo = new WorkflowRepository(t.db);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), async (steps) => {
        // A fresh month per run, with the clock inside its reporting window.
        const period = shiftPeriod(makePeriod('month', 2031, 1), run++);
        clock = new Date(`${shiftPeriod(period, 1).code.replace('M', '-')}-05T10:00:00+08:00`);
        const valueChanges = new Map<string, number>(REGIONS.map((r) => [r, 0]));
        const transitions = new Map<string, number>(REGIONS.map((r) => [r, 0]));
        const submitted = new Map<string, Record<string, number | null>>();
        for (const s of steps) {
          const region = REGIONS[s.region]!;
          const key = { dataSet: FORM, region, period: period.code };
          const before = await repo.get(key);
          const actor = s.who >= 0 ? CAST[s.who]! : turnOf(s.kind, region, before.approvals, s.region);
          const valuesBefore = await valuesOf(region, period.code);
          let failed: string | undefined;
          try {
            if (s.kind === 'save') {
              await entry.save(actor, key, { expectedVersion: before.version + s.drift, values: s.values.map(([i, value]) => ({ element: ELEMENTS[i]!, value })) });
            } else if (s.kind === 'explain') {
              const form = await entry.getForm(actor, key);
              const explanations = Object.fromEntries(form.blockers.filter((b) => b.kind !== 'error_rule').map((b) => [b.key, '已核实']));
              await entry.save(actor, key, { expectedVersion: form.status.version, explanations });
            } else {
              await workflow.act(actor, key, { action: s.kind, expectedVersion: before.version + s.drift, reason: s.reason ? '请核实' : null });
            }
          } catch (error) {
            if (!isVitalsError(error)) throw error;
            failed = error.code;
          }
          const after = await repo.get(key);
          reached.add(after.state);
          if (failed === undefined) succeeded.set(s.kind, (succeeded.get(s.kind) ?? 0) + 1);
          else reached.add(failed);
          const valuesAfter = await valuesOf(region, period.code);
          // A valid state, always.
          expect(statusProblem(after, 2)).toBeNull();
          if (failed !== undefined) {
            expect(ALLOWED_FAILURES[s.kind]).toContain(failed);
            // A refused action changes nothing.
            expect(after).toMatchObject({ state: before.state, approvals: before.approvals, version: before.version });
            expect(valuesAfter).toEqual(valuesBefore);
            continue;
          }
          if (s.kind === 'save' || s.kind === 'explain') {
            expect(isLocked(before.state)).toBe(false);
            expect(after.state).toBe(before.state);
            const cell = (values: Record<string, number | null>, e: string) => (e in values ? values[e] : 'absent');
            const changed = ELEMENTS.filter((e) => cell(valuesBefore, e) !== cell(valuesAfter, e)).length;
            valueChanges.set(region, valueChanges.get(region)! + changed);
            expect(after.version - before.version).toBeLessThanOrEqual(1);
          } else {
            // One transition: version + 1, and the state moves as the action says.
            expect(after.version).toBe(before.version + 1);
            transitions.set(region, transitions.get(region)! + 1);
            const expected = { submit: ['submitted'], approve: ['approved', 'final'], return: ['returned'], reopen: ['returned'] }[s.kind];
            expect(expected).toContain(after.state);
            if (s.kind === 'submit') submitted.set(region, valuesAfter);
          }
          // No approved value is lost: while locked, the data is what was submitted.
          if (isLocked(after.state)) expect(valuesAfter).toEqual(submitted.get(region));
        }
        // No audit gap: one audit row per value change, one record per transition, and replaying
        // the audit rows gives the stored values.
        for (const region of REGIONS) {
          const audit = await sql<{ entity_key: string; new_value: { value: number | null } }>`
            SELECT entity_key, new_value FROM audit_log WHERE entity = 'data_value' AND region_code = ${region} AND period = ${period.code} ORDER BY id`.execute(t.db);
          expect(audit.rows.length).toBe(valueChanges.get(region));
          const replay: Record<string, number | null> = {};
          for (const row of audit.rows) replay[row.entity_key.split('|')[0]!] = row.new_value.value;
          expect(replay).toEqual(await valuesOf(region, period.code));
          const history = await repo.transitions({ dataSet: FORM, region, period: period.code });
          expect(history.length).toBe(transitions.get(region));
          history.forEach((h, i) => i > 0 && expect(h.versionBefore).toBeGreaterThanOrEqual(history[i - 1]!.versionAfter));
          const workflowAudit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'workflow' AND entity_key = ${`${FORM}|${region}|${period.code}`}`.execute(t.db);
          expect(workflowAudit.rows[0]!.n).toBe(transitions.get(region));
        }
      }),
      { numRuns: 50, seed: 20250205 },
    );
    // The runs must have explored the whole machine and its refusals, or they proved little.
    expect([...reached].sort()).toEqual(expect.arrayContaining(['approved', 'draft', 'final', 'returned', 'submitted', 'VITALS_E_CONFLICT', 'VITALS_E_LOCKED', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE']));
    for (const kind of ['save', 'submit', 'approve', 'return', 'reopen']) expect(succeeded.get(kind) ?? 0, `successful ${kind} steps`).toBeGreaterThan(0);
  }, 300_000);
});
