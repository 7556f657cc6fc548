/**
 * Which targets judge a region: its own (scoped to it, or to its level), else — for targets a
 * lower level can meet on its own — the nearest ancestor's, with the baseline value dropped so
 * that the region's own baseline is read from its series.
 */
import type { RegionTree } from '../../core/region/index.js';
import type { TargetSpec } from '../../core/target/index.js';
import type { TargetListing } from '../../storage/repositories/target.repository.js';

export interface ApplicableTarget {
  readonly target: TargetListing;
  /** Set when the target was set for an ancestor and is applied to this region. */
  readonly inheritedFrom?: string;
}

/** Kinds that count things in, or over, the sub-units of the scoped region cannot pass down. */
const NOT_INHERITABLE = new Set(['coverage', 'count', 'achieve']);

export function isInheritable(spec: TargetSpec): boolean {
  if (spec.kind === 'all') return spec.parts.every(isInheritable);
  return !NOT_INHERITABLE.has(spec.kind);
}

function appliesTo(target: TargetListing, code: string, tree: RegionTree): boolean {
  if ('region' in target.scope) return target.scope.region === code;
  const region = tree.get(code);
  if (!region || region.level !== target.scope.level) return false;
  return target.scope.within === undefined || tree.isWithin(code, target.scope.within);
}

/**
 * The targets judging `code`, one per indicator × milestone year: its own when it has one,
 * else (with `inherit`) the nearest ancestor's inheritable target.
 */
export function applicableTargets(targets: readonly TargetListing[], code: string, tree: RegionTree, inherit: boolean): ApplicableTarget[] {
  const out = new Map<string, ApplicableTarget>();
  for (const target of targets) {
    if (appliesTo(target, code, tree)) out.set(`${target.indicator}|${target.milestoneYear}`, { target });
  }
  if (inherit) {
    for (const ancestor of tree.ancestors(code)) {
      for (const target of targets) {
        const k = `${target.indicator}|${target.milestoneYear}`;
        if (out.has(k) || !isInheritable(target.spec) || !appliesTo(target, ancestor.code, tree)) continue;
        const { baseline, ...rest } = target;
        const inherited: TargetListing = baseline ? { ...rest, baseline: { year: baseline.year } } : rest;
        out.set(k, { target: inherited, inheritedFrom: ancestor.code });
      }
    }
  }
  // Plan order (the listing's order), whether own or inherited.
  const order = new Map(targets.map((t, i) => [`${t.indicator}|${t.milestoneYear}|${t.id}`, i]));
  const rank = (a: ApplicableTarget) => order.get(`${a.target.indicator}|${a.target.milestoneYear}|${a.target.id}`) ?? 0;
  return [...out.values()].sort((a, b) => rank(a) - rank(b));
}
