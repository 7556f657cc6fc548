import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTORS, TREE } from '../access/access.fixtures.js';
import { lineageOf, type Actor } from '../access/index.js';
import { VitalsError } from '../errors.js';
import type { RegionLevel } from '../region/index.js';
import {
  allowedActions,
  applyAction,
  applyEdit,
  approvalChain,
  initialStatus,
  isLocked,
  statusProblem,
  type DataSetWorkflow,
  type TransitionRecord,
  type WorkflowAction,
  type WorkflowState,
  type WorkflowStatus,
} from './index.js';

const POOL: readonly Actor[] = Object.values(ACTORS);
const WORKFLOWS: readonly DataSetWorkflow[] = [
  { approvalLevels: ['prefecture'] },
  { approvalLevels: ['province'] },
  { approvalLevels: ['prefecture', 'province'] },
  { approvalLevels: ['prefecture', 'province', 'nation'] },
  { approvalLevels: ['county', 'prefecture', 'province'] },
];
// A county, a township below it and a hospital unit below it.
const REGIONS = ['130102', '130102001', '130102-H001'];

type Command =
  | { kind: 'action'; action: WorkflowAction; actor: number; stale: number; reason: string | undefined }
  | { kind: 'edit'; actor: number; stale: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('action' as const),
    action: fc.constantFrom<WorkflowAction>('submit', 'approve', 'return', 'reopen'),
    actor: fc.nat(POOL.length - 1),
    // Mostly current versions; sometimes an older one (stale) by 1–3.
    stale: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    reason: fc.oneof({ weight: 4, arbitrary: fc.constant<string | undefined>('核实数据') }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, '   ') }),
  }),
  fc.record({ kind: fc.constant('edit' as const), actor: fc.nat(POOL.length - 1), stale: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }) }),
);

/** Independent model of the transitions (no authorization): where an action leads from a state. */
function modelNext(state: WorkflowState, approvals: number, action: WorkflowAction, n: number): { state: WorkflowState; approvals: number } | null {
  if (action === 'submit') return state === 'draft' || state === 'returned' ? { state: 'submitted', approvals: 0 } : null;
  if (action === 'approve') {
    if (state !== 'submitted' && state !== 'approved') return null;
    return approvals + 1 === n ? { state: 'final', approvals: n } : { state: 'approved', approvals: approvals + 1 };
  }
  if (action === 'return') return state === 'submitted' || state === 'approved' ? { state: 'returned', approvals: 0 } : null;
  return state === 'approved' || state === 'final' ? { state: 'returned', approvals: 0 } : null;
}

/** Oracle for authorization, walked on the tree rather than through the policy. */
function ancestorAt(region: string, level: RegionLevel): string | undefined {
  return [TREE.require(region), ...TREE.ancestors(region)].find((r) => r.level === level)?.code;
}

const ALLOWED_FAILURES = new Set(['VITALS_E_CONFLICT', 'VITALS_E_INVALID_TRANSITION', 'VITALS_E_FORBIDDEN', 'VITALS_E_OUT_OF_SCOPE', 'VITALS_E_INVALID_INPUT', 'VITALS_E_LOCKED']);

