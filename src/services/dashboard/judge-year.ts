/**
 * Live results of one framework × year in one province: every applicable target judged with the
 * evaluation service's own `judgeTarget` (attainment, progress by each selected method,
 * checkpoint warning) and, with a scheme, every level scored and ranked with `scoreAndRank` —
 * the very functions an evaluation run uses, so a live figure and a run's figure over the same
 * data are the same figure. Only the storage differs: these rows follow the data.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_COMPLETENESS_THRESHOLD } from '../../core/aggregation/index.js';
import { getProgressMethod } from '../../core/progress/index.js';
import { parseScheme, type Scheme } from '../../core/scoring/index.js';
import type { TargetSpec, TargetTest } from '../../core/target/index.js';
import { resolveCheckpointParams } from '../../core/warning/index.js';
import { periodEnd, periodStart, parsePeriod } from '../../core/period/index.js';
import { REGION_LEVEL_RANK, type Region, type RegionTree } from '../../core/region/index.js';
import { loadContext, type EvaluationContext } from '../evaluation/context.js';
import { FrameworkRepository, type StoredFramework } from '../../storage/repositories/framework.repository.js';
import { TargetRepository } from '../../storage/repositories/target.repository.js';
import { thresholdOf } from '../../core/target/index.js';
import { judgeTarget, type ProgressSelection, type ResultDraft } from '../evaluation/judge.js';
import { DEFAULT_PROGRESS_METHODS, SERIES_YEARS, type MethodChoice } from '../evaluation/run.service.js';
import { scoreAndRank } from '../evaluation/scoring.js';
import { applicableTargets } from '../evaluation/targets.js';
import type { JudgementRow, ScoreRow } from '../../storage/repositories/dashboard.repository.js';
import { EvaluationRepository } from '../../storage/repositories/evaluation.repository.js';
import { RegionRepository } from '../../storage/repositories/region.repository.js';
import type { DB } from '../../storage/schema.js';
import { elementsOf, loadBook, type Catalogue } from './book.js';

/** A framework's evaluation settings (its profile, else the defaults a run uses). */
export interface FrameworkSettings {
  readonly methods: readonly ProgressSelection[];
  readonly inherit: boolean;
  readonly checkpoint: ReturnType<typeof resolveCheckpointParams>;
  readonly scheme: Scheme | undefined;
}

export async function frameworkSettings(db: Kysely<DB>, framework: string): Promise<FrameworkSettings> {
  const profile = await new EvaluationRepository(db).getProfile(framework);
  const choices: readonly MethodChoice[] = profile?.methods?.length ? profile.methods : DEFAULT_PROGRESS_METHODS;
  const methods = choices.map((c) => {
    const method = getProgressMethod(typeof c === 'string' ? c : c.name);
    return { name: method.name, version: method.version, params: method.resolveParams(typeof c === 'string' ? {} : (c.params ?? {})) as Record<string, unknown> };
  });
  const scheme = profile?.scheme === undefined || profile.scheme === null ? undefined : parseScheme(profile.scheme);
  const options = profile?.options ?? {};
  return { methods, inherit: (options.inheritTargets as boolean | undefined) ?? true, checkpoint: resolveCheckpointParams((options.checkpoint as Record<string, unknown> | undefined) ?? {}), scheme };
}

export interface JudgeYearInput {
  readonly provinceCode: string;
  readonly framework: string;
  readonly year: number;
  readonly settings: FrameworkSettings;
  /** Judge only these regions × targets touching these indicators (default: everything). */
  readonly only?: { readonly regions?: ReadonlySet<string>; readonly indicators?: ReadonlySet<string> };
  /** Re-score the levels (default: when the scheme reads an indicator of `only`, or always without `only`). */
  readonly score?: boolean;
  /** Last year's ranks by level (the rank change), when the caller holds them; else scored from the data. */
  readonly previousRanks?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The evaluation context of a year, when the caller already holds the framework's parts (see `contextBuilder`). */
  readonly context?: (year: number) => EvaluationContext;
}

