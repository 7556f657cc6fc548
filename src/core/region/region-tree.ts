/**
 * The region hierarchy with effective dating and lineage, indexed for linear-time walks.
 * Build it with `buildRegionTree` (which validates); the class itself trusts its input.
 */
import { VitalsError } from '../errors.js';
import { parsePeriod, periodEnd, periodStart, type Period } from '../period/index.js';
import { REGION_LEVEL_RANK } from './region-code.js';
import { isActiveAt, isActiveDuring } from './region-dates.js';
import { lineageEquivalentAt, type LineageEquivalent } from './region-lineage.js';
import { normalizeRegionName, stripRegionSuffix } from './region-name-key.js';
import { NATION_CODE, type Region, type RegionLevel } from './types.js';

/** Filters for `RegionTree.descendants`. */
export interface DescendantQuery {
  /** Only this level. */
  readonly level?: RegionLevel;
  /** Only regions that exist on this ISO day. */
  readonly asOf?: string;
  /** Only regions that exist on at least one day of this period (code or parsed). */
  readonly period?: Period | string;
}

function byCode(a: Region, b: Region): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function unknown(code: string): VitalsError {
  return new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code }, { code });
}

/** Query surface over a validated set of regions. All lists are sorted by code. */
export class RegionTree {
  private readonly regions = new Map<string, Region>();
  private readonly childIndex = new Map<string, Region[]>();
  private readonly successorIndex = new Map<string, string[]>();
  private readonly rootList: Region[] = [];
  private nameIndex: { exact: Map<string, Region[]>; short: Map<string, Region[]> } | undefined;

  /** @internal Use `buildRegionTree`, which validates first. */
  constructor(regions: readonly Region[]) {
    for (const region of [...regions].sort(byCode)) {
      this.regions.set(region.code, region);
      if (region.parentCode === null) this.rootList.push(region);
      else push(this.childIndex, region.parentCode, region);
      for (const predecessor of region.predecessors ?? []) push(this.successorIndex, predecessor, region.code);
    }
  }

  get size(): number {
    return this.regions.size;
  }

  /** Every region, sorted by code. */
  all(): IterableIterator<Region> {
    return this.regions.values();
  }

  /** Regions without a parent (the nation, or a province when only part of the country is loaded). */
  roots(): readonly Region[] {
    return this.rootList;
  }

  get(code: string): Region | undefined {
    return this.regions.get(code);
  }

  has(code: string): boolean {
    return this.regions.has(code);
  }

  /** @throws VITALS_E_UNKNOWN_REGION */
  require(code: string): Region {
    const region = this.regions.get(code);
    if (!region) throw unknown(code);
    return region;
  }

  /** Direct children, optionally only those that exist on `asOf`. */
  children(code: string, asOf?: string): readonly Region[] {
    this.require(code);
    const list = this.childIndex.get(code) ?? [];
    return asOf === undefined ? list : list.filter((r) => isActiveAt(r, asOf));
  }

  /** All regions below `code` (not itself), depth-first in code order, filtered by the query. */
  descendants(code: string, query: DescendantQuery = {}): Region[] {
    this.require(code);
    const period = typeof query.period === 'string' ? parsePeriod(query.period) : query.period;
    const window = period ? ([periodStart(period), periodEnd(period)] as const) : undefined;
    const maxRank = query.level ? REGION_LEVEL_RANK[query.level] : Infinity;
    const out: Region[] = [];
    const stack = [...(this.childIndex.get(code) ?? [])].reverse();
    while (stack.length > 0) {
      const region = stack.pop()!;
      const keep =
        (query.asOf === undefined || isActiveAt(region, query.asOf)) &&
        (window === undefined || isActiveDuring(region, window[0], window[1]));
      if (keep && (query.level === undefined || region.level === query.level)) out.push(region);
      // Levels only deepen going down, so a level filter prunes the walk.
      if (REGION_LEVEL_RANK[region.level] < maxRank) {
        const kids = this.childIndex.get(region.code);
        if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
      }
    }
    return out;
  }

  /** The parent chain, nearest first (the region itself excluded). */
  ancestors(code: string): Region[] {
    const out: Region[] = [];
    let current = this.require(code);
    while (current.parentCode !== null) {
      current = this.require(current.parentCode);
      out.push(current);
    }
    return out;
  }

  /** True when `ancestorCode` is `code` itself or one of its ancestors. */
  isWithin(code: string, ancestorCode: string): boolean {
    let current: Region | undefined = this.require(code);
    while (current) {
      if (current.code === ancestorCode) return true;
      current = current.parentCode === null ? undefined : this.regions.get(current.parentCode);
    }
    return false;
  }

  /**
   * The province a region belongs to: the distribution key of province-sharded tables (Citus).
   * The nation maps to `000000`; a province to itself; units to their geographic parent's province.
   */
  provinceOf(code: string): string {
    const region = this.require(code);
    if (region.level === 'nation') return NATION_CODE;
    if (region.level === 'province') return region.code;
    const province = this.ancestors(code).find((r) => r.level === 'province');
    // A tree loaded without provinces (a lone prefecture) still shards by the code's digits.
    if (province) return province.code;
    const geographic = region.level === 'unit' ? this.ancestors(code).find((r) => r.level !== 'unit') : region;
    return geographic && geographic.level !== 'nation' ? `${geographic.code.slice(0, 2)}0000` : NATION_CODE;
  }

  /** The region exists on day `iso`. */
  activeAt(code: string, iso: string): boolean {
    return isActiveAt(this.require(code), iso);
  }

  /** The region exists on at least one day of [startIso, endExclusiveIso). */
  activeDuring(code: string, startIso: string, endExclusiveIso: string): boolean {
    return isActiveDuring(this.require(code), startIso, endExclusiveIso);
  }

  /** Regions that list `code` as a predecessor (its direct successors). */
  successorsOf(code: string): readonly Region[] {
    this.require(code);
    return (this.successorIndex.get(code) ?? []).map((c) => this.regions.get(c)!);
  }

  /** The regions `code` replaced (its direct predecessors). */
  predecessorsOf(code: string): readonly Region[] {
    return (this.require(code).predecessors ?? []).map((c) => this.require(c));
  }

  /**
   * The region(s) that cover `code`'s ground on `asOfIso`, following lineage forward when the
   * region had been abolished by then and backward when it did not exist yet. `exact` says
   * whether the answer is the same ground (merges, renames, a split seen from the old region)
   * or not (a split seen from one part, partial transfers).
   * @example tree.currentEquivalent('130199', '2025-01-01') → { codes: ['130111','130112'], exact: true, … }
   */
  currentEquivalent(code: string, asOfIso: string): LineageEquivalent {
    return lineageEquivalentAt(
      { get: (c) => this.regions.get(c), successorCodes: (c) => this.successorIndex.get(c) ?? [] },
      this.require(code),
      asOfIso,
    );
  }

  /**
   * Regions whose normalised full name equals `name` (`exact`), or whose name without its
   * suffix equals `name` without its suffix (`short`). See `resolveRegionName`.
   */
  regionsNamed(name: string, mode: 'exact' | 'short'): readonly Region[] {
    if (!this.nameIndex) {
      const exact = new Map<string, Region[]>();
      const short = new Map<string, Region[]>();
      for (const region of this.regions.values()) {
        push(exact, normalizeRegionName(region.name), region);
        push(short, stripRegionSuffix(region.name), region);
      }
      this.nameIndex = { exact, short };
    }
    const key = mode === 'exact' ? normalizeRegionName(name) : stripRegionSuffix(name);
    return this.nameIndex[mode].get(key) ?? [];
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
