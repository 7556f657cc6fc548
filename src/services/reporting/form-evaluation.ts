/**
 * Evaluate one form instance: its values, last period's values, validation rules, outlier
 * flags against the region's history and its peers, and what still blocks submission. Used to
 * show the form and, inside the submit transaction, to refuse an unfinished submission.
 *
 * Peers are the other regions at the same level in the same province. Their values leave this
 * module only as a median, a spread and a count: the client never sees a peer's figure or code
 * (it may lie outside the viewer's scope).
 */
import type { Kysely } from 'kysely';
import type { DataSet } from '../../core/dataset/index.js';
import type { Reference } from '../../core/expression/index.js';
import { parsePeriod, shiftPeriod } from '../../core/period/index.js';
import {
  detectOutliers,
  parseValidationRules,
  runValidationRules,
  submissionBlockers,
  type OutlierFlag,
  type OutlierOptions,
  type RuleResult,
  type SubmissionBlocker,
} from '../../core/validation/index.js';
import { DataValueRepository, type DB, type StoredDataValue } from '../../storage/index.js';
import type { DataSetElementRow } from '../../storage/repositories/dataset.repository.js';
import { ValidationRuleRepository } from '../../storage/repositories/validation-rule.repository.js';
import { WorkflowRepository, type InstanceKey } from '../../storage/repositories/workflow.repository.js';
import { cellOf, parseElementKey } from './element-key.js';

/** How many earlier periods feed the history check. */
const HISTORY_PERIODS = 12;

export interface EvaluatedCell {
  readonly element: string;
  readonly current: StoredDataValue | undefined;
  readonly previous: number | null;
  readonly flags: readonly OutlierFlag[];
}

export interface FormEvaluation {
  readonly cells: readonly EvaluatedCell[];
  readonly previousPeriod: string;
  readonly rules: readonly RuleResult[];
  readonly explanations: Readonly<Record<string, string>>;
  readonly blockers: readonly SubmissionBlocker[];
}

/** A flag as the client may see it: peer values and region codes removed. */
export function publicFlag(flag: OutlierFlag): OutlierFlag {
  if (flag.reference.kind !== 'sample' || flag.method !== 'peer_modified_z') return flag;
  return { ...flag, reference: { ...flag.reference, values: [], labels: [] } };
}

function valueIndex(values: readonly StoredDataValue[]): Map<string, StoredDataValue> {
  return new Map(values.map((v) => [`${v.region}|${v.period}|${cellOf(v)}`, v]));
}

export async function evaluateForm(
  db: Kysely<DB>,
  input: { readonly dataSet: DataSet; readonly elements: readonly DataSetElementRow[]; readonly outlierOptions: OutlierOptions | null; readonly key: InstanceKey; readonly provinceCode: string; readonly level: string },
): Promise<FormEvaluation> {
  const { key, elements } = input;
  const period = parsePeriod(key.period);
  const history = Array.from({ length: HISTORY_PERIODS }, (_, i) => shiftPeriod(period, -(i + 1)).code);
  const previousPeriod = history[0]!;
  const codes = [...new Set(elements.map((e) => e.dataElement))];
  const values = new DataValueRepository(db);
  const own = valueIndex(await values.find({ regions: [key.region], periods: [key.period, ...history], dataElements: codes }));
  const peerRegions = (await db
    .selectFrom('region')
    .select('code')
    .where('province_code', '=', input.provinceCode)
    .where('level', '=', input.level)
    .where('code', '!=', key.region)
    .execute()).map((r) => r.code);
  const peers = peerRegions.length ? await values.find({ regions: peerRegions, periods: [key.period], dataElements: codes, provinceCode: input.provinceCode }) : [];

  const cells: EvaluatedCell[] = elements.map((e) => {
    const cell = cellOf(e);
    const current = own.get(`${key.region}|${key.period}|${cell}`);
    const previous = own.get(`${key.region}|${previousPeriod}|${cell}`)?.value ?? null;
    let flags: readonly OutlierFlag[] = [];
    if (current && current.value !== null) {
      flags = detectOutliers(
        {
          element: e.elementKey,
          region: key.region,
          period: key.period,
          value: current.value,
          history: history.map((p) => ({ period: p, value: own.get(`${key.region}|${p}|${cell}`)?.value ?? null })),
          peers: peers.filter((p) => cellOf(p) === cell).map((p) => ({ region: p.region, value: p.value })),
        },
        input.outlierOptions ?? {},
      ).flags;
    }
    return { element: e.elementKey, current, previous, flags };
  });

  // Rules name values by element key or by any reference with the same disaggregation.
  const byCell = new Map(cells.map((c, i) => [cellOf(elements[i]!), c.current?.value ?? null]));
  const resolve = (_key: string, ref: Reference): number | null => {
    const filter = ref.filter.map((t) => `${t.dimension}=${t.value}`).join(',');
    try {
      return byCell.get(cellOf(parseElementKey(filter ? `${ref.code}|${filter}` : ref.code))) ?? null;
    } catch {
      return null;
    }
  };
  const ruleInputs = await new ValidationRuleRepository(db).list(key.dataSet);
  const run = runValidationRules(parseValidationRules(ruleInputs), resolve);
  const explanations = await new WorkflowRepository(db).explanations(key);
  const blockers = submissionBlockers(run.violations, cells.flatMap((c) => c.flags), explanations);
  return { cells, previousPeriod, rules: run.results, explanations, blockers };
}
