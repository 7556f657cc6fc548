/**
 * The reporting workflow: the state machine per data set × region × period, transition
 * records, optimistic versioning and the "what may I do next" flags. See docs/workflow.md.
 */
export {
  WORKFLOW_STATES,
  WORKFLOW_ACTIONS,
  type WorkflowState,
  type WorkflowAction,
  type DataSetWorkflow,
  type WorkflowKey,
  type WorkflowStatus,
  type TransitionRecord,
  type ActionContext,
  type AllowedActions,
} from './types.js';
export { parseDataSetWorkflow, checkDataSetWorkflow, approvalChain, requireApprovalChain } from './chain.js';
export { applyAction, checkAction, initialStatus, isLocked, isFinal, statusProblem, requireCurrentVersion, type ActionCheck } from './machine.js';
export { applyEdit, editProblem, type EditContext } from './edit.js';
export { allowedActions, inboxReasons, type InboxReason } from './allowed.js';
