/**
 * The app's charts, built on EChart. Every chart keeps missing periods as gaps (no line is
 * drawn across a null), marks draft or synthetic points, and states units in axis names.
 */
import { useMemo } from 'react';
import { useI18n } from '../i18n/index.js';
import { EChart, type ChartOption } from './EChart.js';
import { LIGHT_COLOURS } from './Status.js';

export interface SeriesPoint {
  readonly period: string;
  readonly value: number | null;
  /** final, draft, synthetic, estimated… */
  readonly quality?: string | null;
}

/** A tiny trend line for the scorecard; gaps stay gaps, the last point is marked. */
export function Sparkline({ points, label, width = 110, height = 32 }: { points: readonly SeriesPoint[]; label: string; width?: number; height?: number }) {
  const { locale } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 2, right: 6, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: points.map((p) => p.period) },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { show: false },
      series: [
        {
          type: 'line',
          data: points.map((p) => p.value),
          connectNulls: false,
          symbol: 'circle',
          symbolSize: (_v: unknown, params: { dataIndex: number }) => (params.dataIndex === points.length - 1 ? 5 : 0),
          lineStyle: { width: 1.5, color: '#0958d9' },
          itemStyle: { color: '#0958d9' },
        },
      ],
    }),
    [points],
  );
  if (points.length === 0) return null;
  return <EChart option={option} width={width} height={height} label={label} locale={locale} />;
}

export interface TrendProps {
  readonly title: string;
  readonly unit: string;
  readonly actual: readonly SeriesPoint[];
  readonly baseline?: { period: string; value: number } | null;
  readonly targets?: readonly { period: string; value: number; label?: string }[];
  /** Expected path from baseline to target, one point per period. */
  readonly expected?: readonly SeriesPoint[];
  readonly projection?: readonly { period: string; value: number; lower?: number | null; upper?: number | null }[];
  readonly warnings?: readonly { period: string; level: string; text: string }[];
  readonly height?: number;
}

