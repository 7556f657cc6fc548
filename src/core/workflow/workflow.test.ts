import { describe, expect, it } from 'vitest';
import { ACTORS, TREE, type ActorName } from '../access/access.fixtures.js';
import { lineageOf } from '../access/index.js';
import {
  allowedActions,
  applyAction,
  applyEdit,
  approvalChain,
  inboxReasons,
  initialStatus,
  parseDataSetWorkflow,
  type WorkflowAction,
  type WorkflowStatus,
} from './index.js';
import { vitalsErrorOf as errorOf } from '../../../test/support/errors.js';

// County data: 石家庄 (prefecture) checks, 河北 (province) gives final approval.
const WORKFLOW = { approvalLevels: ['prefecture', 'province'] } as const;
const CHANGAN = lineageOf(TREE, '130102');
const AT = '2025-10-10T09:00:00+08:00';
const draft = initialStatus({ dataSet: 'HC-Q', region: '130102', period: '2025Q3' });

type Step = [actor: ActorName, action: WorkflowAction | 'edit', reason?: string];

/** Run steps with the current version each time; returns the final status and the records. */
function run(steps: Step[], start: WorkflowStatus = draft, region = CHANGAN) {
  let status = start;
  const records = [];
  for (const [name, action, reason] of steps) {
    if (action === 'edit') {
      status = applyEdit(status, { expectedVersion: status.version, actor: ACTORS[name], region });
      continue;
    }
    const out = applyAction(status, action, { expectedVersion: status.version, actor: ACTORS[name], at: AT, reason, workflow: WORKFLOW, region });
    status = out.status;
    records.push(out.record);
  }
  return { status, records };
}

const SUBMITTED: Step[] = [['reporterChangan', 'edit'], ['reporterChangan', 'submit']];
const CITY_APPROVED: Step[] = [...SUBMITTED, ['reviewerShijiazhuang', 'approve']];
const FINAL: Step[] = [...CITY_APPROVED, ['reviewerHebei', 'approve']];

describe('state machine: successful paths', () => {
  it.each<[string, Step[], string, number, number]>([
    // label, steps, state, approvals, version (= edits + transitions)
    ['edit', [['reporterChangan', 'edit']], 'draft', 0, 1],
    ['submit', SUBMITTED, 'submitted', 0, 2],
    ['city approves', CITY_APPROVED, 'approved', 1, 3],
    ['province gives final approval', FINAL, 'final', 2, 4],
    ['city returns', [...SUBMITTED, ['reviewerShijiazhuang', 'return', '出生数与上年差异过大']], 'returned', 0, 3],
    ['province returns after city approval', [...CITY_APPROVED, ['reviewerHebei', 'return', '请核实']], 'returned', 0, 4],
    ['city reopens its own approval', [...CITY_APPROVED, ['reviewerShijiazhuang', 'reopen', '发现录入错误']], 'returned', 0, 4],
    ['province reopens final data', [...FINAL, ['reviewerHebei', 'reopen', '复核发现问题']], 'returned', 0, 5],
    ['returned data is edited and resubmitted', [...SUBMITTED, ['reviewerShijiazhuang', 'return', 'x'], ['reporterChangan', 'edit'], ['reporterChangan', 'submit']], 'submitted', 0, 5],
    ['the county reviewer submits', [['reviewerChangan', 'submit']], 'submitted', 0, 1],
  ])('%s', (_label, steps, state, approvals, version) => {
    const { status } = run(steps);
    expect(status).toMatchObject({ state, approvals, version });
  });

  it('records who, when, why and the approval step of every transition', () => {
    const { records } = run([...FINAL, ['reviewerHebei', 'reopen', '  复核发现问题  ']]);
    expect(records.map((r) => [r.action, r.from, r.to, r.actor, r.step, r.stepLevel, r.versionBefore, r.versionAfter])).toEqual([
      ['submit', 'draft', 'submitted', 'reporter-changan', null, null, 1, 2],
      ['approve', 'submitted', 'approved', 'reviewer-sjz', 0, 'prefecture', 2, 3],
      ['approve', 'approved', 'final', 'reviewer-hebei', 1, 'province', 3, 4],
      ['reopen', 'final', 'returned', 'reviewer-hebei', 1, 'province', 4, 5],
    ]);
    expect(records[3]).toMatchObject({ reason: '复核发现问题', at: AT, dataSet: 'HC-Q', region: '130102', period: '2025Q3', approvalsBefore: 2, approvalsAfter: 0 });
    expect(records[1]!.reason).toBeNull();
  });

  it('prefecture data needs only the province step', () => {
    const city = lineageOf(TREE, '130100');
    expect(approvalChain(WORKFLOW, 'prefecture')).toEqual(['province']);
    const start = initialStatus({ dataSet: 'HC-Q', region: '130100', period: '2025Q3' });
    const { status } = run([['reporterShijiazhuang', 'submit'], ['reviewerHebei', 'approve']], start, city);
    expect(status).toMatchObject({ state: 'final', approvals: 1 });
  });

  it('does not mutate the status it is given', () => {
    const before = { ...draft };
    applyAction(draft, 'submit', { expectedVersion: 0, actor: ACTORS.reporterChangan, at: AT, workflow: WORKFLOW, region: CHANGAN });
    expect(draft).toEqual(before);
  });
});

