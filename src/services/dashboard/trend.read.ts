/**
 * The trend: one region × one indicator across periods — the actual values (gaps included), and
 * with a framework: each milestone target with its baseline and the expected straight path to
 * it (`expectedOnPath`), the progress status by each method, the checkpoint warnings, and the
 * projection band of the warning method (its weighted least-squares fit, `predict`ed year by year).
 */
import { isVitalsError } from '../../core/errors.js';
import { parsePeriod, type PeriodType } from '../../core/period/index.js';
import { expectedOnPath } from '../../core/progress/index.js';
import { predict, weightedLinearFit, type WeightedPoint } from '../../core/warning/index.js';
import type { JudgementRow } from '../../storage/repositories/dashboard.repository.js';
import { indicatorRef, judgementsFor, reader, regionRef, requireFramework, requireIndicator, requireRegion, targetView, withGaps, type Figure, type IndicatorRef, type ReadContext, type RegionRef } from './support.js';

export interface TrendQuery {
  readonly indicator: string;
  readonly region: string;
  readonly framework?: string;
  readonly periodType?: PeriodType;
  readonly fromYear?: number;
  readonly toYear?: number;
  /** The "as of" year of targets, progress and warnings (default: the latest year with a value). */
  readonly year?: number;
}

export interface ProjectionView {
  readonly checkpoint: string;
  readonly milestoneYear: number;
  readonly confidence: number;
  readonly meetsMilestone: boolean | null;
  /** Projected values with their prediction interval; estimates, not data (`quality: estimated`). */
  readonly points: readonly { readonly year: number; readonly value: number; readonly lower: number | null; readonly upper: number | null; readonly quality: 'estimated' }[];
}

export interface TrendView {
  readonly indicator: IndicatorRef;
  readonly region: RegionRef;
  readonly framework: string | null;
  readonly periodType: PeriodType;
  readonly year: number | null;
  readonly actuals: readonly Figure[];
  readonly targets: readonly (ReturnType<typeof targetView> & { readonly baseline: { year: number; value: number } | null; readonly attainment: string; readonly path: readonly { year: number; value: number }[] })[];
  readonly progress: readonly { readonly milestoneYear: number; readonly method: string; readonly status: string; readonly label: unknown }[];
  readonly warnings: readonly { readonly milestoneYear: number; readonly checkpoint: string; readonly level: string; readonly label: unknown; readonly reasons: unknown }[];
  readonly projection: ProjectionView | null;
}

export async function trendView(ctx: ReadContext, q: TrendQuery): Promise<TrendView> {
  const [indicator, region] = await Promise.all([requireIndicator(ctx, q.indicator), requireRegion(ctx, q.region)]);
  const framework = q.framework ? await requireFramework(ctx, q.framework) : undefined;
  const periodType = q.periodType ?? indicator.periodType;
  const series = await reader(ctx).series(region, [indicator.code], ctx.scope, { periodType, ...(q.fromYear !== undefined ? { fromYear: q.fromYear } : {}), ...(q.toYear !== undefined ? { toYear: q.toYear } : {}) });
  const cells = series.get(indicator.code) ?? [];
  const actuals = withGaps(cells, indicator.unit);
  const latest = [...cells].reverse().find((c) => c.value !== null);
  const year = q.year ?? (latest ? parsePeriod(latest.period).year : null);
  const base = { indicator: indicatorRef(indicator), region: regionRef(region), framework: framework?.code ?? null, periodType, year, actuals };
  // Targets and judgements only where the caller may see the region's figures of that year.
  if (!framework || year === null || !(await reader(ctx).visible(region.code, year, ctx.scope))) return { ...base, targets: [], progress: [], warnings: [], projection: null };
  const rows = await judgementsFor(ctx, framework, { provinceCode: region.provinceCode, year, regions: [region.code], indicators: [indicator.code] });
  const mine = rows.filter((r) => r.indicator === indicator.code);
  const attainments = mine.filter((r) => r.kind === 'attainment').sort((a, b) => a.milestoneYear - b.milestoneYear);
  const targets = attainments.map((a) => {
    const baseline = (a.detail.baseline as { year: number; value: number } | null) ?? null;
    const path: { year: number; value: number }[] = [];
    if (baseline && a.targetValue !== null && a.milestoneYear > baseline.year) {
      for (let t = baseline.year; t <= a.milestoneYear; t++) {
        const value = expectedOnPath({ t: baseline.year, value: baseline.value }, { t: a.milestoneYear, value: a.targetValue }, t, 'linear');
        if (value !== null) path.push({ year: t, value });
      }
    }
    return { ...targetView(a), baseline, attainment: a.status, path };
  });
  const warnings = mine.filter((r) => r.kind === 'warning');
  return {
    ...base,
    targets,
    progress: mine.filter((r) => r.kind === 'progress').map((r) => ({ milestoneYear: r.milestoneYear, method: r.method, status: r.status, label: r.detail.label ?? null })),
    warnings: warnings.map((r) => ({ milestoneYear: r.milestoneYear, checkpoint: r.period, level: r.status, label: r.detail.label ?? null, reasons: r.detail.reasons ?? [] })),
    projection: projectionOf(warnings),
  };
}

/** The band of the nearest milestone's warning projection, one point per year from the fit's last year. */
function projectionOf(warnings: readonly JudgementRow[]): ProjectionView | null {
  const row = [...warnings].sort((a, b) => a.milestoneYear - b.milestoneYear).find((w) => w.detail.projection);
  if (!row) return null;
  const p = row.detail.projection as { points: WeightedPoint[]; confidence: number; milestoneYear: number; meetsMilestone?: boolean };
  try {
    const fit = weightedLinearFit(p.points);
    const last = Math.max(...p.points.map((x) => x.t));
    const points = [];
    for (let t = Math.floor(last); t <= p.milestoneYear; t++) {
      const at = predict(fit, t, p.confidence);
      points.push({ year: t, value: at.value, lower: at.lower, upper: at.upper, quality: 'estimated' as const });
    }
    return { checkpoint: row.period, milestoneYear: p.milestoneYear, confidence: p.confidence, meetsMilestone: p.meetsMilestone ?? null, points };
  } catch (error) {
    if (isVitalsError(error)) return null;
    throw error;
  }
}
