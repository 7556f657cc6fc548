/**
 * What the current user may do next. The flags come from the same checks `applyAction` and
 * `applyEdit` run, so the client never shows a button the server would refuse (version aside).
 */
import type { Actor, RegionLineage } from '../access/index.js';
import { requireApprovalChain } from './chain.js';
import { editProblem } from './edit.js';
import { checkAction } from './machine.js';
import type { AllowedActions, DataSetWorkflow, WorkflowStatus } from './types.js';

/**
 * Flags for the client: may edit, submit, approve, return, reopen; and the pending step.
 * @example allowedActions(submittedCountyStatus, { approvalLevels: ['prefecture', 'province'] }, cityReviewer, lineage)
 *   → { mayApprove: true, mayReturn: true, mayEdit: false, …, pendingStep: { index: 0, level: 'prefecture' } }
 */
export function allowedActions(status: WorkflowStatus, workflow: DataSetWorkflow, actor: Actor, region: RegionLineage): AllowedActions {
  const ok = (action: 'submit' | 'approve' | 'return' | 'reopen') => checkAction(status, action, actor, workflow, region).ok;
  const chain = requireApprovalChain(workflow, region.level);
  const awaiting = status.state === 'submitted' || status.state === 'approved';
  return {
    mayEdit: editProblem(status, actor, region) === null,
    maySubmit: ok('submit'),
    mayApprove: ok('approve'),
    mayReturn: ok('return'),
    mayReopen: ok('reopen'),
    pendingStep: awaiting ? { index: status.approvals, level: chain[status.approvals]! } : null,
  };
}

/** Why an instance belongs in a user's inbox. */
export type InboxReason = 'awaiting_my_action' | 'returned_to_me' | 'overdue';

/**
 * Inbox classification for one instance: awaiting my approval or return; returned to me (I
 * may edit and resubmit it); overdue (I may still submit it and `today` is after `dueAt`).
 * Dates are ISO days in the reporting time zone. The same data feeds reminders.
 */
export function inboxReasons(status: WorkflowStatus, allowed: AllowedActions, dueAt: string, today: string): InboxReason[] {
  const reasons: InboxReason[] = [];
  if (allowed.mayApprove || allowed.mayReturn) reasons.push('awaiting_my_action');
  if (status.state === 'returned' && (allowed.maySubmit || allowed.mayEdit)) reasons.push('returned_to_me');
  if ((status.state === 'draft' || status.state === 'returned') && (allowed.maySubmit || allowed.mayEdit) && today > dueAt) reasons.push('overdue');
  return reasons;
}
