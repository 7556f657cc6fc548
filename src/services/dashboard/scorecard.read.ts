/**
 * The scorecard: a region's framework indicators as of a period — the latest figure, the target
 * with its original wording, attainment, progress by each method, the checkpoint warning, a
 * sparkline and completeness, with group and nature — plus headline counts, the region's live
 * score and rank, and the warnings list (its lagging indicators, its lagging child regions).
 */
import { comparePeriods, parsePeriod, shiftPeriod, type PeriodType } from '../../core/period/index.js';
import type { ValueCell } from '../../storage/repositories/dashboard.read.js';
import { FrameworkRepository } from '../../storage/repositories/framework.repository.js';
import { MetadataRepository } from '../../storage/repositories/metadata.repository.js';
import { cachedMetadata } from './meta-cache.js';
import { figureOf, indicatorRef, isLagging, judgementsFor, laggingFor, milestoneFor, periodBounds, reader, regionRef, requireFramework, requirePeriod, requireRegion, targetView, withGaps, type Figure, type ReadContext } from './support.js';

/** Points in a sparkline: the period asked and the ones before it, of the same type. */
export const SPARKLINE_POINTS = 8;

/** How far back (years) a scorecard looks for the latest value of each period type. */
const LOOKBACK_YEARS: Record<PeriodType, number> = { year: 9, half_year: 4, quarter: 2, month: 1 };

export interface ScorecardQuery {
  readonly framework: string;
  readonly region: string;
  readonly period: string;
}

function latestAt(cells: readonly ValueCell[], period: string): ValueCell | undefined {
  const p = parsePeriod(period);
  return cells
    .filter((c) => c.value !== null && parsePeriod(c.period).type === p.type && comparePeriods(parsePeriod(c.period), p) <= 0)
    .sort((a, b) => comparePeriods(parsePeriod(b.period), parsePeriod(a.period)))[0];
}