describe('state machine: refusals', () => {
  it.each<[string, Step[], Step, string, string?]>([
    ['submit twice', SUBMITTED, ['reporterChangan', 'submit'], 'VITALS_E_INVALID_TRANSITION', 'cannot submit data that is submitted'],
    ['approve a draft', [], ['reviewerShijiazhuang', 'approve'], 'VITALS_E_INVALID_TRANSITION', 'cannot approve data that is draft'],
    ['approve final data', FINAL, ['reviewerHebei', 'approve'], 'VITALS_E_INVALID_TRANSITION', 'cannot approve data that is final'],
    ['return final data (reopen is the way)', FINAL, ['reviewerHebei', 'return', 'x'], 'VITALS_E_INVALID_TRANSITION', 'cannot return data that is final'],
    ['reopen submitted data', SUBMITTED, ['reviewerShijiazhuang', 'reopen', 'x'], 'VITALS_E_INVALID_TRANSITION', 'cannot reopen data that is submitted'],
    ['province approves before the city', SUBMITTED, ['reviewerHebei', 'approve'], 'VITALS_E_FORBIDDEN'],
    ['city approves twice', CITY_APPROVED, ['reviewerShijiazhuang', 'approve'], 'VITALS_E_FORBIDDEN'],
    ['another city approves', SUBMITTED, ['reviewerZhangjiakou', 'approve'], 'VITALS_E_OUT_OF_SCOPE'],
    ['the city reopens final data (a lower level cannot undo the province)', FINAL, ['reviewerShijiazhuang', 'reopen', 'x'], 'VITALS_E_FORBIDDEN'],
    ['a reporter approves', SUBMITTED, ['reporterChangan', 'approve'], 'VITALS_E_FORBIDDEN'],
    ['the public submits', [], ['public', 'submit'], 'VITALS_E_FORBIDDEN'],
    ['return without a reason', SUBMITTED, ['reviewerShijiazhuang', 'return'], 'VITALS_E_INVALID_INPUT', 'a reason is required to return data'],
    ['return with a blank reason', SUBMITTED, ['reviewerShijiazhuang', 'return', ' \n '], 'VITALS_E_INVALID_INPUT', 'a reason is required to return data'],
    ['reopen without a reason', FINAL, ['reviewerHebei', 'reopen'], 'VITALS_E_INVALID_INPUT', 'a reason is required to reopen data'],
    ['edit submitted data', SUBMITTED, ['reporterChangan', 'edit'], 'VITALS_E_LOCKED', 'the data is locked (submitted) and cannot be changed'],
    ['edit final data', FINAL, ['reporterChangan', 'edit'], 'VITALS_E_LOCKED'],
    ['a reviewer edits', [], ['reviewerShijiazhuang', 'edit'], 'VITALS_E_FORBIDDEN'],
  ])('%s', (_label, before, step, code, message) => {
    const error = errorOf(() => run([...before, step]));
    expect(error.code).toBe(code);
    if (message) expect(error.message).toContain(message);
  });

  it('rejects a stale version with a conflict, before anything else', () => {
    const { status } = run(SUBMITTED);
    // Two reviewers loaded version 2; the first approval wins, the second conflicts.
    const first = applyAction(status, 'approve', { expectedVersion: 2, actor: ACTORS.reviewerShijiazhuang, at: AT, workflow: WORKFLOW, region: CHANGAN });
    const second = errorOf(() =>
      applyAction(first.status, 'return', { expectedVersion: 2, actor: ACTORS.reviewerShijiazhuang, at: AT, reason: 'x', workflow: WORKFLOW, region: CHANGAN }),
    );
    expect(second.code).toBe('VITALS_E_CONFLICT');
    expect(second.message).toContain('expected version 2, current version 3');
    // Even an action that would be invalid reports the conflict first.
    const invalid = errorOf(() => applyAction(first.status, 'submit', { expectedVersion: 0, actor: ACTORS.public, at: AT, workflow: WORKFLOW, region: CHANGAN }));
    expect(invalid.code).toBe('VITALS_E_CONFLICT');
  });

  it('a reporter saving while a reviewer acts: the second writer conflicts', () => {
    // Both loaded the draft at version 0; the reporter saves first (version 1).
    const saved = applyEdit(draft, { expectedVersion: 0, actor: ACTORS.reporterChangan, region: CHANGAN });
    expect(errorOf(() => applyAction(saved, 'submit', { expectedVersion: 0, actor: ACTORS.reviewerChangan, at: AT, workflow: WORKFLOW, region: CHANGAN })).code).toBe('VITALS_E_CONFLICT');
    // Submitted first instead: the late save conflicts (and would be locked anyway).
    const submitted = applyAction(draft, 'submit', { expectedVersion: 0, actor: ACTORS.reviewerChangan, at: AT, workflow: WORKFLOW, region: CHANGAN }).status;
    expect(errorOf(() => applyEdit(submitted, { expectedVersion: 0, actor: ACTORS.reporterChangan, region: CHANGAN })).code).toBe('VITALS_E_CONFLICT');
  });

  it.each([
    ['a lineage of another region', { region: lineageOf(TREE, '130104') }, 'does not match'],
    ['a timestamp that is not ISO', { at: 'yesterday' }, 'at must be an ISO date-time'],
    ['a non-integer version', { expectedVersion: 0.5 }, 'expectedVersion must be an integer'],
    ['an unknown action', { action: 'publish' }, 'unknown workflow action "publish"'],
  ])('rejects %s', (_label, change, message) => {
    const { action = 'submit', ...ctx } = change as { action?: WorkflowAction };
    const error = errorOf(() =>
      applyAction(draft, action, { expectedVersion: 0, actor: ACTORS.reporterChangan, at: AT, workflow: WORKFLOW, region: CHANGAN, ...ctx }),
    );
    expect(error.code).toBe('VITALS_E_INVALID_INPUT');
    expect(error.message).toContain(message);
  });

  it('refuses a region with no approval level above it', () => {
    const province = initialStatus({ dataSet: 'HC-Q', region: '130000', period: '2025Q3' });
    const error = errorOf(() =>
      applyAction(province, 'submit', { expectedVersion: 0, actor: ACTORS.plannerHebei, at: AT, workflow: WORKFLOW, region: lineageOf(TREE, '130000') }),
    );
    expect(error.code).toBe('VITALS_E_INVALID_CONFIG');
    expect(error.message).toContain('no approval level above province');
  });
});

