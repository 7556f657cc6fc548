/**
 * Scopes: sets of region codes, each granting the region and its whole subtree. The storage
 * layer applies `scopeFilter` in one central place; the policy checks single regions with
 * `inScope` on a lineage, so no tree is needed at decision time.
 */
import { VitalsError } from '../errors.js';
import type { RegionTree } from '../region/index.js';
import type { Actor, LineageEntry, RegionLineage } from './types.js';

/**
 * The lineage of `code` in `tree`: the region and its ancestors, nearest first.
 * @throws VITALS_E_UNKNOWN_REGION
 * @example lineageOf(tree, '130102') → { code: '130102', level: 'county', ancestors: [130100, 130000, 000000] }
 */
export function lineageOf(tree: RegionTree, code: string): RegionLineage {
  const region = tree.require(code);
  return {
    code: region.code,
    level: region.level,
    ancestors: tree.ancestors(code).map((r) => ({ code: r.code, level: r.level })),
  };
}

/** The region itself followed by its ancestors, nearest first. */
export function lineageChain(lineage: RegionLineage): readonly LineageEntry[] {
  return [{ code: lineage.code, level: lineage.level }, ...lineage.ancestors];
}

/** True when the region or one of its ancestors is among `scope`'s codes. */
export function inScope(scope: Iterable<string>, lineage: RegionLineage): boolean {
  const codes = scope instanceof Set ? (scope as ReadonlySet<string>) : new Set(scope);
  return lineageChain(lineage).some((entry) => codes.has(entry.code));
}

/** The codes an actor's scope of `kind` consists of. Capture implies view: you may read what you may write. */
export function scopeCodes(actor: Actor, kind: 'view' | 'capture'): ReadonlySet<string> {
  return new Set(kind === 'capture' ? actor.captureScope : [...actor.viewScope, ...actor.captureScope]);
}

/**
 * Region codes whose subtrees the actor may see (`view`) or act on (`capture`): the one
 * filter the storage layer applies to every query. Sorted and deduplicated; with a `tree`,
 * codes already covered by another code of the scope are dropped (minimal roots). An empty
 * list means "nothing", never "everything".
 * @example scopeFilter({ viewScope: ['130000', '130100'], … }, 'view', tree) → ['130000']
 */
export function scopeFilter(actor: Actor, kind: 'view' | 'capture', tree?: RegionTree): string[] {
  if (kind !== 'view' && kind !== 'capture') {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `scope kind must be "view" or "capture", not ${JSON.stringify(kind)}` });
  }
  const codes = [...scopeCodes(actor, kind)].sort();
  if (!tree) return codes;
  const set = new Set(codes);
  // A code whose ancestor is also in the scope adds nothing; unknown codes match no data and stay harmless.
  return codes.filter((code) => !tree.has(code) || !tree.ancestors(code).some((a) => set.has(a.code)));
}

/**
 * Every region of `tree` inside the subtrees of `roots` (the roots included), sorted by code.
 * For tests and small trees; the database expands scopes with a recursive query instead.
 */
export function regionsInScope(tree: RegionTree, roots: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const root of roots) {
    if (!tree.has(root)) continue;
    out.add(root);
    for (const region of tree.descendants(root)) out.add(region.code);
  }
  return [...out].sort();
}

/** The ancestor-or-self of the lineage at `level`, if any (the region that approves at that level). */
export function regionAtLevel(lineage: RegionLineage, level: LineageEntry['level']): LineageEntry | undefined {
  return lineageChain(lineage).find((entry) => entry.level === level);
}
