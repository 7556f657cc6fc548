/**
 * Region types as stored, and the pure helpers behind `RegionRepository.upsertMany`.
 */
import { VitalsError } from '../../core/errors.js';
import type { Region, RegionLevel } from '../../core/region/types.js';
import type { RegionRow } from '../schema.js';

export const NATION = '000000';

/** A region as stored: the core fields plus the denormalised ancestry. */
export interface StoredRegion extends Region {
  readonly nameEn: string | null;
  /** '000000' for the nation, the province's own code for a province. */
  readonly provinceCode: string;
  /** Codes from the root to this region, e.g. ['000000', '130000', '130100', '130102']. */
  readonly path: readonly string[];
  readonly depth: number;
}

export type LineageKind = 'split' | 'merge' | 'rename' | 'recode' | 'transfer';

export interface LineageLink {
  readonly predecessor: string;
  readonly successor: string;
  /** ISO date the change took effect (usually the successor's `validFrom`). */
  readonly effectiveDate: string;
  readonly kind: LineageKind;
  readonly note?: string;
}

export interface RegionFilter {
  readonly level?: RegionLevel;
  /** Only regions at or below this code. */
  readonly within?: string;
  /** ISO date: only regions valid on that day. */
  readonly activeOn?: string;
}

export interface RegionWrite extends Region {
  readonly nameEn?: string;
}

export function toRegion(row: RegionRow): StoredRegion {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    level: row.level as RegionLevel,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    statisticalOnly: row.statistical_only,
    ...(row.unit_kind ? { unitKind: row.unit_kind as Region['unitKind'] } : {}),
    provinceCode: row.province_code,
    path: row.path.split('/'),
    depth: row.depth,
  };
}

type Ancestry = { readonly path: string; readonly province: string };

/**
 * Path and province of each listed region, from the list itself and from `known` (stored
 * parents). Unknown parents and cycles are errors.
 */
export function ancestryResolver(byCode: ReadonlyMap<string, RegionWrite>, known: ReadonlyMap<string, Ancestry>): (code: string) => Ancestry {
  const resolved = new Map<string, Ancestry>();
  const resolve = (code: string, seen: Set<string>): Ancestry => {
    const done = resolved.get(code) ?? known.get(code);
    if (done) return done;
    const region = byCode.get(code);
    if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
    if (seen.has(code)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `region ${code} is its own ancestor` });
    seen.add(code);
    let result: Ancestry;
    if (region.parentCode === null) {
      result = { path: code, province: NATION };
    } else {
      const parent = resolve(region.parentCode, seen);
      result = { path: `${parent.path}/${code}`, province: region.level === 'province' ? code : parent.province };
    }
    resolved.set(code, result);
    return result;
  };
  return (code) => resolve(code, new Set());
}

/**
 * Lineage links from `predecessors`: several predecessors make a merge, a predecessor named
 * by several regions of the list a split, anything else a rename.
 */
export function inferredLineage(regions: readonly Region[]): LineageLink[] {
  const successorsOf = new Map<string, number>();
  for (const r of regions) for (const p of r.predecessors ?? []) successorsOf.set(p, (successorsOf.get(p) ?? 0) + 1);
  return regions.flatMap((r) =>
    (r.predecessors ?? []).map((p) => ({
      predecessor: p,
      successor: r.code,
      effectiveDate: r.validFrom,
      kind: (r.predecessors!.length > 1 ? 'merge' : (successorsOf.get(p) ?? 0) > 1 ? 'split' : 'rename') as LineageKind,
    })),
  );
}
