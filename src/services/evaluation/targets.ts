/**
 * Which targets judge a region: its own (scoped to it, or to its level), else — for targets a
 * lower level can meet on its own — the nearest ancestor's, with the baseline value dropped so
 * that the region's own baseline is read from its series.
 */
import type { RegionTree } from '../../core/region/index.js';
import type { TargetSpec } from '../../core/target/index.js';
import type { TargetListing } from '../../storage/repositories/target.repository.js';
import { canonicalJson } from './inputs-hash.js';
import type { ResolvedTest } from './judge.js';
import { SharedValues } from './provenance-codec.js';
import type { IndicatorReading } from './values.js';

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
 * What the years of one run request share: which targets judge each region (the same every
 * year), the provenance block of each target as applied (one object, used by every row judged
 * against it), resolved targets, the values rows share, and the targets' hash lines.
 */
export class TargetCache {
  /** `targetId|inheritedFrom` → the provenance block result rows carry (shared by every row judged against it). */
  readonly blocks = new Map<string, unknown>();
  /** Values result rows share (blocks, readings, series, parameters), each written once per run. */
  readonly shared = new SharedValues();
  /** Readings as attainment rows carry them (shared), by reading. */
  readonly readings = new Map<IndicatorReading, unknown>();
  /** Targets resolved (the required value) by target and baseline value: the same in every year. */
  readonly resolved = new WeakMap<object, Map<number | undefined, ResolvedTest>>();
  private readonly applicable = new Map<string, ApplicableTarget[]>();
  private readonly stripped = new WeakMap<TargetListing, TargetListing>();
  private lines?: { readonly targets: readonly TargetListing[]; readonly lines: string[] };

  /** @internal */
  forRegion(code: string, compute: () => ApplicableTarget[]): ApplicableTarget[] {
    let out = this.applicable.get(code);
    if (!out) this.applicable.set(code, (out = compute()));
    return out;
  }

  /** An ancestor's target as a region inherits it: without the baseline value (one object per target). */
  inherited(target: TargetListing): TargetListing {
    let out = this.stripped.get(target);
    if (!out) {
      const { baseline, ...rest } = target;
      out = baseline ? { ...rest, baseline: { year: baseline.year } } : rest;
      this.stripped.set(target, out);
    }
    return out;
  }

  /** Canonical `T|…` lines of the targets (hashed into a run's inputs hash). */
  hashLines(ctx: { readonly targets: readonly TargetListing[] }): string[] {
    if (this.lines?.targets !== ctx.targets) {
      this.lines = {
        targets: ctx.targets,
        lines: ctx.targets.map((t) => ['T', t.framework, t.frameworkVersion, t.indicator, canonicalJson(t.scope), t.milestoneYear, canonicalJson(t.spec), canonicalJson(t.baseline ?? null), t.provenance.verification].join('|')),
      };
    }
    return this.lines.lines;
  }
}

/**
 * The targets judging `code`, one per indicator × milestone year: its own when it has one,
 * else (with `inherit`) the nearest ancestor's inheritable target. With a `cache` (one per
 * run request: the same targets, tree and `inherit`), each region's answer is computed once.
 */
export function applicableTargets(targets: readonly TargetListing[], code: string, tree: RegionTree, inherit: boolean, cache?: TargetCache): ApplicableTarget[] {
  if (cache) return cache.forRegion(code, () => computeApplicable(targets, code, tree, inherit, cache));
  return computeApplicable(targets, code, tree, inherit);
}

function computeApplicable(targets: readonly TargetListing[], code: string, tree: RegionTree, inherit: boolean, cache?: TargetCache): ApplicableTarget[] {
  const out = new Map<string, ApplicableTarget>();
  for (const target of targets) {
    if (appliesTo(target, code, tree)) out.set(`${target.indicator}|${target.milestoneYear}`, { target });
  }
  if (inherit) {
    for (const ancestor of tree.ancestors(code)) {
      for (const target of targets) {
        const k = `${target.indicator}|${target.milestoneYear}`;
        if (out.has(k) || !isInheritable(target.spec) || !appliesTo(target, ancestor.code, tree)) continue;
        let inherited: TargetListing;
        if (cache) inherited = cache.inherited(target);
        else {
          const { baseline, ...rest } = target;
          inherited = baseline ? { ...rest, baseline: { year: baseline.year } } : rest;
        }
        out.set(k, { target: inherited, inheritedFrom: ancestor.code });
      }
    }
  }
  // Plan order (the listing's order), whether own or inherited.
  const order = new Map(targets.map((t, i) => [`${t.indicator}|${t.milestoneYear}|${t.id}`, i]));
  const rank = (a: ApplicableTarget) => order.get(`${a.target.indicator}|${a.target.milestoneYear}|${a.target.id}`) ?? 0;
  return [...out.values()].sort((a, b) => rank(a) - rank(b));
}
