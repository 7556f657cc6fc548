/**
 * What every dashboard answer shares: the figure (value with unit, period, quality, status,
 * completeness), region and indicator references, period checks, and where judgements come
 * from (the live table for live years; computed on demand, with the same function, otherwise).
 */
import type { Kysely } from 'kysely';
import { VitalsError } from '../../core/errors.js';
import { comparePeriods, parsePeriod, periodEnd, periodRange, periodStart, type Period } from '../../core/period/index.js';
import type { DashboardScope, JudgementRow } from '../../storage/repositories/dashboard.repository.js';
import { DashboardReader, type RegionInfo, type RegionSet, type ValueCell } from '../../storage/repositories/dashboard.read.js';
import { FrameworkRepository, type StoredFramework } from '../../storage/repositories/framework.repository.js';
import { MetadataRepository, type StoredIndicator } from '../../storage/repositories/metadata.repository.js';
import type { DB } from '../../storage/schema.js';
import { loadCatalogue } from './book.js';
import { frameworkSettings, judgeYear } from './judge-year.js';
import { cachedMetadata } from './meta-cache.js';

export type Quality = 'final' | 'synthetic' | 'estimated';

/** A number as the dashboards print it: never without its unit, period, quality and completeness. */
export interface Figure {
  readonly value: number | null;
  readonly unit: string;
  readonly period: string;
  readonly quality: Quality;
  readonly status: string;
  readonly completeness: number | null;
}

export interface RegionRef {
  readonly code: string;
  readonly name: { readonly zh: string; readonly en?: string };
  readonly level: string;
}

export interface IndicatorRef {
  readonly code: string;
  readonly name: { readonly zh: string; readonly en?: string };
  readonly unit: string;
  readonly polarity: string;
  readonly periodType: string;
}

export const regionRef = (r: RegionInfo): RegionRef => ({ code: r.code, name: r.nameEn ? { zh: r.name, en: r.nameEn } : { zh: r.name }, level: r.level });

export const indicatorRef = (i: StoredIndicator): IndicatorRef => ({ code: i.code, name: i.name, unit: i.unit, polarity: i.polarity, periodType: i.periodType });

export const figureOf = (cell: ValueCell, unit: string): Figure => ({
  value: cell.value, unit, period: cell.period, quality: cell.quality as Quality, status: cell.status, completeness: cell.completeness,
});

/** Everything a read needs: the read connection, the primary (cache fills), the caller's scope. */
export interface ReadContext {
  readonly db: Kysely<DB>;
  readonly readDb: Kysely<DB>;
  readonly scope: DashboardScope;
}

export function reader(ctx: ReadContext): DashboardReader {
  return new DashboardReader(ctx.readDb);
}

export function requirePeriod(code: string): Period {
  return parsePeriod(code);
}

/** The region set bounds of a period: regions in force at some time during it. */
export function periodBounds(period: Period) {
  return { start: periodStart(period), end: periodEnd(period), year: period.year };
}

/**
 * The regions a map, ranking or index compares: the children of `parent`, or its descendants at
 * `level` (selected by level and province under a nation or province, not through the closure).
 */
export function regionSetOf(parent: RegionInfo, level: string | undefined, period: Period): RegionSet {
  return { parent: parent.code, ...(level ? { level } : {}), ...periodBounds(period), parentLevel: parent.level, parentProvince: parent.provinceCode };
}

export async function requireRegion(ctx: ReadContext, code: string): Promise<RegionInfo> {
  const region = await reader(ctx).region(code);
  if (!region) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: code });
  return region;
}

export async function requireIndicator(ctx: ReadContext, code: string): Promise<StoredIndicator> {
  const indicator = await cachedMetadata(ctx.readDb, `indicator|${code}`, () => new MetadataRepository(ctx.readDb).getIndicator(code));
  if (!indicator) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `indicator ${code}` });
  return indicator;
}

export async function requireFramework(ctx: ReadContext, code: string): Promise<StoredFramework> {
  const framework = await cachedMetadata(ctx.readDb, `framework|${code}`, () => new FrameworkRepository(ctx.readDb).getFramework(code));
  if (!framework) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `framework ${code}` });
  return framework;
}

/** Cells sorted by period, with every missing period of the same type between them filled in as a gap. */
export function withGaps(cells: readonly ValueCell[], unit: string, bounds?: { from?: Period; to?: Period }): Figure[] {
  if (cells.length === 0 && !(bounds?.from && bounds?.to)) return [];
  const sorted = [...cells].sort((a, b) => comparePeriods(parsePeriod(a.period), parsePeriod(b.period)));
  const from = bounds?.from ?? parsePeriod(sorted[0]!.period);
  const to = bounds?.to ?? parsePeriod(sorted[sorted.length - 1]!.period);
  if (comparePeriods(from, to) > 0) return [];
  const byPeriod = new Map(sorted.map((c) => [c.period, c]));
  return periodRange(from, to).map((p) => {
    const cell = byPeriod.get(p.code);
    return cell ? figureOf(cell, unit) : { value: null, unit, period: p.code, quality: 'final', status: 'missing', completeness: null };
  });
}

/** A framework's evaluation settings (profile), cached like the other metadata. */
export function settingsOf(ctx: ReadContext, framework: string) {
  return cachedMetadata(ctx.readDb, `settings|${framework}`, () => frameworkSettings(ctx.readDb, framework));
}

