/**
 * Evaluation results (docs/evaluation-runs.md). The server stores immutable runs
 * (`/evaluations`) and their result rows (value, attainment, progress, warning, score, rank,
 * index). This module finds the run that covers a framework × region × year and turns its rows
 * into the pages' view models, so that the pages never see the raw row format.
 */
import type { Static } from '@sinclair/typebox';
import type { ResultView, RunCreated, RunView } from '../../../src/http/schemas/evaluation.schema.js';
import type { Bilingual } from '../i18n/index.js';
import { api } from './client.js';
import type { Page } from './endpoints.js';
import { metadata, type Indicator } from './metadata.js';
import type { RegionNode, ScorecardRow, WarningItem } from './types.js';

export type Run = Static<typeof RunView>;
export type Result = Static<typeof ResultView>;

export interface FilterQuery {
  readonly framework: string;
  readonly region: string;
  readonly period: string;
}

/** No run covers this framework, region and year yet (a planner can start one). */
export class NoRunError extends Error {
  constructor(readonly query: { framework: string; region: string; year: number }) {
    super(`no evaluation run for ${query.framework} ${query.region} ${query.year}`);
  }
}

const provinceOf = (code: string) => (code === '000000' ? code : `${code.slice(0, 2)}0000`);
const yearOf = (period: string) => Number(period.slice(0, 4));

/** Runs whose scope contains `region`: its own, its province's, the nation's; newest first. */
export async function findRun(framework: string, region: string, year: number, signal?: AbortSignal, accept: (run: Run) => boolean = () => true): Promise<Run | null> {
  const page = await api.get<Page<Run>>('/evaluations', { framework, year, limit: 100 }, signal);
  page.items = page.items.filter(accept);
  const candidates = [region, region.slice(0, 4) + '00', provinceOf(region), '000000'];
  for (const scope of candidates) {
    const hit = page.items.find((r) => r.region === scope);
    if (hit) return hit;
  }
  return null;
}

export async function requireRun(q: FilterQuery, signal?: AbortSignal): Promise<Run> {
  const year = yearOf(q.period);
  const run = await findRun(q.framework, q.region, year, signal);
  if (!run) throw new NoRunError({ framework: q.framework, region: q.region, year });
  return run;
}

