/**
 * The nation's indicator values (`indicator_value` rows of region 000000, under province_code
 * 000000): read from the nation's aggregate rows (combined from the provinces' rows, see
 * `src/services/evaluation/aggregate-nation.ts`) and the nation's own final values, with the
 * same `ValueBook` as every other region, so a national rate is Σ numerators / Σ denominators
 * over the country. Refreshed after a province's refresh, for the indicators and periods it
 * touched, and rebuilt with the dashboards.
 */
import { sql, type Kysely } from 'kysely';
import { buildRegionTree, type Region, type RegionTree } from '../../core/region/index.js';
import { NATION } from '../evaluation/aggregate-nation.js';
import { bumpDashboardEpoch } from '../../storage/repositories/dashboard.epoch.js';
import { DashboardRepository, type IndicatorValueRow } from '../../storage/repositories/dashboard.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import type { DB } from '../../storage/schema.js';
import { elementsOf, loadBook, type Catalogue } from './book.js';
import { indicatorRows, presentKeys } from './indicator-values.js';

/** The nation and its provinces, as a tree (what the nation's book needs). */
export async function nationTree(db: Kysely<DB>): Promise<RegionTree> {
  const repo = new RegionRepository(db);
  const regions = [await repo.require(NATION), ...(await repo.list({ level: 'province' }))];
  const plain = (r: Region): Region => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, validFrom: r.validFrom, validTo: r.validTo });
  return buildRegionTree(regions.map(plain));
}

/** `indicator|period` keys where a province's own figure rests on synthetic data (then the nation's does too). */
async function syntheticFromProvinces(db: Kysely<DB>, indicators: readonly string[], periods?: readonly string[]): Promise<Set<string>> {
  const { rows } = await sql<{ indicator_code: string; period: string }>`
    SELECT DISTINCT iv.indicator_code, iv.period FROM region p
    JOIN indicator_value iv ON iv.province_code = p.code AND iv.region_code = p.code
    WHERE p.level = 'province' AND iv.quality = 'synthetic' AND iv.indicator_code = ANY(${[...indicators]}::text[])
      ${periods ? sql`AND iv.period = ANY(${[...periods]}::text[])` : sql``}`.execute(db);
  return new Set(rows.map((r) => `${r.indicator_code}|${r.period}`));
}

/**
 * Recompute the nation's indicator values of these indicators (all when omitted) for these
 * periods (every period with a figure when omitted) and replace them. Call inside the
 * transaction that refreshed the aggregates; returns the number of rows written.
 */
export async function refreshNationValues(trx: Kysely<DB>, catalogue: Catalogue, request: { readonly indicators?: readonly string[]; readonly periods?: readonly string[] } = {}): Promise<number> {
  const repo = new DashboardRepository(trx);
  await repo.lockProvince(NATION);
  const indicators = request.indicators ?? [...catalogue.compiled.keys()].sort();
  if (indicators.length === 0 || request.periods?.length === 0) return 0;
  const tree = await nationTree(trx);
  const elementCodes = [...new Set(indicators.flatMap((i) => elementsOf(catalogue, i)))];
  const loaded = await loadBook(trx, catalogue, { provinceCode: NATION, tree, elementCodes, regions: [NATION], ...(request.periods ? { periods: request.periods } : {}) });
  const synthetic = await syntheticFromProvinces(trx, indicators, request.periods);
  const rows: IndicatorValueRow[] = [];
  for (const indicator of indicators) {
    const keys = request.periods
      ? request.periods.map((period) => ({ region: NATION, period }))
      : presentKeys(loaded, new Set(elementsOf(catalogue, indicator).map((c) => catalogue.elements.get(c)!.id))).values();
    for (const r of indicatorRows(catalogue, loaded, NATION, indicator, keys)) {
      rows.push(r.status !== 'reported' && synthetic.has(`${indicator}|${r.period}`) ? { ...r, quality: 'synthetic' } : r);
    }
  }
  await repo.deleteIndicatorValues(NATION, { indicators, regions: [NATION], ...(request.periods ? { periods: request.periods } : {}) });
  await repo.upsertIndicatorValues(rows);
  await bumpDashboardEpoch(trx, NATION); // the nation has no dashboard_build row whose trigger would
  return rows.length;
}
