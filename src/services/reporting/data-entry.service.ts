/**
 * Data entry: read a form (values, last period's values, units, validation results, outlier
 * flags, comments, explanations, workflow state, version and what the user may do next) and
 * save one or many values with comments and explanations, under the workflow lock.
 */
import { authorize, type Actor } from '../../core/access/index.js';
import { VitalsError } from '../../core/errors.js';
import { allowedActions, editProblem, requireCurrentVersion, type AllowedActions } from '../../core/workflow/index.js';
import { valueExplanationKey, type OutlierFlag, type RuleResult, type SubmissionBlocker } from '../../core/validation/index.js';
import { AuditRepository, MetadataRepository, type DataValueInput } from '../../storage/index.js';
import { AttachmentRepository, type StoredAttachment } from '../../storage/repositories/attachment.repository.js';
import { WorkflowRepository, instanceKeyString, type InstanceKey, type StoredTransition } from '../../storage/repositories/workflow.repository.js';
import { evaluateForm, publicFlag } from './form-evaluation.js';
import { loadInstance, requireWindowOpen, type LoadedInstance, type ReportingDeps, inTransaction } from './instance.js';
import { writeValuesGuarded } from './value-writer.js';

export interface FormCell {
  readonly element: string;
  readonly dataElement: string;
  readonly name: { readonly zh: string; readonly en?: string };
  readonly unit: string;
  readonly section: string | null;
  readonly sex: string;
  readonly ageGroup: string;
  readonly area: string;
  readonly value: number | null;
  /** Row version of the stored value (0: never stored), for per-value optimistic checks. */
  readonly valueVersion: number;
  readonly comment: string | null;
  readonly previousValue: number | null;
  readonly flags: readonly OutlierFlag[];
  readonly explanationKey: string;
  readonly explanation: string | null;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export interface FormView {
  readonly dataSet: { readonly code: string; readonly name: { readonly zh: string; readonly en?: string }; readonly periodType: string; readonly sections: readonly unknown[] };
  readonly region: { readonly code: string; readonly level: string };
  readonly period: string;
  readonly previousPeriod: string;
  readonly window: LoadedInstance['window'] & { readonly open: boolean };
  readonly status: { readonly state: string; readonly approvals: number; readonly version: number; readonly updatedBy: string | null; readonly updatedAt: string | null };
  readonly allowedActions: AllowedActions;
  readonly cells: readonly FormCell[];
  readonly rules: readonly RuleResult[];
  readonly blockers: readonly SubmissionBlocker[];
  readonly explanations: Readonly<Record<string, string>>;
  readonly attachments: readonly StoredAttachment[];
  readonly history: readonly StoredTransition[];
}

export interface SaveValue {
  /** Element key as listed by the form (`BIRTHS`, `BIRTHS|sex=female`). */
  readonly element: string;
  readonly value: number | null;
  /** Per-value comment; omitted keeps the stored one, null clears it. */
  readonly comment?: string | null;
  /** Explanation of a flagged value; omitted keeps it, null or blank clears it. */
  readonly explanation?: string | null;
  /** The value's own version as read (`valueVersion`); optional. */
  readonly expectedVersion?: number;
}

export interface SaveFormRequest {
  /** The form's version as read; a different current version is VITALS_E_CONFLICT. */
  readonly expectedVersion: number;
  readonly values?: readonly SaveValue[];
  /** Explanations by key (`rule:CODE` or a cell's `explanationKey`); null clears. */
  readonly explanations?: Readonly<Record<string, string | null>>;
}

export class DataEntryService {
  constructor(private readonly deps: ReportingDeps) {}

  /** The form for an instance. @throws VITALS_E_OUT_OF_SCOPE outside the view scope */
  async getForm(actor: Actor, key: InstanceKey): Promise<FormView> {
    const instance = await loadInstance(this.deps.db, key);
    authorize(actor, 'data.read', { region: instance.lineage });
    return this.view(actor, instance);
  }

  /**
   * Save values, comments and explanations in one transaction, then return the fresh form.
   * @throws VITALS_E_CONFLICT (stale version), VITALS_E_LOCKED, VITALS_E_WINDOW_CLOSED, VITALS_E_OUT_OF_SCOPE, VITALS_E_INVALID_INPUT
   */
  async save(actor: Actor, key: InstanceKey, request: SaveFormRequest): Promise<FormView> {
    const { db, now } = this.deps;
    const normalizedKey = await inTransaction(db, async (trx) => {
      const workflow = new WorkflowRepository(trx);
      const probe = await loadInstance(trx, key);
      const status = (await workflow.lockForUpdate([probe.key])).get(instanceKeyString(probe.key))!;
      const instance = { ...probe, status };
      requireCurrentVersion(status, request.expectedVersion);
      const problem = editProblem(status, actor, instance.lineage);
      if (problem) throw problem;
      requireWindowOpen(instance, now());

      const rows = new Map(instance.elements.map((e) => [e.elementKey, e]));
      const values = request.values ?? [];
      const unknown = values.filter((v) => !rows.has(v.element)).map((v) => v.element);
      if (unknown.length > 0) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `not on form ${key.dataSet}: ${unknown.join(', ')}` }, { elements: unknown });
      }
      const inputs: DataValueInput[] = values.map((v) => {
        const row = rows.get(v.element)!;
        return {
          dataElement: row.dataElement,
          region: instance.key.region,
          period: instance.key.period,
          sex: row.sex as DataValueInput['sex'],
          ageGroup: row.ageGroup,
          area: row.area as DataValueInput['area'],
          value: v.value,
          ...(v.comment !== undefined ? { comment: v.comment } : {}),
          ...(v.expectedVersion !== undefined ? { expectedVersion: v.expectedVersion } : {}),
        };
      });
      const written = await writeValuesGuarded(trx, inputs, { actor, expectedVersions: new Map([[instanceKeyString(instance.key), status.version]]) });

