/**
 * The administrative hierarchy: nation → province → prefecture city → county → township.
 * Codes are GB/T 2260 six-digit codes down to county, NBS nine-digit codes for townships;
 * the nation is `000000`. Non-geographic reporting units (departments, hospitals) hang
 * under a geographic region with their own codes.
 */
export type RegionLevel = 'nation' | 'province' | 'prefecture' | 'county' | 'township' | 'unit';

export const REGION_LEVELS: readonly RegionLevel[] = ['nation', 'province', 'prefecture', 'county', 'township'];

export const NATION_CODE = '000000';

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
  /** ISO date; the division exists from this date (inclusive). */
  readonly validFrom: string;
  /** ISO date; exclusive end, or null while current. */
  readonly validTo: string | null;
  /** Codes this region replaced (split, merge, rename) — lineage predecessor → successor. */
  readonly predecessors?: readonly string[];
  /** NBS "statistical only" divisions (e.g. development zones) flagged in the source list. */
  readonly statisticalOnly?: boolean;
  /** For `unit` level: department / hospital. */
  readonly unitKind?: 'department' | 'hospital' | 'other';
}
