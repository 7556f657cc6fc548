/**
 * Resolve what a person typed (a name, a name without suffix, a code, or a qualified path
 * such as `石家庄市/长安区`) to exactly one region, or say why not.
 */
import { VitalsError } from '../errors.js';
import { isActiveAt } from './region-dates.js';
import { normalizeRegionName } from './region-name-key.js';
import type { RegionTree } from './region-tree.js';
import type { Region, RegionLevel } from './types.js';

/** Narrowing for `resolveRegionName`. */
export interface ResolveRegionOptions {
  /** Only regions at or below this code. */
  readonly within?: string;
  readonly level?: RegionLevel;
  /** Only regions that exist on this ISO day. Without it, current regions are preferred over abolished ones. */
  readonly asOf?: string;
}

// Separators people use to qualify a name with its parent: 石家庄市/长安区, 河北省 > 石家庄市.
const PATH_SEPARATOR = /\s*[/|>›·]\s*|\s+/;

function describe(tree: RegionTree, region: Region): string {
  const path = tree
    .ancestors(region.code)
    .filter((r) => r.level !== 'nation')
    .reverse()
    .map((r) => r.name);
  const dates = region.validTo === null ? '' : ` ${region.validFrom}–${region.validTo}`;
  return `${region.code} ${[...path, region.name].join('›')}${dates}`;
}

function filterCandidates(tree: RegionTree, found: readonly Region[], options: ResolveRegionOptions): Region[] {
  let list = found.filter(
    (r) =>
      (options.level === undefined || r.level === options.level) &&
      (options.within === undefined || tree.isWithin(r.code, options.within)) &&
      (options.asOf === undefined || isActiveAt(r, options.asOf)),
  );
  // Without a date, a name almost always means the region as it is today.
  if (options.asOf === undefined && list.some((r) => r.validTo === null)) list = list.filter((r) => r.validTo === null);
  return list;
}

function pick(tree: RegionTree, input: string, list: readonly Region[]): Region {
  if (list.length === 1) return list[0]!;
  const candidates = [...list].sort((a, b) => (a.code < b.code ? -1 : 1)).map((r) => describe(tree, r));
  throw new VitalsError('VITALS_E_AMBIGUOUS_REGION', { value: input, candidates: candidates.join('; ') }, { name: input, candidates });
}

function resolveSingle(tree: RegionTree, input: string, query: string, options: ResolveRegionOptions): Region | undefined {
  const byCode = tree.get(query);
  // A code names one region even when it was abolished; only the explicit filters apply.
  if (
    byCode &&
    (options.level === undefined || byCode.level === options.level) &&
    (options.within === undefined || tree.isWithin(byCode.code, options.within)) &&
    (options.asOf === undefined || isActiveAt(byCode, options.asOf))
  ) {
    return byCode;
  }
  // An exact name beats a name that only matches without its suffix (朝阳区 vs 朝阳县).
  const exact = filterCandidates(tree, tree.regionsNamed(query, 'exact'), options);
  if (exact.length > 0) return pick(tree, input, exact);
  let short = filterCandidates(tree, tree.regionsNamed(query, 'short'), options);
  // People drop 市/省/自治区 from cities and provinces but name townships in full, so a
  // suffix-less `石家庄` or `东莞` means the city, not 石家庄镇 or 东莞镇.
  if (short.some((r) => r.level !== 'township' && r.level !== 'unit')) {
    short = short.filter((r) => r.level !== 'township' && r.level !== 'unit');
  }
  if (short.length > 0) return pick(tree, input, short);
  return undefined;
}

/**
 * Resolve a region name or code to one region.
 *
 * Tries, in order: a code; the exact name (full-width/half-width and spaces ignored); the name
 * without its administrative suffix (`石家庄` ↔ `石家庄市`, `孟村` ↔ `孟村回族自治县`; in this pass
 * townships yield to larger regions, so `石家庄` is the city and not 石家庄镇); a path
 * qualified by parents (`吉林省/朝阳区`, `长春市 朝阳区`).
 *
 * @throws VitalsError VITALS_E_AMBIGUOUS_REGION listing the candidates (code and path), or
 *   VITALS_E_UNKNOWN_REGION when nothing matches.
 * @example resolveRegionName(tree, '朝阳区', { within: '220000' }).code === '220104'
 */
export function resolveRegionName(tree: RegionTree, name: string, options: ResolveRegionOptions = {}): Region {
  const query = typeof name === 'string' ? normalizeRegionName(name) : '';
  if (query === '') throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: String(name) }, { name });
  if (options.within !== undefined) tree.require(options.within);
  const direct = resolveSingle(tree, name, query, options);
  if (direct) return direct;

  const parts = name.normalize('NFKC').trim().split(PATH_SEPARATOR).filter(Boolean);
  if (parts.length > 1) {
    let scope = options.within;
    let region: Region | undefined;
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      region = resolveRegionName(tree, part, {
        ...(scope === undefined ? {} : { within: scope }),
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        ...(last && options.level !== undefined ? { level: options.level } : {}),
      });
      scope = region.code;
    }
    return region!;
  }
  const where = options.within === undefined ? '' : ` within ${options.within}`;
  throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: `${name}${where}` }, { name, ...options });
}