      const explanations: Record<string, string | null> = { ...(request.explanations ?? {}) };
      for (const v of values) {
        if (v.explanation !== undefined) explanations[valueExplanationKey({ element: v.element, region: instance.key.region, period: instance.key.period })] = v.explanation;
      }
      const badKey = Object.keys(explanations).find((k) => !/^(rule|value):./.test(k));
      if (badKey !== undefined) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `explanation key ${JSON.stringify(badKey)} must start with "rule:" or "value:"` });
      const changed = await workflow.setExplanations(instance.key, status.provinceCode, explanations, actor.id);
      if (changed.length > 0) {
        await new AuditRepository(trx).append(
          changed.map((c) => ({
            actor: actor.id,
            action: c.old === null ? 'insert' : c.new === null ? 'delete' : 'update',
            entity: 'explanation',
            entityKey: `${instanceKeyString(instance.key)}|${c.key}`,
            region: instance.key.region,
            period: instance.key.period,
            oldValue: c.old,
            newValue: c.new,
          })),
        );
        const bumped = written.changedInstances.some((s) => instanceKeyString(s) === instanceKeyString(instance.key));
        if (!bumped) await workflow.update({ ...status, version: status.version + 1 }, status.version, actor.id);
      }
      return instance.key;
    });
    return this.getForm(actor, normalizedKey);
  }

  private async view(actor: Actor, instance: LoadedInstance): Promise<FormView> {
    const { db, now } = this.deps;
    const { stored, key, status } = instance;
    const evaluation = await evaluateForm(db, {
      dataSet: stored.dataSet,
      elements: instance.elements,
      outlierOptions: stored.outlierOptions,
      key,
      provinceCode: status.provinceCode,
      level: instance.lineage.level,
    });
    const meta = new Map((await new MetadataRepository(db).listDataElements([...new Set(instance.elements.map((e) => e.dataElement))])).map((m) => [m.code, m]));
    const cells = instance.elements.map((e, i): FormCell => {
      const c = evaluation.cells[i]!;
      const m = meta.get(e.dataElement);
      const explanationKey = valueExplanationKey({ element: e.elementKey, region: key.region, period: key.period });
      return {
        element: e.elementKey,
        dataElement: e.dataElement,
        name: m?.name ?? { zh: e.dataElement },
        unit: m?.unit ?? '',
        section: e.section,
        sex: e.sex,
        ageGroup: e.ageGroup,
        area: e.area,
        value: c.current?.value ?? null,
        valueVersion: c.current?.version ?? 0,
        comment: c.current?.comment ?? null,
        previousValue: c.previous,
        flags: c.flags.map(publicFlag),
        explanationKey,
        explanation: evaluation.explanations[explanationKey] ?? null,
        updatedBy: c.current?.updatedBy ?? null,
        updatedAt: c.current?.updatedAt.toISOString() ?? null,
      };
    });
    const open = (() => {
      try {
        requireWindowOpen(instance, now());
        return true;
      } catch {
        return false;
      }
    })();
    const allowed = allowedActions(status, stored.dataSet.workflow, actor, instance.lineage);
    return {
      dataSet: { code: stored.dataSet.code, name: stored.dataSet.name, periodType: stored.dataSet.periodType, sections: stored.dataSet.sections },
      region: { code: key.region, level: instance.lineage.level },
      period: key.period,
      previousPeriod: evaluation.previousPeriod,
      window: { ...instance.window, open },
      status: { state: status.state, approvals: status.approvals, version: status.version, updatedBy: status.updatedBy, updatedAt: status.updatedAt?.toISOString() ?? null },
      // Outside the window nobody may edit, whatever the state says.
      allowedActions: open ? allowed : { ...allowed, mayEdit: false },
      cells,
      rules: evaluation.rules,
      blockers: evaluation.blockers,
      explanations: evaluation.explanations,
      attachments: await new AttachmentRepository(db).list(key),
      history: await new WorkflowRepository(db).transitions(key),
    };
  }
}