describe('allowedActions', () => {
  const F = false;
  const T = true;
  it.each<[string, Step[], ActorName, [edit: boolean, submit: boolean, approve: boolean, ret: boolean, reopen: boolean], number | null]>([
    ['draft / reporter', [], 'reporterChangan', [T, T, F, F, F], null],
    ['draft / city reviewer', [], 'reviewerShijiazhuang', [F, F, F, F, F], null],
    ['draft / county reviewer', [], 'reviewerChangan', [F, T, F, F, F], null],
    ['submitted / reporter', SUBMITTED, 'reporterChangan', [F, F, F, F, F], 0],
    ['submitted / city reviewer', SUBMITTED, 'reviewerShijiazhuang', [F, F, T, T, F], 0],
    ['submitted / province reviewer', SUBMITTED, 'reviewerHebei', [F, F, F, F, F], 0],
    ['approved / city reviewer', CITY_APPROVED, 'reviewerShijiazhuang', [F, F, F, F, T], 1],
    ['approved / province reviewer', CITY_APPROVED, 'reviewerHebei', [F, F, T, T, T], 1],
    ['final / province reviewer', FINAL, 'reviewerHebei', [F, F, F, F, T], null],
    ['final / city reviewer', FINAL, 'reviewerShijiazhuang', [F, F, F, F, F], null],
    ['final / national reviewer (not in the chain)', FINAL, 'reviewerNation', [F, F, F, F, F], null],
    ['returned / reporter', [...SUBMITTED, ['reviewerShijiazhuang', 'return', 'x']], 'reporterChangan', [T, T, F, F, F], null],
    ['draft / analyst', [], 'analystHebei', [F, F, F, F, F], null],
    ['draft / public', [], 'public', [F, F, F, F, F], null],
  ])('%s', (_label, steps, name, [mayEdit, maySubmit, mayApprove, mayReturn, mayReopen], pending) => {
    const { status } = run(steps);
    const flags = allowedActions(status, WORKFLOW, ACTORS[name], CHANGAN);
    expect(flags).toMatchObject({ mayEdit, maySubmit, mayApprove, mayReturn, mayReopen });
    expect(flags.pendingStep?.index ?? null).toBe(pending);
    if (pending !== null) expect(flags.pendingStep?.level).toBe(WORKFLOW.approvalLevels[pending]);
  });
});

