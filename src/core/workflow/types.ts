/**
 * The reporting workflow per data set × region × period:
 * draft → submitted → approved at each configured level → final, with `returned` (back to the
 * reporter, reason mandatory) and `reopen` (a higher level unlocks approved or final data).
 */
import type { Actor, RegionLineage } from '../access/index.js';
import type { RegionLevel } from '../region/types.js';

export type WorkflowState = 'draft' | 'submitted' | 'approved' | 'returned' | 'final';

export const WORKFLOW_STATES: readonly WorkflowState[] = ['draft', 'submitted', 'approved', 'returned', 'final'];

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'reopen';

export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = ['submit', 'approve', 'return', 'reopen'];

/**
 * The approval chain a data set is configured with: region levels in the order they approve,
 * finest first, e.g. `['prefecture', 'province']` (the city checks, the province gives final
 * approval). Data of a region uses the levels strictly above its own.
 */
export interface DataSetWorkflow {
  readonly approvalLevels: readonly RegionLevel[];
}

/** Which workflow instance. */
export interface WorkflowKey {
  readonly dataSet: string;
  readonly region: string;
  readonly period: string;
}

/** The current state of one instance. Every change (transition or data edit) adds 1 to `version`. */
export interface WorkflowStatus extends WorkflowKey {
  readonly state: WorkflowState;
  /** Approval steps passed so far: 0 unless approved (1…n−1) or final (n). */
  readonly approvals: number;
  readonly version: number;
}

/** One recorded transition: who, when, why, at which approval step. */
export interface TransitionRecord extends WorkflowKey {
  readonly action: WorkflowAction;
  readonly from: WorkflowState;
  readonly to: WorkflowState;
  /** User id of the actor. */
  readonly actor: string;
  /** ISO timestamp passed in by the caller (the core has no clock). */
  readonly at: string;
  /** Mandatory for return and reopen; an optional comment otherwise. */
  readonly reason: string | null;
  /** Index in the region's approval chain the actor acted at (null for submit). */
  readonly step: number | null;
  readonly stepLevel: RegionLevel | null;
  readonly approvalsBefore: number;
  readonly approvalsAfter: number;
  readonly versionBefore: number;
  readonly versionAfter: number;
}

/** Everything `applyAction` needs besides the status. */
export interface ActionContext {
  /** The version the actor saw; a different current version is a conflict. */
  readonly expectedVersion: number;
  readonly actor: Actor;
  /** ISO date-time of the action. */
  readonly at: string;
  readonly reason?: string | null;
  readonly workflow: DataSetWorkflow;
  /** Lineage of the status's region (`lineageOf(tree, status.region)`). */
  readonly region: RegionLineage;
}

/** What the current user may do next; the API returns it with every form. */
export interface AllowedActions {
  readonly mayEdit: boolean;
  readonly maySubmit: boolean;
  readonly mayApprove: boolean;
  readonly mayReturn: boolean;
  readonly mayReopen: boolean;
  /** The step awaiting approval (submitted or approved), else null. */
  readonly pendingStep: { readonly index: number; readonly level: RegionLevel } | null;
}