/**
 * What `loadContext` returns, for any year, from parts read once: the refresh judges several
 * years of several frameworks and must not compile the catalogue and read the targets each time.
 * Mirrors `loadContext` (services/evaluation/context.ts): the scope is the province and every
 * region below it down to county level in force during the year, parents first.
 */
export async function contextBuilder(db: Kysely<DB>, catalogue: Catalogue, tree: RegionTree, provinceCode: string, framework: StoredFramework): Promise<(year: number) => EvaluationContext> {
  const repo = new FrameworkRepository(db);
  const ref = { code: framework.code, version: framework.version };
  const frameworkIndicators = await repo.listFrameworkIndicators(ref);
  const targets = await new TargetRepository(db).list({ framework: ref });
  const root = tree.require(provinceCode);
  return (year: number) => {
    const period = parsePeriod(String(year));
    const [start, end] = [periodStart(period), periodEnd(period)];
    const inForce = (r: Region) => tree.activeDuring(r.code, start, end) && !r.statisticalOnly && REGION_LEVEL_RANK[r.level] <= REGION_LEVEL_RANK.county;
    const regions = [root, ...tree.descendants(root.code).filter(inForce)].filter(inForce);
    regions.sort((a, b) => REGION_LEVEL_RANK[a.level] - REGION_LEVEL_RANK[b.level] || (a.code < b.code ? -1 : 1));
    return { framework, frameworkIndicators, targets, provinceCode, tree, root, regions, year, elements: catalogue.elements, indicators: catalogue.indicators, compiled: catalogue.compiled };
  };
}

export interface JudgedYear {
  readonly judgements: JudgementRow[];
  /** Null: scores were not recomputed (no scheme, or no scheme item touched). */
  readonly scores: ScoreRow[] | null;
  readonly regions: readonly string[];
}

function specParts(spec: TargetSpec): TargetSpec[] {
  return spec.kind === 'all' ? spec.parts.flatMap(specParts) : [spec];
}

const schemeIndicators = (scheme: Scheme): string[] => scheme.dimensions.flatMap((d) => d.items.map((i) => i.indicator ?? i.code));

