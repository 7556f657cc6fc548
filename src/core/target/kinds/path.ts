/**
 * The stretch of a series a path test looks at: from the baseline (or the first observation)
 * to the latest value within the staleness window.
 */
import type { AttainmentNote } from '../attainment.types.js';
import { note } from '../format.js';
import { latestWithin, type Observed } from '../series.js';
import type { EvaluationContext } from './kind.js';
import { baselineOf, missingNote, staleNote } from './level.js';

export interface SeriesWindow {
  /** Start point (baseline or first observation) then every observation up to the end. */
  readonly points: Observed;
  readonly warnings: readonly AttainmentNote[];
}

export function seriesWindow(ctx: EvaluationContext, minPoints: number): SeriesWindow | AttainmentNote {
  const end = latestWithin(ctx.series, ctx.year, ctx.maxStaleness);
  if (!end) return missingNote('the region', '本地区', ctx.year, ctx.maxStaleness);
  const warnings: AttainmentNote[] = end.year < ctx.year ? [staleNote(end.year, ctx.year)] : [];
  const baseline = baselineOf(ctx);
  let start: { year: number; value: number } | undefined;
  if (baseline?.value !== undefined && baseline.year < end.year) {
    start = { year: baseline.year, value: baseline.value };
  } else {
    const from = baseline?.year ?? -Infinity;
    start = ctx.series.find((p) => p.year >= from && p.year < end.year);
    if (start && baseline) {
      warnings.push(note('VITALS_W_MISSING_DATA', `缺少${baseline.year}年基期值，从${start.year}年开始比较`, `no baseline value for ${baseline.year}; compared from ${start.year}`));
    }
  }
  const points = start ? [start, ...ctx.series.filter((p) => p.year > start.year && p.year <= end.year)] : [end];
  if (points.length < minPoints) {
    return note('VITALS_W_MISSING_DATA', `至少需要${minPoints}个年度数值，只有${points.length}个`, `needs at least ${minPoints} yearly values, found ${points.length}`);
  }
  const gaps: string[] = [];
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.year - points[i - 1]!.year > 1) gaps.push(`${points[i - 1]!.year}–${points[i]!.year}`);
  }
  if (gaps.length > 0) {
    warnings.push(note('VITALS_W_MISSING_DATA', `缺少中间年份（${gaps.join('、')}），按相邻观测比较`, `years missing in between (${gaps.join(', ')}); neighbouring observations compared`));
  }
  return { points, warnings };
}
