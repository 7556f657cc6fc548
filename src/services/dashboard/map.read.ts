/**
 * The map (choropleth): one indicator across the children of a region (or its descendants at a
 * level) for one period, each with its figure and, given a framework, its status against the
 * target that judges it. One query for the values (indicator_value's covering key), one for the
 * judgements of every province the regions lie in (dashboard_judgement by indicator), never one
 * per province.
 */
import type { JudgementRow } from '../../storage/repositories/dashboard.repository.js';
import { figureOf, indicatorRef, judgementsForMany, milestoneFor, reader, regionSetOf, regionRef, requireFramework, requireIndicator, requirePeriod, requireRegion, targetView, type Figure, type IndicatorRef, type ReadContext, type RegionRef } from './support.js';

export interface MapQuery {
  readonly indicator: string;
  readonly region: string;
  readonly period: string;
  readonly framework?: string;
  readonly level?: string;
}

export interface MapItem {
  readonly region: RegionRef;
  /** Null: no final figure for this region and period (a gap, shown as such). */
  readonly figure: Figure | null;
  readonly target: (ReturnType<typeof targetView> & { readonly status: string; readonly gapAbsolute: number | null }) | null;
}

export interface MapView {
  readonly indicator: IndicatorRef;
  readonly region: RegionRef;
  readonly period: string;
  readonly level: string | null;
  readonly framework: string | null;
  readonly items: readonly MapItem[];
  readonly summary: { readonly regions: number; readonly withData: number; readonly min: number | null; readonly max: number | null; readonly attained: number; readonly notAttained: number };
}

export async function mapView(ctx: ReadContext, q: MapQuery): Promise<MapView> {
  const period = requirePeriod(q.period);
  const [indicator, region] = await Promise.all([requireIndicator(ctx, q.indicator), requireRegion(ctx, q.region)]);
  const framework = q.framework ? await requireFramework(ctx, q.framework) : undefined;
  const cells = await reader(ctx).mapCells(regionSetOf(region, q.level, period), indicator.code, period.code, ctx.scope);
  const byRegion = new Map<string, JudgementRow[]>();
  if (framework) {
    const rows = await judgementsForMany(ctx, framework, { year: period.year, regions: cells, indicators: [indicator.code] });
    for (const row of rows) {
      if (row.kind !== 'attainment' || row.indicator !== indicator.code) continue;
      const list = byRegion.get(row.region);
      if (list) list.push(row);
      else byRegion.set(row.region, [row]);
    }
  }
  const items: MapItem[] = cells.map((cell) => {
    const rows = byRegion.get(cell.code) ?? [];
    const milestone = milestoneFor(rows, period.year);
    const attainment = rows.find((r) => r.milestoneYear === milestone);
    return {
      region: regionRef(cell),
      figure: cell.value ? figureOf(cell.value, indicator.unit) : null,
      target: attainment ? { ...targetView(attainment), status: attainment.status, gapAbsolute: attainment.gapAbsolute } : null,
    };
  });
  const values = items.map((i) => i.figure?.value).filter((v): v is number => typeof v === 'number');
  return {
    indicator: indicatorRef(indicator),
    region: regionRef(region),
    period: period.code,
    level: q.level ?? null,
    framework: framework?.code ?? null,
    items,
    summary: {
      regions: items.length,
      withData: values.length,
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
      attained: items.filter((i) => i.target?.status === 'attained').length,
      notAttained: items.filter((i) => i.target?.status === 'not_attained').length,
    },
  };
}
