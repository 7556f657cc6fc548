/**
 * Roll one data element × period up the whole region tree in a single linear pass: every
 * ancestor of the leaves gets an `Aggregate` with its completeness and provenance.
 */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { parsePeriod, periodEnd, periodStart, periodTypeRank, periodsWithin, type Period, type PeriodType } from '../period/index.js';
import { isActiveDuring, type RegionLevel, type RegionTree } from '../region/index.js';
import { lookup, type Keyed } from './aggregate-periods.js';
import { buildAggregate, requireNumbers, requireRule } from './aggregate-build.js';
import { convertInput } from './inputs.js';
import { checkInputPlacement, inferLeafLevel, walkTree, type RollUpNode } from './roll-up-walk.js';
import { addTotals } from './totals.js';
import {
  DEFAULT_COMPLETENESS_THRESHOLD,
  DEFAULT_LIST_CODES_UP_TO,
  type Aggregate,
  type AggregateInput,
  type AggregateWarning,
  type AggregationRule,
} from './types.js';

export interface RollUpOptions {
  readonly rule: AggregationRule;
  readonly period: Period | string;
  /** Where values enter. Default: the deepest level among the inputs' regions (county when none). */
  readonly leafLevel?: RegionLevel;
  /** Roll up below this region only. Default: every root of the tree. Inputs outside are ignored. */
  readonly root?: string;
  /** population_weighted_mean: weight per leaf region code (e.g. population for the period). */
  readonly weights?: Keyed<number>;
  /** The data element the weights came from (recorded in provenance), e.g. `POP`. */
  readonly weightElement?: string;
  /** ratio_of_sums: 100 for %, 1000 for ‰, 100000 for 1/10万. Default 1. */
  readonly factor?: number;
  /** When leaf inputs were aggregated over time: the fine type, so missing leaves count their fine periods. */
  readonly finePeriodType?: PeriodType;
  /** Default 0.9. */
  readonly completenessThreshold?: number;
  /** NBS statistical-only divisions (development zones) are expected only when they report, unless true. */
  readonly expectStatisticalOnly?: boolean;
  /** Provenance lists codes up to this many per node, then counts only. Default 1000. */
  readonly listCodesUpTo?: number;
  /** Receives every warning, under `region CODE`. */
  readonly diagnostics?: Diagnostics;
}

interface Context {
  readonly rule: AggregationRule;
  readonly period: Period;
  readonly start: string;
  readonly end: string;
  readonly factor: number;
  readonly options: RollUpOptions;
  /** Fine periods of the target with their [start, end), when time cells are counted. */
  readonly finePeriods: readonly (readonly [string, string])[] | undefined;
}

function expectedCells(node: RollUpNode, ctx: Context): number {
  if (ctx.finePeriods === undefined || ctx.rule === 'last_value') return 1;
  return ctx.finePeriods.filter(([s, e]) => isActiveDuring(node.region, s, e)).length;
}

function computeLeaf(node: RollUpNode, input: AggregateInput | undefined, ctx: Context, d: Diagnostics): void {
  const code = node.region.code;
  const cells = expectedCells(node, ctx);
  node.leaves = { expected: 1, contributing: 0 };
  node.cells = { expected: cells, contributing: 0 };
  if (input === undefined) return;
  const weight = lookup(ctx.options.weights, code);
  const converted = convertInput(input, { rule: ctx.rule, factor: ctx.factor, periodCode: ctx.period.code, weight }, d.inContext(`region ${code}`));
  if (converted.kind === 'invalid') return;
  if (typeof input === 'object' && 'warnings' in input) node.carried = input.warnings;
  if (converted.kind === 'empty') {
    node.cells = { expected: converted.cells.expected, contributing: 0 };
    return;
  }
  node.own = converted.own;
  if (converted.kind === 'missing_weight') {
    node.exclusion = 'missing_weight';
    node.cells = { expected: converted.cells?.expected ?? cells, contributing: 0 };
    return;
  }
  node.totals = converted.totals;
  node.leaves = { expected: 1, contributing: 1 };
  node.cells = converted.cells ? { ...converted.cells } : { expected: cells, contributing: cells };
}

/**
 * Combine the children. Expected children are those in force at the close of the period; a
 * child that ceased during the period (or an NBS statistical-only division) is expected only
 * if it reported. Under `last_value` a ceased child's stock is excluded: it no longer exists.
 */
function computeInternal(node: RollUpNode, ctx: Context): void {
  const expectStatisticalOnly = ctx.options.expectStatisticalOnly === true;
  for (const kid of node.kids) {
    const code = kid.region.code;
    const contributed = kid.leaves.contributing > 0;
    if (kid.exclusion) node.excluded.push({ code, reason: kid.exclusion });
    const ceased = kid.region.validTo !== null && kid.region.validTo < ctx.end;
    if (ctx.rule === 'last_value' && ceased) {
      if (contributed) node.excluded.push({ code, reason: 'ceased_before_close' });
      continue;
    }
    const optional = ceased || (kid.region.statisticalOnly === true && !expectStatisticalOnly);
    // A child with nothing expected below it (a township without reporting units) is not a gap.
    if ((optional || kid.leaves.expected === 0) && !contributed) continue;
    node.children.expected += 1;
    node.leaves.expected += kid.leaves.expected;
    node.leaves.contributing += kid.leaves.contributing;
    node.cells.expected += kid.cells.expected;
    node.cells.contributing += kid.cells.contributing;
    if (contributed) {
      node.children.contributing += 1;
      node.contributors.push(code);
      addTotals(node.totals, kid.totals);
    } else node.missing.push(code);
  }
}