/** Judge (and score) one framework × year; reads the aggregates it needs, writes nothing. */
export async function judgeYear(db: Kysely<DB>, catalogue: Catalogue, input: JudgeYearInput): Promise<JudgedYear> {
  const { settings, year } = input;
  const scheme = settings.scheme;
  const extra = scheme ? schemeIndicators(scheme) : [];
  const ctx = input.context ? input.context(year) : await loadContext(db, { framework: input.framework, region: input.provinceCode, year, extraIndicators: extra });
  const wanted = input.only?.indicators;
  const touches = (t: EvaluationContext['targets'][number]) =>
    !wanted || wanted.has(t.indicator) || specParts(t.spec).some((p) => p.kind === 'proportional' && wanted.has(p.referenceIndicator));
  const targets = ctx.targets.filter(touches);
  const rescore = scheme !== undefined && (input.score ?? (!wanted || extra.some((i) => wanted.has(i))));
  if (targets.length === 0 && !rescore) return { judgements: [], scores: null, regions: [] };

  // What the judged targets (and the scheme) read, over the series years and this year's checkpoints.
  const indicatorCodes = new Set<string>(targets.map((t) => t.indicator));
  for (const t of targets) for (const p of specParts(t.spec)) if (p.kind === 'proportional') indicatorCodes.add(p.referenceIndicator);
  if (rescore) for (const i of extra) indicatorCodes.add(i);
  const firstYear = Math.min(year - SERIES_YEARS, ...ctx.targets.map((t) => t.baseline?.year ?? year));
  const periods: string[] = [];
  for (let y = firstYear; y <= year; y++) periods.push(String(y));
  periods.push(...['H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'].map((s) => `${year}${s}`));
  const benchmarks = new Set<string>();
  for (const t of targets) for (const p of specParts(t.spec)) if (p.kind === 'benchmark' && p.benchmarkRegion) benchmarks.add(p.benchmarkRegion);
  const scope = ctx.regions.map((r) => r.code);
  const judged = ctx.regions.filter((r) => !input.only?.regions || input.only.regions.has(r.code));
  // A judged region's targets read its own series — a coverage target also its sub-units', and
  // scores read every region: two books when the judged regions are few (an incremental
  // refresh), one when they are all (a build).
  const coverage = targets.some((t) => specParts(t.spec).some((p) => p.kind === 'coverage'));
  const judgeRegions = !input.only?.regions || coverage ? scope : [...new Set([...judged.map((r) => r.code), ...[...benchmarks].filter((b) => scope.includes(b))])];
  const regionRepo = new RegionRepository(db);
  const outside: { code: string; provinceCode: string }[] = [];
  for (const code of [...benchmarks].filter((b) => !scope.includes(b)).sort()) {
    const region = await regionRepo.get(code);
    if (region) outside.push({ code, provinceCode: region.provinceCode });
  }
  const codesOf = (indicators: Iterable<string>) => [...new Set([...indicators].flatMap((i) => elementsOf(catalogue, i)))];
  const shared = rescore && judgeRegions.length === scope.length;
  const judgeCodes = shared ? indicatorCodes : new Set([...indicatorCodes].filter((i) => targets.some((t) => t.indicator === i || specParts(t.spec).some((p) => p.kind === 'proportional' && p.referenceIndicator === i))));
  const { book } = await loadBook(db, catalogue, { provinceCode: input.provinceCode, tree: ctx.tree, elementCodes: codesOf(judgeCodes), regions: judgeRegions, periods, benchmarks: outside });
  const scoreBook = !rescore || shared ? book
    : (await loadBook(db, catalogue, { provinceCode: input.provinceCode, tree: ctx.tree, elementCodes: codesOf(extra), regions: scope, periods: [year - 2, year - 1, year].map(String) })).book;

  const judgements: JudgementRow[] = [];
  const judge = { book, tree: ctx.tree, year, firstYear, methods: settings.methods, checkpoint: settings.checkpoint, completenessThreshold: DEFAULT_COMPLETENESS_THRESHOLD };
  for (const region of judged) {
    for (const applicable of applicableTargets(ctx.targets, region.code, ctx.tree, settings.inherit)) {
      if (!touches(applicable.target)) continue;
      const indicator = ctx.indicators.get(applicable.target.indicator);
      if (!indicator) continue;
      for (const draft of judgeTarget(judge, region, applicable, indicator)) {
        judgements.push(toJudgement(draft, input.provinceCode, input.framework, year));
      }
    }
  }
  let scores: ScoreRow[] | null = null;
  if (rescore && scheme) {
    // Last year's ranks (the rank change): given by the caller, or scored now from the same data.
    const base = { book: scoreBook, firstYear, regions: ctx.regions };
    let previous = input.previousRanks;
    if (!previous) {
      const computed = new Map<string, Map<string, number>>();
      for (const row of scoreAndRank({ ...base, year: year - 1, previousRanks: new Map() }, scheme).rows) {
        if (row.kind !== 'rank' || row.value === null) continue;
        const level = (row.provenance as { level: string }).level;
        computed.set(level, (computed.get(level) ?? new Map()).set(row.region, row.value));
      }
      previous = computed;
    }
    scores = toScores(scoreAndRank({ ...base, year, previousRanks: previous }, scheme).rows, input.provinceCode, input.framework, year, scheme.code);
  }
  return { judgements, scores, regions: judged.map((r) => r.code) };
}

interface TargetProvenance {
  readonly id: number;
  readonly wording: string;
  readonly spec: TargetSpec;
  readonly verification: string;
  readonly scope: unknown;
  readonly inheritedFrom?: string;
}

