/**
 * Data edits against the workflow: values may change only while the instance is draft or
 * returned, and every accepted edit bumps the version. So a reporter saving while a reviewer
 * acts resolves deterministically: whoever writes second holds a stale version and gets
 * VITALS_E_CONFLICT (or VITALS_E_LOCKED once the data is locked), and nothing is lost silently.
 */
import { decide, type Actor, type RegionLineage } from '../access/index.js';
import { VitalsError } from '../errors.js';
import { isLocked, requireCurrentVersion } from './machine.js';
import type { WorkflowStatus } from './types.js';

export interface EditContext {
  readonly expectedVersion: number;
  readonly actor: Actor;
  /** Lineage of the status's region. */
  readonly region: RegionLineage;
}

/** Why an edit is refused now (version aside), or null when it is allowed. */
export function editProblem(status: WorkflowStatus, actor: Actor, region: RegionLineage): VitalsError | null {
  if (region.code !== status.region) {
    return new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region lineage ${region.code} does not match the status region ${status.region}` });
  }
  if (isLocked(status.state)) return new VitalsError('VITALS_E_LOCKED', { state: status.state }, { state: status.state });
  const decision = decide(actor, 'data.write', { region });
  if (!decision.allowed) {
    return new VitalsError(decision.code, decision.code === 'VITALS_E_OUT_OF_SCOPE' ? { region: region.code } : {}, { reason: decision.reason });
  }
  return null;
}

/**
 * Accept an edit of the instance's data: checks the version (VITALS_E_CONFLICT), the lock
 * (VITALS_E_LOCKED) and `data.write` in scope, and returns the status with version + 1.
 * Edits leave no transition record; the value audit log records them.
 */
export function applyEdit(status: WorkflowStatus, ctx: EditContext): WorkflowStatus {
  requireCurrentVersion(status, ctx.expectedVersion);
  const problem = editProblem(status, ctx.actor, ctx.region);
  if (problem) throw problem;
  return { ...status, version: status.version + 1 };
}