/** Ceased children that contributed while a successor also contributed (possible double count). */
function lineageOverlaps(node: RollUpNode, tree: RegionTree, nodes: ReadonlyMap<string, RollUpNode>, end: string) {
  const out: { predecessor: string; successors: string[] }[] = [];
  for (const code of node.contributors) {
    const region = tree.get(code)!;
    if (region.validTo === null || region.validTo >= end) continue;
    const successors = tree
      .successorsOf(code)
      .map((s) => s.code)
      .filter((s) => (nodes.get(s)?.leaves.contributing ?? 0) > 0);
    if (successors.length > 0) out.push({ predecessor: code, successors });
  }
  return out;
}

/**
 * Roll leaf values up every ancestor, for one rule and one period, in time linear in the
 * number of regions. Returns an aggregate for every region taking part (leaves included),
 * parents before children.
 *
 * @throws VITALS_E_INVALID_INPUT listing every input that is unknown, inactive in the period,
 *   not at a leaf, or does not fit the rule; VITALS_E_UNKNOWN_METHOD for an unknown rule.
 * @example rollUpTree(tree, new Map([['130102', 12], ['130104', 30]]), { rule: 'sum', period: '2025' }).get('130100')
 */
export function rollUpTree(tree: RegionTree, leafValues: Keyed<AggregateInput>, options: RollUpOptions): Map<string, Aggregate> {
  const rule = requireRule(options.rule);
  const period = typeof options.period === 'string' ? parsePeriod(options.period) : options.period;
  const factor = options.factor ?? 1;
  const threshold = options.completenessThreshold ?? DEFAULT_COMPLETENESS_THRESHOLD;
  requireNumbers(threshold, factor);
  if (options.finePeriodType !== undefined && periodTypeRank(options.finePeriodType) < periodTypeRank(period.type)) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `finePeriodType ${options.finePeriodType} is coarser than ${period.code}` });
  }
  const start = periodStart(period);
  const end = periodEnd(period);
  const finePeriods = options.finePeriodType === undefined ? undefined : periodsWithin(period, options.finePeriodType).map((p) => [periodStart(p), periodEnd(p)] as const);
  const ctx: Context = { rule, period, start, end, factor, options, finePeriods };
  const leafLevel = options.leafLevel ?? inferLeafLevel(tree, leafValues);
  const walk = walkTree(tree, leafLevel, start, end, options.root);

  const d = new Diagnostics(['roll-up', period.code]);
  checkInputPlacement(tree, walk, leafValues, leafLevel, { code: period.code, start, end }, d);
  for (let i = walk.order.length - 1; i >= 0; i--) {
    const node = walk.order[i]!;
    if (node.leaf) computeLeaf(node, lookup(leafValues, node.region.code), ctx, d);
    else computeInternal(node, ctx);
  }
  d.throwIfAny('VITALS_E_INVALID_INPUT');

  const params = Object.freeze({
    rule,
    period: period.code,
    leafLevel,
    threshold,
    ...(rule === 'ratio_of_sums' ? { factor } : {}),
    ...(options.finePeriodType === undefined ? {} : { finePeriodType: options.finePeriodType }),
    ...(options.weightElement === undefined ? {} : { weightElement: options.weightElement }),
    ...(options.expectStatisticalOnly ? { expectStatisticalOnly: true } : {}),
    ...(options.root === undefined ? {} : { root: options.root }),
  });
  const listCodesUpTo = options.listCodesUpTo ?? DEFAULT_LIST_CODES_UP_TO;
  const out = new Map<string, Aggregate>();
  for (const node of walk.order) {
    const code = node.region.code;
    const warnings: AggregateWarning[] = [...(node.carried ?? [])];
    if (node.exclusion === 'missing_weight') {
      warnings.push({ code: 'VITALS_W_MISSING_DATA', message: `${code} 缺少权重，未计入加权平均 / ${code} has no weight and cannot enter the weighted mean` });
    }
    if (!node.leaf && node.totals.stale > 0) {
      warnings.push({
        code: 'VITALS_W_STALE_DATA',
        message: `${node.totals.stale}/${node.leaves.contributing} 个末级单位的数值早于期末 / ${node.totals.stale} of ${node.leaves.contributing} leaves report a value older than the period's end`,
      });
    }
    const aggregate = buildAggregate({
      regionCode: code,
      period: period.code,
      rule,
      factor,
      totals: node.totals,
      ...(node.leaf && node.own ? { own: node.own } : {}),
      children: node.children,
      leaves: node.leaves,
      leafLevel,
      periods: node.cells,
      finePeriodType: options.finePeriodType ?? null,
      contributors: node.leaf ? (node.leaves.contributing > 0 ? [code] : []) : node.contributors,
      missing: node.leaf ? (node.leaves.contributing > 0 ? [] : [code]) : node.missing,
      excluded: node.excluded,
      lineageOverlaps: node.leaf ? [] : lineageOverlaps(node, tree, walk.nodes, end),
      params,
      // A missing leaf is reported by its parent; only aggregates warn about completeness.
      threshold: node.leaf ? 0 : threshold,
      listCodesUpTo,
      warnings,
    });
    out.set(code, aggregate);
    if (options.diagnostics) for (const w of aggregate.warnings) options.diagnostics.inContext(`region ${code}`).warn(w.code, w.message);
  }
  return out;
}
