/**
 * The state machine. `applyAction` is the only way a status changes state; it checks, in this
 * order: the request is well-formed → the version is current (else VITALS_E_CONFLICT) → the
 * action is valid in the state (else VITALS_E_INVALID_TRANSITION) → the actor may take it at
 * this step (VITALS_E_FORBIDDEN / VITALS_E_OUT_OF_SCOPE) → a reason is given where mandatory.
 * The version check comes first so that of two reviewers acting on the same version, the
 * second always gets the same clear conflict, whatever the first did.
 */
import { decide, type AccessDecision, type Actor, type RegionLineage } from '../access/index.js';
import { VitalsError } from '../errors.js';
import type { RegionLevel } from '../region/types.js';
import { requireApprovalChain } from './chain.js';
import type { ActionContext, DataSetWorkflow, TransitionRecord, WorkflowAction, WorkflowKey, WorkflowState, WorkflowStatus } from './types.js';
import { WORKFLOW_ACTIONS, WORKFLOW_STATES } from './types.js';

/** States in which data cannot be edited. */
const LOCKED: ReadonlySet<WorkflowState> = new Set(['submitted', 'approved', 'final']);

/** Data is locked while submitted, approved or final. */
export function isLocked(state: WorkflowState): boolean {
  return LOCKED.has(state);
}

/** Only final data counts in assessments and public outputs. */
export function isFinal(status: Pick<WorkflowStatus, 'state'>): boolean {
  return status.state === 'final';
}

/** A new instance: draft, nothing approved, version 0. */
export function initialStatus(key: WorkflowKey): WorkflowStatus {
  return { dataSet: key.dataSet, region: key.region, period: key.period, state: 'draft', approvals: 0, version: 0 };
}

/**
 * The invariant every status satisfies for a chain of `chainLength` steps; null when it holds.
 * Approved means 1…n−1 steps passed, final means all n; every other state has none.
 */
export function statusProblem(status: WorkflowStatus, chainLength: number): string | null {
  if (!WORKFLOW_STATES.includes(status.state)) return `unknown state ${JSON.stringify(status.state)}`;
  if (!Number.isInteger(status.version) || status.version < 0) return `version ${status.version} is not a non-negative integer`;
  const a = status.approvals;
  const ok =
    status.state === 'approved' ? Number.isInteger(a) && a >= 1 && a <= chainLength - 1 : status.state === 'final' ? a === chainLength : a === 0;
  return ok ? null : `${status.state} with ${a} of ${chainLength} approvals`;
}

/** The outcome of an action if it were taken now (version and reason aside). */
export type ActionCheck =
  | { readonly ok: true; readonly to: WorkflowState; readonly approvalsAfter: number; readonly step: number | null; readonly stepLevel: RegionLevel | null }
  | { readonly ok: false; readonly error: VitalsError };

const FROM: Readonly<Record<WorkflowAction, readonly WorkflowState[]>> = {
  submit: ['draft', 'returned'],
  approve: ['submitted', 'approved'],
  return: ['submitted', 'approved'],
  reopen: ['approved', 'final'],
};

function denied(decision: Extract<AccessDecision, { allowed: false }>, region: string, action: WorkflowAction): ActionCheck {
  const params = decision.code === 'VITALS_E_OUT_OF_SCOPE' ? { region } : {};
  return { ok: false, error: new VitalsError(decision.code, params, { action, reason: decision.reason }) };
}