/** Whether a province's live tables hold this framework × year. */
async function isLive(ctx: ReadContext, framework: StoredFramework, provinceCode: string, year: number): Promise<boolean> {
  const fresh = await reader(ctx).freshness(provinceCode);
  const inPlan = (framework.startYear ?? year) <= year && year <= (framework.endYear ?? year);
  return fresh !== null && !fresh.stale && inPlan && fresh.liveYears.includes(year);
}

/**
 * Judgements of a framework × year for these regions: from the live table when the year is live
 * for the province and inside the plan's period, else computed now by the same judge (not stored).
 */
export async function judgementsFor(ctx: ReadContext, framework: StoredFramework, request: { provinceCode: string; year: number; regions: readonly string[]; indicators?: readonly string[] }): Promise<JudgementRow[]> {
  if (request.regions.length === 0) return [];
  if (await isLive(ctx, framework, request.provinceCode, request.year)) {
    return reader(ctx).judgements([request.provinceCode], framework.code, request.year, request.regions, request.indicators);
  }
  const catalogue = await cachedMetadata(ctx.readDb, 'catalogue', () => loadCatalogue(ctx.readDb));
  const settings = await settingsOf(ctx, framework.code);
  const judged = await judgeYear(ctx.readDb, catalogue, {
    provinceCode: request.provinceCode, framework: framework.code, year: request.year, settings, score: false,
    only: { regions: new Set(request.regions), ...(request.indicators ? { indicators: new Set(request.indicators) } : {}) },
  });
  return judged.judgements;
}

/**
 * `judgementsFor` over regions of several provinces (the nation's map): the provinces whose
 * year is live are read in one statement; the others are judged on demand, one by one.
 */
export async function judgementsForMany(ctx: ReadContext, framework: StoredFramework, request: { year: number; regions: readonly { code: string; provinceCode: string }[]; indicators?: readonly string[] }): Promise<JudgementRow[]> {
  if (request.regions.length === 0) return [];
  const byProvince = new Map<string, string[]>();
  for (const r of request.regions) byProvince.set(r.provinceCode, [...(byProvince.get(r.provinceCode) ?? []), r.code]);
  if (byProvince.size === 1) {
    const [provinceCode, regions] = [...byProvince][0]!;
    return judgementsFor(ctx, framework, { provinceCode, year: request.year, regions, ...(request.indicators ? { indicators: request.indicators } : {}) });
  }
  const year = request.year;
  const inPlan = (framework.startYear ?? year) <= year && year <= (framework.endYear ?? year);
  const builds = await reader(ctx).freshnessMany([...byProvince.keys()]);
  const live = [...byProvince.keys()].filter((p) => { const b = builds.get(p); return inPlan && b !== undefined && !b.stale && b.liveYears.includes(year); });
  const liveRegions = live.flatMap((p) => byProvince.get(p)!);
  const rows = await reader(ctx).judgements(live, framework.code, year, liveRegions, request.indicators);
  for (const [provinceCode, regions] of byProvince) {
    if (live.includes(provinceCode)) continue;
    rows.push(...(await judgementsFor(ctx, framework, { provinceCode, year, regions, ...(request.indicators ? { indicators: request.indicators } : {}) })));
  }
  return rows;
}

/** Region × indicator pairs lagging (progress in the two worst categories) or alerting (checkpoint warning or alert). */
export async function laggingFor(ctx: ReadContext, framework: StoredFramework, request: { provinceCode: string; year: number; regions: readonly string[] }): Promise<{ region: string; indicator: string; lagging: boolean; alert: boolean }[]> {
  if (request.regions.length === 0) return [];
  if (await isLive(ctx, framework, request.provinceCode, request.year)) return reader(ctx).laggingIndicators(request.provinceCode, framework.code, request.year, request.regions);
  const pairs = new Map<string, { region: string; indicator: string; lagging: boolean; alert: boolean }>();
  for (const row of await judgementsFor(ctx, framework, request)) {
    const k = `${row.region}|${row.indicator}`;
    const entry = pairs.get(k) ?? { region: row.region, indicator: row.indicator, lagging: false, alert: false };
    pairs.set(k, { ...entry, lagging: entry.lagging || isLagging(row), alert: entry.alert || isAlert(row) });
  }
  return [...pairs.values()].filter((p) => p.lagging || p.alert);
}

/** The attainment row of the milestone a year looks at: the nearest one not passed, else the latest passed. */
export function milestoneFor(rows: readonly JudgementRow[], year: number): number | null {
  const milestones = [...new Set(rows.map((r) => r.milestoneYear))].sort((a, b) => a - b);
  return milestones.find((m) => m >= year) ?? milestones[milestones.length - 1] ?? null;
}

/** The target as the dashboards show it, from a judgement row's detail. */
export function targetView(row: JudgementRow) {
  const target = (row.detail.target ?? {}) as { wording?: string; kind?: string; verification?: string; inheritedFrom?: string | null };
  return {
    milestoneYear: row.milestoneYear, value: row.targetValue, wording: target.wording ?? '', kind: target.kind ?? '', verification: target.verification ?? '',
    inheritedFrom: target.inheritedFrom ?? null,
  };
}

/** A progress category in the two worst of its method (as run summaries count "lagging"). */
export function isLagging(row: JudgementRow): boolean {
  const rank = row.detail.rank;
  return row.kind === 'progress' && typeof rank === 'number' && rank >= 0 && rank <= 1;
}

export const isAlert = (row: JudgementRow): boolean => row.kind === 'warning' && (row.status === 'warning' || row.status === 'alert');