/** Trend: actuals, baseline, milestone targets, expected path, projection with its band, warnings. */
export function TrendChart({ title, unit, actual, baseline, targets = [], expected = [], projection = [], warnings = [], height = 340 }: TrendProps) {
  const { t, locale, unit: fmtUnit, period, num } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const periods = [...new Set([baseline?.period, ...actual.map((p) => p.period), ...expected.map((p) => p.period), ...targets.map((p) => p.period), ...projection.map((p) => p.period)].filter((p): p is string => !!p))].sort();
    const at = <T extends { period: string }>(list: readonly T[], f: (x: T) => number | null | undefined) => periods.map((p) => {
      const hit = list.find((x) => x.period === p);
      return hit ? f(hit) ?? null : null;
    });
    const lower = at(projection, (p) => p.lower ?? null);
    const upper = at(projection, (p) => p.upper ?? null);
    const names = {
      actual: t('indicator.series.actual'),
      expected: t('indicator.series.expected'),
      target: t('indicator.series.target'),
      projection: t('indicator.series.projection'),
      band: t('indicator.series.band'),
      baseline: t('indicator.series.baseline'),
      warning: t('indicator.series.warning'),
    };
    return {
      aria: { enabled: true, label: { description: title } },
      // The legend names only the series that have something to draw.
      legend: {
        top: 0,
        type: 'scroll',
        data: [
          ...(projection.length ? [names.band] : []),
          names.actual,
          ...(expected.length ? [names.expected] : []),
          ...(targets.length ? [names.target] : []),
          ...(projection.length ? [names.projection] : []),
        ],
      },
      grid: { left: 56, right: 72, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${num(v)} ${fmtUnit(unit)}` : t('quality.missing')) },
      xAxis: { type: 'category', data: periods, axisLabel: { formatter: (v: string) => period(v) } },
      yAxis: { type: 'value', scale: true, name: fmtUnit(unit), nameTextStyle: { align: 'right' } },
      series: [
        // The band is drawn as a stacked area between lower and upper (upper − lower on top of lower).
        { name: names.band, type: 'line', stack: 'band', data: lower, lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } },
        {
          name: names.band,
          type: 'line',
          stack: 'band',
          data: upper.map((u, i) => (u === null || lower[i] === null ? null : u - (lower[i] as number))),
          lineStyle: { opacity: 0 },
          areaStyle: { color: 'rgba(9, 88, 217, 0.15)' },
          symbol: 'none',
          tooltip: { show: false },
        },
        {
          name: names.actual,
          type: 'line',
          data: periods.map((p) => {
            const hit = actual.find((x) => x.period === p);
            if (!hit || hit.value === null) return null;
            const provisional = hit.quality && hit.quality !== 'final' && hit.quality !== 'reported';
            return provisional ? { value: hit.value, symbol: 'emptyCircle', symbolSize: 9 } : hit.value;
          }),
          connectNulls: false,
          symbolSize: 7,
          lineStyle: { width: 2.5, color: '#0958d9' },
          itemStyle: { color: '#0958d9' },
          markLine: baseline
            ? { symbol: 'none', lineStyle: { type: 'dotted', color: '#595959' }, label: { position: 'insideEndTop', formatter: `${names.baseline} ${num(baseline.value)}` }, data: [{ yAxis: baseline.value }] }
            : undefined,
          markPoint: warnings.length
            ? {
                symbol: 'triangle',
                symbolSize: 14,
                itemStyle: { color: LIGHT_COLOURS.red.fill },
                label: { show: false },
                data: warnings.map((w) => ({ name: w.text, coord: [w.period, actual.find((a) => a.period === w.period)?.value ?? baseline?.value ?? 0], value: w.text })),
              }
            : undefined,
        },
        { name: names.expected, type: 'line', data: at(expected, (p) => p.value), connectNulls: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#389e0d' }, itemStyle: { color: '#389e0d' } },
        {
          name: names.target,
          type: 'scatter',
          data: at(targets, (p) => p.value),
          symbol: 'diamond',
          symbolSize: 13,
          itemStyle: { color: '#d46b08' },
          label: { show: true, position: 'top', formatter: (p: { value: number }) => num(p.value) },
        },
        { name: names.projection, type: 'line', data: at(projection, (p) => p.value), connectNulls: true, symbol: 'none', lineStyle: { type: 'dotted', width: 2, color: '#722ed1' }, itemStyle: { color: '#722ed1' } },
      ],
    };
  }, [title, unit, actual, baseline, targets, expected, projection, warnings, t, fmtUnit, period, num]);
  return <EChart option={option} height={height} label={title} locale={locale} testId="trend-chart" />;
}

export interface BarItem {
  readonly code: string;
  readonly name: string;
  readonly value: number | null;
  readonly quality?: string | null;
}

/** Sub-regions as a sorted horizontal bar with the target line; missing values listed as such. */
export function SortedBar({ items, unit, target, title, onClick, higherIsBetter = true }: { items: readonly BarItem[]; unit: string; target?: number | null; title: string; onClick?: (code: string) => void; higherIsBetter?: boolean }) {
  const { t, locale, unit: fmtUnit, num } = useI18n();
  const sorted = useMemo(() => {
    const withValue = items.filter((i) => i.value !== null).sort((a, b) => (higherIsBetter ? (a.value as number) - (b.value as number) : (b.value as number) - (a.value as number)));
    const missing = items.filter((i) => i.value === null);
    return [...missing, ...withValue];
  }, [items, higherIsBetter]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 100, right: 48, top: 24, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${num(v)} ${fmtUnit(unit)}` : t('quality.missing')) },
      xAxis: { type: 'value', name: fmtUnit(unit), scale: false },
      yAxis: { type: 'category', data: sorted.map((i) => (i.value === null ? `${i.name}（${t('quality.missing')}）` : i.name)), axisLabel: { width: 92, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: sorted.map((i) => ({ value: i.value, name: i.code, itemStyle: { color: i.quality && i.quality !== 'final' && i.quality !== 'reported' ? '#91caff' : '#0958d9' } })),
          label: { show: true, position: 'right', formatter: (p: { value: number | null }) => (p.value === null ? t('quality.missing') : num(p.value)) },
          markLine:
            target !== null && target !== undefined
              ? { symbol: 'none', lineStyle: { color: '#d46b08', type: 'dashed', width: 2 }, label: { formatter: `${t('indicator.targetLine')} ${num(target)}` }, data: [{ xAxis: target }] }
              : undefined,
        },
      ],
    }),
    [sorted, unit, target, t, fmtUnit, num],
  );
  return (
    <EChart
      option={option}
      height={Math.max(200, sorted.length * 26 + 60)}
      label={title}
      locale={locale}
      testId="sorted-bar"
      onClick={(p) => {
        const code = (p.data as { name?: string } | undefined)?.name;
        if (code && onClick) onClick(code);
      }}
    />
  );
}

/** Radar of sub-indices (0–max scale). */
export function RadarChart({ axes, series, title }: { axes: readonly { name: string; max: number }[]; series: readonly { name: string; values: readonly (number | null)[] }[]; title: string }) {
  const { locale } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      legend: { bottom: 0 },
      tooltip: {},
      radar: { indicator: axes.map((a) => ({ name: a.name, max: a.max })), radius: '62%' },
      series: [{ type: 'radar', data: series.map((s) => ({ name: s.name, value: s.values.map((v) => v ?? 0) })), areaStyle: { opacity: 0.15 } }],
    }),
    [axes, series],
  );
  return <EChart option={option} height={320} label={title} locale={locale} testId="radar-chart" />;
}
