/**
 * The roll-up walk: which regions take part for one period, which of them are leaves, and
 * the order (children before parents) that makes the roll-up a single linear pass.
 */
import type { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { REGION_LEVEL_RANK, isActiveDuring, type Region, type RegionLevel, type RegionTree } from '../region/index.js';
import { entriesOf, type Keyed } from './aggregate-periods.js';
import { emptyTotals, type Totals } from './totals.js';
import type { AggregateInput, AggregateWarning, ExclusionReason } from './types.js';

/** Mutable per-region state during one roll-up. */
export interface RollUpNode {
  readonly region: Region;
  leaf: boolean;
  kids: RollUpNode[];
  totals: Totals;
  leaves: { expected: number; contributing: number };
  cells: { expected: number; contributing: number };
  children: { expected: number; contributing: number };
  contributors: string[];
  missing: string[];
  excluded: { code: string; reason: ExclusionReason }[];
  /** This leaf's input could not be used (population_weighted_mean without weight). */
  exclusion?: ExclusionReason;
  /** A leaf's own figure, when it had an input. */
  own?: { value: number | null; reason?: string };
  /** Warnings of a leaf's input aggregate, carried onto the leaf. */
  carried?: readonly AggregateWarning[];
}

export function newNode(region: Region): RollUpNode {
  return {
    region,
    leaf: false,
    kids: [],
    totals: emptyTotals(),
    leaves: { expected: 0, contributing: 0 },
    cells: { expected: 0, contributing: 0 },
    children: { expected: 0, contributing: 0 },
    contributors: [],
    missing: [],
    excluded: [],
  };
}

/** The deepest level among the inputs' regions; `county` when there are none. */
export function inferLeafLevel(tree: RegionTree, leafValues: Keyed<AggregateInput>): RegionLevel {
  let deepest: RegionLevel | undefined;
  for (const [code] of entriesOf(leafValues)) {
    const region = tree.get(code);
    if (region && (deepest === undefined || REGION_LEVEL_RANK[region.level] > REGION_LEVEL_RANK[deepest])) deepest = region.level;
  }
  return deepest ?? 'county';
}

export interface Walk {
  /** Pre-order: every parent before its children. */
  readonly order: readonly RollUpNode[];
  readonly nodes: ReadonlyMap<string, RollUpNode>;
  readonly rootCodes: readonly string[];
}

/**
 * Collect the regions active during [start, end) under the roots, down to `leafLevel`. A region
 * above the leaf level without any active child down to that level stands in as a leaf
 * (东莞 441900 is a county-level leaf: it has townships but no counties). With `unit` leaves,
 * only units are leaves.
 */
export function walkTree(tree: RegionTree, leafLevel: RegionLevel, start: string, end: string, root: string | undefined): Walk {
  const leafRank = REGION_LEVEL_RANK[leafLevel];
  const roots = root === undefined ? tree.roots() : [tree.require(root)];
  if (root !== undefined && REGION_LEVEL_RANK[roots[0]!.level] > leafRank) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `root ${root} lies below the leaf level ${leafLevel}` });
  }
  const order: RollUpNode[] = [];
  const nodes = new Map<string, RollUpNode>();
  const stack = roots.filter((r) => isActiveDuring(r, start, end)).map(newNode).reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    nodes.set(node.region.code, node);
    if (node.region.level === leafLevel) {
      node.leaf = true;
      continue;
    }
    const kids = tree.children(node.region.code).filter((r) => REGION_LEVEL_RANK[r.level] <= leafRank && isActiveDuring(r, start, end));
    if (kids.length === 0 && leafLevel !== 'unit' && REGION_LEVEL_RANK[node.region.level] < leafRank) {
      node.leaf = true;
      continue;
    }
    node.kids = kids.map(newNode);
    for (let i = node.kids.length - 1; i >= 0; i--) stack.push(node.kids[i]!);
  }
  return { order, nodes, rootCodes: roots.map((r) => r.code) };
}

/** Report inputs that cannot enter this roll-up; inputs outside its roots are ignored. */
export function checkInputPlacement(
  tree: RegionTree,
  walk: Walk,
  leafValues: Keyed<AggregateInput>,
  leafLevel: RegionLevel,
  window: { readonly code: string; readonly start: string; readonly end: string },
  d: Diagnostics,
): void {
  for (const [code] of entriesOf(leafValues)) {
    const node = walk.nodes.get(code);
    if (node?.leaf) continue;
    const region = tree.get(code);
    const at = d.inContext(`region ${code}`);
    if (!region) {
      at.error('VITALS_E_UNKNOWN_REGION', `unknown region code ${code}`);
      continue;
    }
    if (!walk.rootCodes.some((r) => tree.isWithin(code, r))) continue;
    if (!isActiveDuring(region, window.start, window.end)) {
      at.error('VITALS_E_INVALID_INPUT', `${code} did not exist during ${window.code} (valid ${region.validFrom}–${region.validTo ?? 'now'})`);
    } else if (node) {
      at.error('VITALS_E_INVALID_INPUT', `${code} is a ${region.level} above the leaf level ${leafLevel}: values enter at the leaves and are rolled up`);
    } else {
      at.error('VITALS_E_INVALID_INPUT', `${code} (${region.level}) lies below the leaf level ${leafLevel} of this roll-up`);
    }
  }
}
