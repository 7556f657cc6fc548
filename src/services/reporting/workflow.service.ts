/**
 * Workflow actions (submit, approve, return, reopen) on one form instance. One transaction:
 * lock the status row → check the version the user saw → (submit) refuse while anything blocks
 * submission → the core state machine decides → store the new status over the old version,
 * the transition record and its audit row. Two reviewers acting at once: the second waits for
 * the lock, then finds a new version and gets VITALS_E_CONFLICT; nothing is lost.
 */
import { authorize, type Actor } from '../../core/access/index.js';
import { assertSubmittable } from '../../core/validation/index.js';
import { allowedActions, applyAction, type AllowedActions, type TransitionRecord, type WorkflowAction } from '../../core/workflow/index.js';
import { AuditRepository } from '../../storage/index.js';
import { refreshDashboardsAfterTransition } from '../dashboard/hooks.js';
import { WorkflowRepository, instanceKeyString, type InstanceKey, type StoredStatus, type StoredTransition } from '../../storage/repositories/workflow.repository.js';
import { evaluateForm } from './form-evaluation.js';
import { loadInstance, type ReportingDeps, inTransaction } from './instance.js';

export interface ActionRequest {
  readonly action: WorkflowAction;
  /** The version the user saw. */
  readonly expectedVersion: number;
  /** Mandatory for return and reopen. */
  readonly reason?: string | null;
}

export interface ActionResult {
  readonly status: StoredStatus;
  readonly transition: TransitionRecord & { readonly id: number };
  readonly allowedActions: AllowedActions;
}

export interface StatusView {
  readonly status: StoredStatus;
  readonly allowedActions: AllowedActions;
  readonly history: readonly StoredTransition[];
}

export class WorkflowService {
  constructor(private readonly deps: ReportingDeps) {}

  /** Current status, the user's flags and the history. @throws VITALS_E_OUT_OF_SCOPE outside the view scope */
  async status(actor: Actor, key: InstanceKey): Promise<StatusView> {
    const instance = await loadInstance(this.deps.db, key);
    authorize(actor, 'data.read', { region: instance.lineage });
    return {
      status: instance.status,
      allowedActions: allowedActions(instance.status, instance.stored.dataSet.workflow, actor, instance.lineage),
      history: await new WorkflowRepository(this.deps.db).transitions(instance.key),
    };
  }

  /**
   * Take an action.
   * @throws VITALS_E_CONFLICT, VITALS_E_INVALID_TRANSITION, VITALS_E_FORBIDDEN, VITALS_E_OUT_OF_SCOPE,
   *   VITALS_E_INVALID_INPUT (missing reason), VITALS_E_SUBMISSION_BLOCKED
   */
  async act(actor: Actor, key: InstanceKey, request: ActionRequest): Promise<ActionResult> {
    const { db, now } = this.deps;
    return inTransaction(db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      const probe = await loadInstance(trx, key);
      const status = (await workflow.lockForUpdate([probe.key])).get(instanceKeyString(probe.key))!;
      const instance = { ...probe, status };
      const dataSetWorkflow = instance.stored.dataSet.workflow;
      const context = { expectedVersion: request.expectedVersion, actor, at: now().toISOString(), reason: request.reason ?? null, workflow: dataSetWorkflow, region: instance.lineage };
      // Let the state machine reject a stale version, a wrong state or a wrong user first, so
      // the answer does not depend on the data; only a submission that would pass is checked.
      const { status: next, record } = applyAction(status, request.action, context);
      if (request.action === 'submit') {
        const evaluation = await evaluateForm(trx, {
          dataSet: instance.stored.dataSet,
          elements: instance.elements,
          outlierOptions: instance.stored.outlierOptions,
          key: instance.key,
          provinceCode: status.provinceCode,
          level: instance.lineage.level,
        });
        assertSubmittable(evaluation.blockers);
      }
      await workflow.update(next, status.version, actor.id);
      const id = await workflow.appendTransition(record, status.provinceCode);
      await new AuditRepository(trx).append([
        {
          actor: actor.id,
          action: request.action,
          entity: 'workflow',
          entityKey: instanceKeyString(instance.key),
          region: instance.key.region,
          period: instance.key.period,
          oldValue: { state: status.state, approvals: status.approvals, version: status.version },
          newValue: { state: next.state, approvals: next.approvals, version: next.version, transition: id },
          ...(record.reason ? { reason: record.reason } : {}),
        },
      ]);
      await refreshDashboardsAfterTransition(trx, record); // freshness: aggregates and dashboards follow a change of final data (docs/dashboard.md)
      const stored: StoredStatus = { ...next, provinceCode: status.provinceCode, updatedBy: actor.id, updatedAt: now() };
      return { status: stored, transition: { ...record, id }, allowedActions: allowedActions(next, dataSetWorkflow, actor, instance.lineage) };
    });
  }
}