describe('workflow properties', () => {
  it('random actions by random actors keep every invariant', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...WORKFLOWS), fc.constantFrom(...REGIONS), fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }), (workflow, regionCode, commands) => {
        const region = lineageOf(TREE, regionCode);
        const chain = approvalChain(workflow, region.level);
        let status: WorkflowStatus = initialStatus({ dataSet: 'DS', region: regionCode, period: '2025' });
        const log: TransitionRecord[] = [];
        let successes = 0;
        let edits = 0;

        for (const cmd of commands) {
          const actor = POOL[cmd.actor]!;
          const expectedVersion = status.version - cmd.stale;
          const before = status;
          try {
            if (cmd.kind === 'edit') {
              status = applyEdit(status, { expectedVersion, actor, region });
              edits++;
              // Edits only while unlocked, only by a reporter whose capture scope covers the region.
              expect(isLocked(before.state)).toBe(false);
              expect(actor.roles).toContain('reporter');
              expect(actor.captureScope.some((c) => TREE.has(c) && TREE.isWithin(regionCode, c))).toBe(true);
              expect(status).toEqual({ ...before, version: before.version + 1 });
            } else {
              const flags = allowedActions(before, workflow, actor, region);
              const { status: next, record } = applyAction(before, cmd.action, { expectedVersion, actor, at: '2025-06-01T08:00:00Z', reason: cmd.reason, workflow, region });
              status = next;
              log.push(record);
              successes++;
              // Exactly one record per success, describing the change; version + 1.
              expect(cmd.stale).toBe(0);
              expect(record).toMatchObject({ action: cmd.action, from: before.state, to: next.state, actor: actor.id, versionBefore: before.version, versionAfter: before.version + 1 });
              expect(next.version).toBe(before.version + 1);
              expect({ state: next.state, approvals: next.approvals }).toEqual(modelNext(before.state, before.approvals, cmd.action, chain.length));
              // The flags the client sees agree with what the server does.
              const flag = { submit: flags.maySubmit, approve: flags.mayApprove, return: flags.mayReturn, reopen: flags.mayReopen }[cmd.action];
              expect(flag).toBe(true);
              // Unlocking needs a recorded return or reopen with a reason.
              if (isLocked(before.state) && !isLocked(next.state)) {
                expect(['return', 'reopen']).toContain(record.action);
                expect(record.reason?.trim()).toBeTruthy();
              }
              // Approvals come from the reviewer whose scope region is at the step's level and contains the data.
              if (record.action === 'approve' || record.action === 'return' || record.action === 'reopen') {
                expect(actor.roles).toContain('reviewer');
                expect(record.stepLevel).toBe(chain[record.step!]);
                expect(actor.captureScope).toContain(ancestorAt(regionCode, record.stepLevel!));
              }
              if (next.state === 'final') expect(record).toMatchObject({ action: 'approve', step: chain.length - 1 });
            }
          } catch (error) {
            if (!(error instanceof VitalsError)) throw error;
            expect(ALLOWED_FAILURES.has(error.code), error.code).toBe(true);
            // A stale version always conflicts; a failure changes nothing.
            if (cmd.stale > 0) expect(error.code).toBe('VITALS_E_CONFLICT');
            expect(status).toBe(before);
            if (cmd.kind === 'action' && cmd.stale === 0 && cmd.reason === '核实数据') {
              const flags = allowedActions(before, workflow, actor, region);
              const flag = { submit: flags.maySubmit, approve: flags.mayApprove, return: flags.mayReturn, reopen: flags.mayReopen }[cmd.action];
              expect(flag).toBe(false);
            }
          }
          expect(statusProblem(status, chain.length)).toBeNull();
          reached.add(status.state);
          if (log.length > 0) reached.add(`via ${log.at(-1)!.action}`);
        }
        // Version counts every accepted change; the log holds exactly the transitions, in order.
        expect(status.version).toBe(successes + edits);
        expect(log).toHaveLength(successes);
        log.forEach((r, i) => {
          if (i > 0) expect(r.from).toBe(log[i - 1]!.to);
        });
        if (log.length > 0) expect(log.at(-1)!.to).toBe(status.state);
      }),
      { numRuns: 400 },
    );
    // The random walks must actually visit every state and action, or the checks above prove little.
    expect([...reached].sort()).toEqual(['approved', 'draft', 'final', 'returned', 'submitted', 'via approve', 'via reopen', 'via return', 'via submit']);
  });

  it('reaches final along some sequence for every chain (the generator is not vacuous)', () => {
    for (const workflow of WORKFLOWS) {
      const region = lineageOf(TREE, '130102');
      const chain = approvalChain(workflow, 'county');
      let status = initialStatus({ dataSet: 'DS', region: '130102', period: '2025' });
      const ctx = (actor: Actor) => ({ expectedVersion: status.version, actor, at: '2025-06-01', workflow, region });
      status = applyAction(status, 'submit', ctx(ACTORS.reporterChangan)).status;
      for (const level of chain) {
        const approver = POOL.find((a) => a.roles.includes('reviewer') && a.captureScope.length === 1 && a.captureScope[0] === ancestorAt('130102', level))!;
        status = applyAction(status, 'approve', ctx(approver)).status;
      }
      expect(status).toMatchObject({ state: 'final', approvals: chain.length, version: chain.length + 1 });
    }
  });
});