describe('inbox', () => {
  it.each<[string, Step[], ActorName, string, string[]]>([
    ['awaiting the city', SUBMITTED, 'reviewerShijiazhuang', '2025-10-10', ['awaiting_my_action']],
    ['returned to the reporter, not yet due', [...SUBMITTED, ['reviewerShijiazhuang', 'return', 'x']], 'reporterChangan', '2025-10-10', ['returned_to_me']],
    ['returned and past due', [...SUBMITTED, ['reviewerShijiazhuang', 'return', 'x']], 'reporterChangan', '2025-10-16', ['returned_to_me', 'overdue']],
    ['draft past due', [], 'reporterChangan', '2025-10-16', ['overdue']],
    ['draft on the due day is not overdue', [], 'reporterChangan', '2025-10-15', []],
    ['submitted data is not the reporter’s concern', SUBMITTED, 'reporterChangan', '2025-10-16', []],
  ])('%s', (_label, steps, name, today, reasons) => {
    const { status } = run(steps);
    expect(inboxReasons(status, allowedActions(status, WORKFLOW, ACTORS[name], CHANGAN), '2025-10-15', today)).toEqual(reasons);
  });
});

describe('parseDataSetWorkflow', () => {
  it('accepts levels from the finest up', () => {
    expect(parseDataSetWorkflow({ approvalLevels: ['county', 'prefecture', 'province'] }).approvalLevels).toEqual(['county', 'prefecture', 'province']);
  });

  it.each([
    [{ approvalLevels: [] }, 'at least one region level'],
    [null, 'at least one region level'],
    [{ approvalLevels: ['province', 'prefecture'] }, 'approvalLevels[1] prefecture must be above province'],
    [{ approvalLevels: ['prefecture', 'prefecture'] }, 'approvalLevels[1] prefecture must be above prefecture'],
    [{ approvalLevels: ['unit', 'county'] }, 'approvalLevels[0] "unit" is not a geographic region level'],
    [{ approvalLevels: ['city'] }, 'approvalLevels[0] "city" is not a geographic region level'],
  ])('rejects %j', (raw, message) => {
    const error = errorOf(() => parseDataSetWorkflow(raw));
    expect(error.code).toBe('VITALS_E_INVALID_CONFIG');
    expect(error.message).toContain(message);
  });
});