export async function scorecardView(ctx: ReadContext, q: ScorecardQuery) {
  const period = requirePeriod(q.period);
  const [framework, region] = await Promise.all([requireFramework(ctx, q.framework), requireRegion(ctx, q.region)]);
  const { members, groups, indicators } = await cachedMetadata(ctx.readDb, `members|${framework.code}|${framework.version}`, async () => {
    const frameworks = new FrameworkRepository(ctx.readDb);
    const ref = { code: framework.code, version: framework.version };
    const [members, groups] = await Promise.all([frameworks.listFrameworkIndicators(ref), frameworks.listGroups(ref)]);
    const indicators = new Map((await new MetadataRepository(ctx.readDb).listIndicators(members.map((m) => m.indicator))).map((i) => [i.code, i]));
    return { members, groups, indicators };
  });
  const codes = members.map((m) => m.indicator);
  const r = reader(ctx);
  // Only the period's type, over a window long enough for the sparkline and a "latest" value.
  const series = await r.series(region, codes, ctx.scope, { periodType: period.type, fromYear: period.year - LOOKBACK_YEARS[period.type], toYear: period.year });
  const visible = await r.visible(region.code, period.year, ctx.scope);
  const rows = visible ? await judgementsFor(ctx, framework, { provinceCode: region.provinceCode, year: period.year, regions: [region.code] }) : [];
  const groupNames = new Map(groups.map((g) => [g.code, g.name]));

  const items = members.map((m) => {
    const indicator = indicators.get(m.indicator);
    const unit = indicator?.unit ?? m.unit;
    const cells = series.get(m.indicator) ?? [];
    const latest = latestAt(cells, period.code);
    const mine = rows.filter((j) => j.indicator === m.indicator);
    const milestone = milestoneFor(mine.filter((j) => j.kind === 'attainment'), period.year);
    const at = mine.filter((j) => j.milestoneYear === milestone);
    const attainment = at.find((j) => j.kind === 'attainment');
    const warning = at.find((j) => j.kind === 'warning');
    const sparkType = latest ? parsePeriod(latest.period) : period;
    const sparkTo = latest ? parsePeriod(latest.period) : period;
    const spark = withGaps(cells.filter((c) => parsePeriod(c.period).type === sparkType.type), unit, { from: shiftPeriod(sparkTo, -(SPARKLINE_POINTS - 1)), to: sparkTo });
    return {
      indicator: indicator ? indicatorRef(indicator) : { code: m.indicator, name: m.indicatorName, unit: m.unit, polarity: '', periodType: '' },
      label: m.label ?? null,
      group: m.group ? { code: m.group, name: groupNames.get(m.group) ?? { zh: m.group } } : null,
      nature: m.nature ?? null,
      latest: latest ? figureOf(latest, unit) : null,
      target: attainment ? targetView(attainment) : null,
      attainment: attainment
        ? { status: attainment.status, value: attainment.value, valueYear: (attainment.detail.valueYear as number | null) ?? null, gapAbsolute: attainment.gapAbsolute, gapPercent: attainment.gapPercent, interim: (attainment.detail.interim as boolean | null) ?? null }
        : null,
      progress: at.filter((j) => j.kind === 'progress').map((j) => ({ method: j.method, status: j.status, label: j.detail.label ?? null, rank: (j.detail.rank as number | null) ?? null, lagging: isLagging(j) })),
      warning: warning ? { checkpoint: warning.period, level: warning.status, label: warning.detail.label ?? null } : null,
      sparkline: spark,
      completeness: latest?.completeness ?? null,
    };
  });

  const children = await r.regions({ parent: region.code, ...periodBounds(period) }, ctx.scope);
  const childLagging = await laggingFor(ctx, framework, { provinceCode: region.provinceCode, year: period.year, regions: children.map((c) => c.code) });
  const scores = await r.scores([region.provinceCode], framework.code, period.year, visible ? [region.code] : []);
  const score = scores[0];
  const completeness = items.map((i) => i.completeness).filter((c): c is number => c !== null);
  const primary = items.map((i) => i.progress[0]).filter((p) => p !== undefined);
  return {
    framework: { code: framework.code, version: framework.version, name: framework.name },
    region: regionRef(region),
    period: period.code,
    headline: {
      indicators: items.length,
      withData: items.filter((i) => i.latest !== null).length,
      attained: items.filter((i) => i.attainment?.status === 'attained').length,
      notAttained: items.filter((i) => i.attainment?.status === 'not_attained').length,
      notEvaluable: items.filter((i) => i.attainment?.status === 'not_evaluable').length,
      lagging: items.filter((i) => i.progress.some((p) => p.lagging)).length,
      onTrack: primary.filter((p) => !p.lagging && p.status !== 'unable_to_assess').length,
      alerts: items.filter((i) => i.warning && (i.warning.level === 'warning' || i.warning.level === 'alert')).length,
      completeness: completeness.length ? completeness.reduce((s, c) => s + c, 0) / completeness.length : null,
      synthetic: items.some((i) => i.latest?.quality === 'synthetic'),
      score: score ? { value: score.score, max: score.maxScore, grade: score.grade, gradeLabel: score.detail.gradeLabel ?? null, rank: score.rank, of: await r.levelSize(region.provinceCode, framework.code, period.year, score.level), change: score.rankChange, movement: score.movement } : null,
    },
    items,
    warnings: {
      indicators: items.filter((i) => i.progress.some((p) => p.lagging) || (i.warning && (i.warning.level === 'warning' || i.warning.level === 'alert'))).map((i) => ({
        indicator: i.indicator.code, name: i.indicator.name, progress: i.progress.find((p) => p.lagging) ?? null, warning: i.warning,
      })),
      regions: laggingRegions(childLagging, children.map((c) => ({ code: c.code, ref: regionRef(c) }))),
    },
  };
}

/** Child regions with lagging indicators or checkpoint alerts, most first. */
function laggingRegions(pairs: readonly { region: string; indicator: string; lagging: boolean; alert: boolean }[], children: readonly { code: string; ref: ReturnType<typeof regionRef> }[]) {
  return children
    .map((c) => {
      const mine = pairs.filter((p) => p.region === c.code);
      return { region: c.ref, lagging: mine.filter((p) => p.lagging).length, alerts: mine.filter((p) => p.alert).length, indicators: mine.map((p) => p.indicator).sort() };
    })
    .filter((c) => c.lagging + c.alerts > 0)
    .sort((a, b) => b.lagging + b.alerts - (a.lagging + a.alerts) || (a.region.code < b.region.code ? -1 : 1));
}

export type ScorecardView = Awaited<ReturnType<typeof scorecardView>>;
export type ScorecardFigure = Figure;
