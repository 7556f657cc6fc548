/**
 * Values for a region in periods when it did not exist, through lineage: a district created
 * by merging two counties in 2022 gets, for 2020, the aggregate of those two counties — when
 * the lineage is exact and the rule allows it. A part of a split gets nothing (its
 * predecessor was larger), rather than a guess.
 */
import { Diagnostics } from '../diagnostics.js';
import { parsePeriod, periodEnd, periodStart, type Period } from '../period/index.js';
import { dayBefore, isActiveDuring, type RegionTree } from '../region/index.js';
import { lookup, type Keyed } from './aggregate-periods.js';
import { buildAggregate, requireNumbers, requireRule } from './aggregate-build.js';
import { convertInput } from './inputs.js';
import { NOT_AGGREGATABLE_REASON, addTotals, emptyTotals } from './totals.js';
import { DEFAULT_COMPLETENESS_THRESHOLD, DEFAULT_LIST_CODES_UP_TO, type Aggregate, type AggregateInput, type AggregationRule, type ExcludedInput } from './types.js';

export interface LineageValueOptions {
  readonly rule: AggregationRule;
  readonly factor?: number;
  /** population_weighted_mean: weight per region code. */
  readonly weights?: Keyed<number>;
  readonly completenessThreshold?: number;
}

/**
 * The value of `code` for `period`, comparable across boundary changes.
 *
 * - The region existed during the period: its own input.
 * - Otherwise the lineage equivalents on the period's reference day (its last day when the
 *   period precedes the region, its first day when it follows it) are aggregated with the
 *   rule — if `currentEquivalent` is exact (merge, rename, a split seen from the old region).
 * - Inexact lineage (a part of a split, partial transfers) or `not_aggregatable`: value null
 *   with the reason.
 * @throws VITALS_E_INVALID_INPUT for inputs that do not fit the rule; VITALS_E_UNKNOWN_REGION.
 */
export function aggregateViaLineage(tree: RegionTree, code: string, period: Period | string, values: Keyed<AggregateInput>, options: LineageValueOptions): Aggregate {
  const rule = requireRule(options.rule);
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const factor = options.factor ?? 1;
  const threshold = options.completenessThreshold ?? DEFAULT_COMPLETENESS_THRESHOLD;
  requireNumbers(threshold, factor);
  const region = tree.require(code);
  const start = periodStart(p);
  const end = periodEnd(p);

  const existed = isActiveDuring(region, start, end);
  const referenceDay = region.validFrom >= end ? dayBefore(end) : start;
  const equivalent = existed ? undefined : tree.currentEquivalent(code, referenceDay);
  const sources = existed ? [code] : [...equivalent!.codes];
  const params = {
    rule,
    period: p.code,
    threshold,
    ...(rule === 'ratio_of_sums' ? { factor } : {}),
    ...(equivalent ? { lineage: { direction: equivalent.direction, referenceDay, exact: equivalent.exact, via: equivalent.via } } : {}),
  };

  const totals = emptyTotals();
  const contributors: string[] = [];
  const missing: string[] = [];
  const excluded: ExcludedInput[] = [];
  const d = new Diagnostics([`region ${code}`, p.code]);
  let own: { value: number | null; reason?: string } | undefined;
  for (const source of sources) {
    const input = lookup(values, source);
    if (input === undefined) {
      missing.push(source);
      continue;
    }
    const converted = convertInput(input, { rule, factor, periodCode: p.code, weight: lookup(options.weights, source) }, d.inContext(`region ${source}`));
    if (converted.kind === 'missing_weight') excluded.push({ code: source, reason: 'missing_weight' });
    if (converted.kind !== 'value') {
      missing.push(source);
      continue;
    }
    contributors.push(source);
    addTotals(totals, converted.totals);
    if (existed) own = converted.own;
  }
  d.throwIfAny('VITALS_E_INVALID_INPUT');

  if (!existed && rule === 'not_aggregatable') own = { value: null, reason: NOT_AGGREGATABLE_REASON };
  else if (equivalent && !equivalent.exact) {
    own = {
      value: null,
      reason: `区划沿革不对等（拆分或部分划转），不能换算 / lineage is not one-to-one or many-to-one (a split or partial transfer): ${sources.join(', ') || 'nothing'} covers different ground`,
    };
  }
  return buildAggregate({
    regionCode: code,
    period: p.code,
    rule,
    factor,
    totals,
    ...(own ? { own } : {}),
    children: { expected: sources.length, contributing: contributors.length },
    leaves: { expected: sources.length, contributing: contributors.length },
    leafLevel: region.level,
    periods: { expected: sources.length, contributing: contributors.length },
    finePeriodType: null,
    contributors,
    missing,
    excluded,
    params,
    threshold,
    listCodesUpTo: DEFAULT_LIST_CODES_UP_TO,
  });
}