function requireMatchingRegion(status: WorkflowStatus, region: RegionLineage): void {
  if (region.code !== status.region) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region lineage ${region.code} does not match the status region ${status.region}` });
  }
}

/**
 * Whether `action` is valid in `status`'s state and allowed for `actor`, and where it leads.
 * @throws VITALS_E_INVALID_INPUT (mismatched region, unknown action) or VITALS_E_INVALID_CONFIG
 *   (no approval level above the region, or a status that does not fit the chain)
 */
export function checkAction(status: WorkflowStatus, action: WorkflowAction, actor: Actor, workflow: DataSetWorkflow, region: RegionLineage): ActionCheck {
  if (!WORKFLOW_ACTIONS.includes(action)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `unknown workflow action ${JSON.stringify(action)}; expected ${WORKFLOW_ACTIONS.join(', ')}` });
  }
  requireMatchingRegion(status, region);
  const chain = requireApprovalChain(workflow, region.level);
  const problem = statusProblem(status, chain.length);
  // The chain may have been reconfigured after approvals were given; refuse rather than guess.
  if (problem) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `workflow status does not fit the approval chain: ${problem}` });
  if (!FROM[action].includes(status.state)) {
    const detail = `cannot ${action} data that is ${status.state}`;
    return { ok: false, error: new VitalsError('VITALS_E_INVALID_TRANSITION', { detail }, { state: status.state, action }) };
  }
  const pending = status.approvals;
  switch (action) {
    case 'submit': {
      const decision = decide(actor, 'workflow.submit', { region });
      if (!decision.allowed) return denied(decision, region.code, action);
      return { ok: true, to: 'submitted', approvalsAfter: 0, step: null, stepLevel: null };
    }
    case 'approve':
    case 'return': {
      const stepLevel = chain[pending]!;
      const decision = decide(actor, action === 'approve' ? 'workflow.approve' : 'workflow.return', { region, stepLevel });
      if (!decision.allowed) return denied(decision, region.code, action);
      if (action === 'return') return { ok: true, to: 'returned', approvalsAfter: 0, step: pending, stepLevel };
      const after = pending + 1;
      return { ok: true, to: after === chain.length ? 'final' : 'approved', approvalsAfter: after, step: pending, stepLevel };
    }
    case 'reopen': {
      // The latest approver or any level above it may reopen; a lower level cannot undo a
      // higher level's approval. The most senior qualifying step is recorded.
      let firstDenial: Extract<AccessDecision, { allowed: false }> | undefined;
      for (let step = chain.length - 1; step >= pending - 1; step--) {
        const decision = decide(actor, 'workflow.reopen', { region, stepLevel: chain[step]! });
        if (decision.allowed) return { ok: true, to: 'returned', approvalsAfter: 0, step, stepLevel: chain[step]! };
        firstDenial ??= decision;
      }
      return denied(firstDenial!, region.code, action);
    }
  }
}

/** The version check shared by transitions and edits. @throws VITALS_E_CONFLICT, VITALS_E_INVALID_INPUT */
export function requireCurrentVersion(status: WorkflowStatus, expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `expectedVersion must be an integer, not ${JSON.stringify(expectedVersion)}` });
  }
  if (expectedVersion !== status.version) {
    throw new VitalsError(
      'VITALS_E_CONFLICT',
      { detail: `expected version ${expectedVersion}, current version ${status.version} (${status.state})` },
      { expectedVersion, currentVersion: status.version, state: status.state },
    );
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Take a workflow action. Returns the new status (version + 1) and exactly one transition
 * record; never mutates `status`. The caller stores both atomically with a
 * `WHERE version = expectedVersion` guard.
 * @throws VITALS_E_CONFLICT, VITALS_E_INVALID_TRANSITION, VITALS_E_FORBIDDEN, VITALS_E_OUT_OF_SCOPE, VITALS_E_INVALID_INPUT
 * @example applyAction(draft, 'submit', { expectedVersion: 0, actor, at: '2025-10-05T09:00:00+08:00', workflow, region })
 */
export function applyAction(status: WorkflowStatus, action: WorkflowAction, ctx: ActionContext): { status: WorkflowStatus; record: TransitionRecord } {
  if (typeof ctx.at !== 'string' || !ISO_DATE_TIME.test(ctx.at)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `at must be an ISO date-time, not ${JSON.stringify(ctx.at)}` });
  }
  requireMatchingRegion(status, ctx.region);
  requireCurrentVersion(status, ctx.expectedVersion);
  const check = checkAction(status, action, ctx.actor, ctx.workflow, ctx.region);
  if (!check.ok) throw check.error;
  const reason = typeof ctx.reason === 'string' && ctx.reason.trim() !== '' ? ctx.reason.trim() : null;
  if ((action === 'return' || action === 'reopen') && reason === null) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `a reason is required to ${action} data` }, { field: 'reason', action });
  }
  const next: WorkflowStatus = { ...status, state: check.to, approvals: check.approvalsAfter, version: status.version + 1 };
  const record: TransitionRecord = {
    dataSet: status.dataSet,
    region: status.region,
    period: status.period,
    action,
    from: status.state,
    to: check.to,
    actor: ctx.actor.id,
    at: ctx.at,
    reason,
    step: check.step,
    stepLevel: check.stepLevel,
    approvalsBefore: status.approvals,
    approvalsAfter: check.approvalsAfter,
    versionBefore: status.version,
    versionAfter: next.version,
  };
  return { status: next, record };
}