function targetSummary(t: TargetProvenance) {
  return { id: t.id, wording: t.wording, kind: t.spec.kind, verification: t.verification, scope: t.scope, inheritedFrom: t.inheritedFrom ?? null };
}

/** A judge draft as a live row, keeping what the dashboards show (runs keep the full provenance). */
export function toJudgement(d: ResultDraft, provinceCode: string, framework: string, year: number): JudgementRow {
  const p = d.provenance as Record<string, unknown> & { target: TargetProvenance };
  const base = {
    provinceCode, framework, year, region: d.region, indicator: d.indicator!, milestoneYear: d.milestoneYear!, method: d.method, period: d.period,
    status: d.status, value: d.value, gapAbsolute: d.gapAbsolute, gapPercent: d.gapPercent,
  };
  const target = targetSummary(p.target);
  if (d.kind === 'attainment') {
    const test = d.required as TargetTest | null;
    return {
      ...base, kind: 'attainment', targetValue: test ? thresholdOf(p.target.spec, test) : null,
      detail: { target, explanation: test?.explanation ?? null, interim: p.interim ?? null, valueYear: p.valueYear ?? null, baseline: p.baseline ?? null, reason: p.reason ?? null, error: p.error ?? null },
    };
  }
  if (d.kind === 'progress') {
    const required = d.required as { target: { t: number; value: number } | null } | null;
    return {
      ...base, kind: 'progress', targetValue: required?.target?.value ?? null,
      detail: { target, label: p.label ?? null, rank: p.rank ?? null, score: p.score ?? null, variant: p.variant ?? null, reason: p.reason ?? null, error: p.error ?? null },
    };
  }
  const required = d.required as { milestone?: { t: number; value: number }; annualTarget?: number; requiredAnnualChange?: number | null } | null;
  const ytd = p.ytd as { actual: number; expected: number; gapShare: number } | null | undefined;
  return {
    ...base, kind: 'warning', targetValue: required?.milestone?.value ?? null,
    detail: {
      target, label: p.label ?? null, reasons: p.reasons ?? [], projection: p.projection ?? null, annualTarget: required?.annualTarget ?? null,
      requiredAnnualChange: required?.requiredAnnualChange ?? null, ytd: ytd ? { actual: ytd.actual, expected: ytd.expected, gapShare: ytd.gapShare } : null, error: p.error ?? null,
    },
  };
}

/** Score and rank drafts (one of each per region) as live score rows. */
function toScores(drafts: readonly ResultDraft[], provinceCode: string, framework: string, year: number, scheme: string): ScoreRow[] {
  const ranks = new Map(drafts.filter((d) => d.kind === 'rank').map((d) => [d.region, d]));
  return drafts.filter((d) => d.kind === 'score').map((s) => {
    const sp = s.provenance as Record<string, unknown> & { level: string };
    const rank = ranks.get(s.region);
    const rp = (rank?.provenance ?? {}) as { tiedWith?: number; group?: string | null; groupRank?: number | null; groupSize?: number | null; previousRank?: number | null; change?: number | null };
    return {
      provinceCode, framework, year, region: s.region, scheme, level: sp.level, score: s.value ?? 0, maxScore: (s.required as { maxTotal: number }).maxTotal,
      grade: s.status, rank: rank?.value ?? null, tiedWith: rp.tiedWith ?? 1, peerGroup: rp.group ?? null, groupRank: rp.groupRank ?? null,
      groupSize: rp.groupSize ?? null, previousRank: rp.previousRank ?? null, rankChange: rp.change ?? null, movement: rank?.status ?? 'unranked',
      detail: { gradeLabel: sp.gradeLabel ?? null, dimensions: sp.dimensions ?? [], items: sp.items ?? [], vetoed: sp.vetoed ?? false, notes: sp.notes ?? [] },
    };
  });
}
