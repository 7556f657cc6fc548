/**
 * Maintaining the live results (`dashboard_judgement`, `dashboard_score`) of a province: which
 * frameworks and years are live, the full build, and the incremental refresh of the regions ×
 * indicators a change reaches (plus the levels it re-ranks).
 */
import type { Kysely } from 'kysely';
import type { RegionTree } from '../../core/region/index.js';
import { DashboardRepository, type ScoreRow } from '../../storage/repositories/dashboard.repository.js';
import type { TargetSpec } from '../../core/target/index.js';
import { FrameworkRepository, type StoredFramework } from '../../storage/repositories/framework.repository.js';
import type { TargetListing } from '../../storage/repositories/target.repository.js';
import type { DB } from '../../storage/schema.js';
import type { Catalogue } from './book.js';
import { contextBuilder, frameworkSettings, judgeYear, type FrameworkSettings } from './judge-year.js';

/** How many years (the latest with data and the ones before it) are kept live. */
export const LIVE_YEARS = 2;

/** The live years for a latest data year: `[latest − LIVE_YEARS + 1, …, latest]`. */
export function liveYearsFor(latest: number | null): number[] {
  if (latest === null) return [];
  return Array.from({ length: LIVE_YEARS }, (_, i) => latest - LIVE_YEARS + 1 + i);
}

export interface LiveFramework {
  readonly framework: StoredFramework;
  readonly years: readonly number[];
  readonly settings: FrameworkSettings;
}

/**
 * The frameworks judged live in a province (the highest version of each whose jurisdiction is
 * the province, above it or inside it), with the live years inside each plan's period.
 */