/** Every result row matching the filter (pages of 500). */
export async function results(runId: number, filter: { region?: string; indicator?: string; kind?: string; status?: string }, signal?: AbortSignal): Promise<Result[]> {
  const out: Result[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api.get<Page<Result>>(`/evaluations/${runId}/results`, { ...filter, limit: 500, offset }, signal);
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

let indicatorCache: Promise<Map<string, Indicator>> | null = null;
function indicatorsByCode(): Promise<Map<string, Indicator>> {
  indicatorCache ??= (async () => {
    const answer = await metadata.indicators({ limit: 500 });
    const items = Array.isArray(answer) ? answer : answer.items;
    return new Map(items.map((i) => [i.code, i]));
  })().catch((e) => {
    indicatorCache = null;
    throw e;
  });
  return indicatorCache;
}

type Prov = Record<string, unknown> & {
  label?: Bilingual;
  completeness?: number | null;
  series?: Array<{ year: number; value: number | null }>;
  target?: { wording?: string; verification?: string; milestoneYear?: number; spec?: { value?: number } };
};
const prov = (r: Result | undefined): Prov => ((r?.provenance ?? {}) as Prov);

/** Value status → the honesty label shown next to the number. */
export function qualityOf(status: string): string | null {
  switch (status) {
    case 'reported':
      return 'reported';
    case 'complete':
      return 'final';
    case 'incomplete':
      return 'incomplete';
    default:
      return null;
  }
}

/** The number a target asks for, when it is one number. */
export function targetValue(result: Result | undefined): number | null {
  const required = result?.required as { threshold?: number; target?: number | null } | null | undefined;
  if (typeof required?.threshold === 'number') return required.threshold;
  if (typeof required?.target === 'number') return required.target;
  const spec = prov(result).target?.spec;
  return typeof spec?.value === 'number' ? spec.value : null;
}

/** Attainment in percent of the target (100 = met), by the indicator's polarity. */
export function attainmentPercent(actual: number | null, target: number | null, polarity: string | undefined): number | null {
  if (actual === null || target === null || target === 0 || actual === 0) return null;
  const ratio = polarity === 'lower_is_better' ? target / actual : actual / target;
  return Number.isFinite(ratio) ? ratio * 100 : null;
}

/** Progress judgement to show: trajectory where it can judge, else the next method that can. */
export function pickProgress(rows: readonly Result[]): Result | undefined {
  const usable = rows.filter((r) => r.status !== 'unable_to_assess');
  return usable.find((r) => r.method === 'trajectory') ?? usable[0] ?? rows[0];
}

/** The target to show for `year`: the nearest milestone at or after it, else the latest one. */
export function pickTarget(rows: readonly Result[], year: number): Result | undefined {
  const sorted = [...rows].sort((a, b) => (a.milestoneYear ?? 0) - (b.milestoneYear ?? 0));
  return sorted.find((r) => (r.milestoneYear ?? 0) >= year) ?? sorted[sorted.length - 1];
}

export const evaluation = {
  async scorecard(q: FilterQuery, signal?: AbortSignal): Promise<ScorecardRow[]> {
    const run = await requireRun(q, signal);
    const [rows, detail, defs] = await Promise.all([results(run.id, { region: q.region }, signal), metadata.framework(q.framework), indicatorsByCode()]);
    const groups = new Map(detail.groups.map((g) => [g.code, g.name]));
    return detail.indicators.map((fi) => {
      const mine = rows.filter((r) => r.indicator === fi.indicator);
      const value = mine.find((r) => r.kind === 'value');
      const target = pickTarget(mine.filter((r) => r.kind === 'attainment'), run.year);
      const progress = pickProgress(mine.filter((r) => r.kind === 'progress' && r.milestoneYear === (target?.milestoneYear ?? r.milestoneYear)));
      const tv = targetValue(target);
      const polarity = defs.get(fi.indicator)?.polarity;
      const series = (prov(target).series ?? []).map((p) => ({ period: String(p.year), value: p.value, quality: 'final' }));
      const completeness = prov(value).completeness;
      return {
        indicator: fi.indicator,
        name: fi.indicatorName,
        unit: fi.unit,
        group: fi.group ?? null,
        groupName: fi.group ? groups.get(fi.group) ?? fi.group : null,
        nature: fi.nature ?? null,
        ...(polarity ? { polarity } : {}),
        latest: value ? { value: value.value, period: value.period, quality: qualityOf(value.status) } : null,
        target: target ? { value: tv, year: target.milestoneYear ?? run.year, wording: prov(target).target?.wording ?? '', kind: String((prov(target).target?.spec as { kind?: string } | undefined)?.kind ?? ''), verification: prov(target).target?.verification ?? '' } : null,
        attainment: attainmentPercent(value?.value ?? null, tv, polarity),
        status: progress ? { code: progress.status, ...(prov(progress).label ? { label: prov(progress).label } : {}) } : null,
        series,
        completeness: typeof completeness === 'number' ? completeness * 100 : value?.status === 'reported' ? 100 : null,
      };
    });
  },

  /** Lagging indicators of the region and its children, and checkpoint warnings. */
  async warnings(q: FilterQuery, regions: readonly RegionNode[], signal?: AbortSignal): Promise<WarningItem[]> {
    const run = await requireRun(q, signal);
    const [lagging, warnings, detail] = await Promise.all([
      results(run.id, { kind: 'progress', status: 'seriously_lagging' }, signal),
      results(run.id, { kind: 'warning' }, signal),
      metadata.framework(q.framework),
    ]);
    const names = new Map(detail.indicators.map((i) => [i.indicator, i.indicatorName]));
    const near = new Set([q.region, ...regions.filter((r) => r.parent === q.region).map((r) => r.code)]);
    const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
    return [...warnings.filter((w) => w.status !== 'none'), ...lagging]
      .filter((r) => near.has(r.region) && r.indicator)
      .map((r) => ({
        indicator: r.indicator!,
        indicatorName: names.get(r.indicator!) ?? r.indicator!,
        region: r.region,
        regionName: regionName(r.region),
        level: r.kind === 'warning' ? r.status : 'off_track',
        text: prov(r).label ?? r.status,
        period: r.period,
      }));
  },

  run: (body: { framework: string; region: string; year: number; scheme?: unknown; indexConfig?: unknown; publish?: boolean }) => api.post<Static<typeof RunCreated>>('/evaluations', body),
  runs: (query: { framework?: string; region?: string; year?: number }, signal?: AbortSignal) => api.get<Page<Run>>('/evaluations', { limit: 100, ...query }, signal),
};

/** One sub-region's figure for an indicator (map, bar comparison). */
export interface ChildValue {
  readonly region: string;
  readonly regionName: RegionNode['name'];
  readonly value: number | null;
  readonly period: string | null;
  readonly quality: string | null;
  readonly status: { code: string; label?: Bilingual } | null;
}

export const regional = {
  /** Values and progress of an indicator for the children of `region`. */
  async childValues(q: FilterQuery & { indicator: string }, regions: readonly RegionNode[], signal?: AbortSignal): Promise<ChildValue[]> {
    const run = await requireRun({ ...q, region: provinceOf(q.region) }, signal);
    const children = regions.filter((r) => r.parent === q.region);
    const rows = await results(run.id, { indicator: q.indicator }, signal);
    return children.map((child) => {
      const mine = rows.filter((r) => r.region === child.code);
      const value = mine.find((r) => r.kind === 'value');
      const attainment = pickTarget(mine.filter((r) => r.kind === 'attainment'), run.year);
      const progress = pickProgress(mine.filter((r) => r.kind === 'progress' && (!attainment || r.milestoneYear === attainment.milestoneYear)));
      return {
        region: child.code,
        regionName: child.name,
        value: value?.value ?? null,
        period: value?.period ?? null,
        quality: value ? qualityOf(value.status) : null,
        status: progress ? { code: progress.status, ...(prov(progress).label ? { label: prov(progress).label } : {}) } : null,
      };
    });
  },
};

export interface ShippedDefinition {
  readonly code: string;
  readonly name: Bilingual;
  readonly demonstration: boolean;
  readonly definition: unknown;
}

export const content = {
  schemes: () => api.get<{ items: ShippedDefinition[] }>('/content/schemes'),
  indices: () => api.get<{ items: ShippedDefinition[] }>('/content/indices'),
};

export interface RankRow {
  readonly region: string;
  readonly rank: number | null;
  readonly of: number | null;
  readonly tiedWith: number;
  readonly group: string | null;
  readonly groupRank: number | null;
  readonly previousRank: number | null;
  readonly change: number | null;
  readonly score: number | null;
  readonly grade: string;
  readonly level: string | null;
  readonly items: ReadonlyArray<{ item: string; indicator?: string; dimension?: string; earned: number; max: number; why?: Bilingual; missing?: boolean }>;
  /** Subtotals per scheme dimension (earned of max points). */
  readonly dimensions: ReadonlyArray<{ code: string; name: Bilingual; earned: number; max: number }>;
  readonly maxScore: number | null;
}

/** Scores and ranks of a run that had a scheme, one row per ranked region. */
export async function ranking(runId: number, signal?: AbortSignal): Promise<RankRow[]> {
  const [scores, ranks] = await Promise.all([results(runId, { kind: 'score' }, signal), results(runId, { kind: 'rank' }, signal)]);
  const scoreOf = new Map(scores.map((s) => [s.region, s]));
  return ranks.map((r) => {
    const p = prov(r) as Record<string, unknown>;
    const s = scoreOf.get(r.region);
    const sp = prov(s) as { items?: RankRow['items']; dimensions?: RankRow['dimensions'] };
    const required = s?.required as { maxTotal?: number } | null | undefined;
    return {
      region: r.region,
      rank: r.value,
      of: (p.of as number | undefined) ?? null,
      tiedWith: (p.tiedWith as number | undefined) ?? 1,
      group: (p.group as string | null | undefined) ?? null,
      groupRank: (p.groupRank as number | null | undefined) ?? null,
      previousRank: (p.previousRank as number | null | undefined) ?? null,
      change: (p.change as number | null | undefined) ?? null,
      score: s?.value ?? null,
      grade: s?.status ?? '',
      level: (p.level as string | undefined) ?? null,
      items: sp.items ?? [],
      dimensions: sp.dimensions ?? [],
      maxScore: typeof required?.maxTotal === 'number' ? required.maxTotal : null,
    };
  });
}