export async function liveFrameworks(db: Kysely<DB>, tree: RegionTree, provinceCode: string, liveYears: readonly number[]): Promise<LiveFramework[]> {
  const all = await new FrameworkRepository(db).listFrameworks();
  const highest = new Map<string, StoredFramework>();
  for (const f of all) if (!highest.has(f.code) || highest.get(f.code)!.version < f.version) highest.set(f.code, f);
  const out: LiveFramework[] = [];
  for (const framework of [...highest.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const j = framework.jurisdiction ?? '000000';
    const applies = j === provinceCode || (tree.has(j) && (tree.isWithin(provinceCode, j) || tree.isWithin(j, provinceCode)));
    if (!applies) continue;
    const years = liveYears.filter((y) => (framework.startYear ?? y) <= y && y <= (framework.endYear ?? y));
    if (years.length === 0) continue;
    out.push({ framework, years, settings: await frameworkSettings(db, framework.code) });
  }
  return out;
}

export interface LiveReport {
  readonly judgements: number;
  readonly scores: number;
  readonly frameworks: readonly string[];
}

/** Judge and score every live framework × year of the province from scratch. */
export async function buildLiveResults(db: Kysely<DB>, catalogue: Catalogue, tree: RegionTree, provinceCode: string, liveYears: readonly number[]): Promise<LiveReport> {
  const repo = new DashboardRepository(db);
  const frameworks = await liveFrameworks(db, tree, provinceCode, liveYears);
  let judgements = 0;
  let scores = 0;
  for (const { framework, years, settings } of frameworks) {
    const context = await contextBuilder(db, catalogue, tree, provinceCode, framework);
    const ranks = new PreviousRanks(repo, provinceCode, framework.code, years);
    for (const year of years) {
      const judged = await judgeYear(db, catalogue, { provinceCode, framework: framework.code, year, settings, context, ...(await ranks.before(year)) });
      ranks.keep(year, judged.scores);
      await repo.replaceJudgements(provinceCode, framework.code, year, judged.judgements);
      await repo.replaceScores(provinceCode, framework.code, year, judged.scores ?? []);
      judgements += judged.judgements.length;
      scores += judged.scores?.length ?? 0;
    }
  }
  await repo.pruneLiveResults(provinceCode, new Map(frameworks.map((f) => [f.framework.code, f.years])));
  return { judgements, scores, frameworks: frameworks.map((f) => f.framework.code) };
}

/**
 * Judge again the `regions` × targets touching `indicators`, for every live year from
 * `fromYear` on (a value of one year is in the series of every later year), and re-score a
 * framework's levels when its scheme reads one of the indicators.
 */
export async function refreshLiveResults(
  db: Kysely<DB>, catalogue: Catalogue, tree: RegionTree, provinceCode: string, liveYears: readonly number[],
  change: { readonly regions: readonly string[]; readonly indicators: readonly string[]; readonly fromYear: number },
): Promise<LiveReport> {
  const repo = new DashboardRepository(db);
  const frameworks = await liveFrameworks(db, tree, provinceCode, liveYears);
  const only = { regions: new Set(change.regions), indicators: new Set(change.indicators) };
  let judgements = 0;
  let scores = 0;
  for (const { framework, years, settings } of frameworks) {
    // Skip a framework none of whose targets (nor its scheme) reads a changed indicator before
    // loading its context: most changes touch one or two plans.
    const context = await contextBuilder(db, catalogue, tree, provinceCode, framework);
    if (!touchesFramework(context(years[0]!).targets, settings, only.indicators)) continue;
    const ranks = new PreviousRanks(repo, provinceCode, framework.code, years);
    for (const year of years.filter((y) => y >= change.fromYear)) {
      const judged = await judgeYear(db, catalogue, { provinceCode, framework: framework.code, year, settings, only, context, ...(await ranks.before(year)) });
      ranks.keep(year, judged.scores);
      if (judged.regions.length > 0) {
        await repo.replaceJudgements(provinceCode, framework.code, year, judged.judgements, { regions: judged.regions, indicators: change.indicators });
      }
      if (judged.scores) await repo.replaceScores(provinceCode, framework.code, year, judged.scores);
      judgements += judged.judgements.length;
      scores += judged.scores?.length ?? 0;
    }
  }
  return { judgements, scores, frameworks: frameworks.map((f) => f.framework.code) };
}

function specParts(spec: TargetSpec): TargetSpec[] {
  return spec.kind === 'all' ? spec.parts.flatMap(specParts) : [spec];
}

/** Whether a target of the framework, or its scheme, reads one of the indicators. */
function touchesFramework(targets: readonly TargetListing[], settings: FrameworkSettings, indicators: ReadonlySet<string>): boolean {
  if (settings.scheme?.dimensions.some((d) => d.items.some((i) => indicators.has(i.indicator ?? i.code)))) return true;
  return targets.some((t) => indicators.has(t.indicator) || specParts(t.spec).some((p) => p.kind === 'proportional' && indicators.has(p.referenceIndicator)));
}

/**
 * Last year's ranks for the rank change: those just scored in this pass, else the stored live
 * scores of a live year (current: a year the change does not reach, or one already redone in
 * this pass); for the first live year none, and `judgeYear` scores the year before itself.
 */
class PreviousRanks {
  private readonly scored = new Map<number, Map<string, Map<string, number>>>();

  constructor(private readonly repo: DashboardRepository, private readonly provinceCode: string, private readonly framework: string, private readonly liveYears: readonly number[]) {}

  keep(year: number, scores: readonly ScoreRow[] | null): void {
    if (scores) this.scored.set(year, byLevel(scores));
  }

  async before(year: number): Promise<{ previousRanks?: ReadonlyMap<string, ReadonlyMap<string, number>> }> {
    const held = this.scored.get(year - 1);
    if (held) return { previousRanks: held };
    if (!this.liveYears.includes(year - 1)) return {};
    const stored = await this.repo.findScores(this.provinceCode, { framework: this.framework, year: year - 1 });
    return stored.length ? { previousRanks: byLevel(stored) } : {};
  }
}

function byLevel(scores: readonly ScoreRow[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of scores) if (s.rank !== null) out.set(s.level, (out.get(s.level) ?? new Map()).set(s.region, s.rank));
  return out;
}
