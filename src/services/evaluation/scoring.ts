/**
 * Scores, grades, rankings and index values of a run, when a scheme or an index definition is
 * given: regions are scored and ranked within their level (counties also within their
 * prefecture as peer group), with the rank change from the previous year's run.
 */
import { COMPOSITE_METHOD, COMPOSITE_METHOD_VERSION, computeIndexForPeriod, type IndexConfig, type Observation } from '../../core/composite/index.js';
import { isVitalsError } from '../../core/errors.js';
import { buildRankingTable } from '../../core/ranking/index.js';
import type { Region } from '../../core/region/index.js';
import { inputsFromObservations, scoreRegions, SCORING_METHOD_VERSION, type ObservationRow, type Scheme } from '../../core/scoring/index.js';
import type { ResultDraft } from './judge.js';
import type { SharedValues } from './provenance-codec.js';
import type { ValueBook } from './values.js';

export interface ScoringContext {
  readonly book: ValueBook;
  readonly year: number;
  readonly firstYear: number;
  /** Regions in scope, parents first; the root (first) is not scored against itself. */
  readonly regions: readonly Region[];
  /** Last year's ranks by level, from the previous year's run (rank change). */
  readonly previousRanks: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Values many rows repeat (an item without data scores the same everywhere), stored once per run. */
  readonly shared?: SharedValues;
}

/** Scoring is per level; the scope root ranks alone and is left out. */
export function levelsBelowRoot(regions: readonly Region[]): Map<string, Region[]> {
  const out = new Map<string, Region[]>();
  for (const r of regions.slice(1)) out.set(r.level, [...(out.get(r.level) ?? []), r]);
  return out;
}

function schemeIndicators(scheme: Scheme): string[] {
  return scheme.dimensions.flatMap((d) => d.items.map((i) => i.indicator ?? i.code));
}

/** Score, grade and rank every level below the root with `scheme`. */
export function scoreAndRank(ctx: ScoringContext, scheme: Scheme): { rows: ResultDraft[]; notes: string[] } {
  const rows: ResultDraft[] = [];
  const notes: string[] = [];
  const indicators = [...new Set(schemeIndicators(scheme))];
  const intern = (value: unknown): unknown => (ctx.shared ? ctx.shared.intern(value) : value);
  for (const [level, regions] of levelsBelowRoot(ctx.regions)) {
    const observations: ObservationRow[] = [];
    for (const r of regions) {
      for (const indicator of indicators) {
        for (const year of [ctx.year - 1, ctx.year]) {
          const value = ctx.book.indicator(indicator, r.code, String(year)).value;
          if (value !== null) observations.push({ region: r.code, indicator, period: String(year), value: String(value) });
        }
      }
    }
    if (observations.length === 0) {
      notes.push(`no ${level} has a value for any item of scheme ${scheme.code}`);
      continue;
    }
    const scores = scoreRegions(scheme, inputsFromObservations(observations, scheme, String(ctx.year), `${level} values`));
    const parents = new Map(regions.map((r) => [r.code, r.parentCode]));
    const table = buildRankingTable(
      scores.map((s) => ({ code: s.region, score: s.total, group: level === 'county' ? (parents.get(s.region) ?? null) : null })),
      { previousRanks: ctx.previousRanks.get(level) ?? new Map() },
    );
    const byRegion = new Map(scores.map((s) => [s.region, s]));
    for (const row of table.rows) {
      const s = byRegion.get(row.code)!;
      rows.push({
        region: s.region, indicator: null, milestoneYear: null, period: String(ctx.year), kind: 'score', method: s.provenance.method,
        status: s.grade, value: s.total, required: { maxTotal: s.maxTotal }, gapAbsolute: s.maxTotal - s.total, gapPercent: null,
        provenance: {
          methodVersion: s.provenance.methodVersion, params: intern(s.provenance.params), level, gradeLabel: intern(s.gradeLabel), base: s.base, bonus: s.bonus,
          bonusBeforeCap: s.bonusBeforeCap, deductions: s.deductions, vetoed: s.vetoed, vetoItems: s.vetoItems, flags: intern(s.flags), notes: s.notes,
          dimensions: s.dimensions.map(intern),
          // An item without data reads the same in every region: stored once.
          items: s.items.map((i) => {
            const item = { item: i.item, dimension: i.dimension, indicator: i.indicator ?? null, rule: i.rule, category: i.category, earned: i.earned, max: i.max, points: i.points, used: i.used, why: i.why, missing: i.missing, vetoTriggered: i.vetoTriggered };
            return i.missing ? intern(item) : item;
          }),
          inputs: s.provenance.inputs,
        },
      });
      rows.push({
        region: row.code, indicator: null, milestoneYear: null, period: String(ctx.year), kind: 'rank', method: table.provenance.method,
        status: row.movement, value: row.rank, required: null, gapAbsolute: null, gapPercent: null,
        provenance: { ...table.provenance, level, scheme: scheme.code, score: row.score, comparedScore: row.comparedScore, tiedWith: row.tiedWith, group: row.group, groupRank: row.groupRank, groupSize: row.groupSize, previousRank: row.previousRank, change: row.change, of: table.rows.length },
      });
    }
  }
  return { rows, notes };
}

/** The method record of a scheme (for the run's method list). */
export function schemeMethod(scheme: Scheme) {
  return { kind: 'scoring', name: `scoring.scheme/${scheme.code}`, version: SCORING_METHOD_VERSION, params: { schemeVersion: scheme.version, demonstration: scheme.demonstration ?? false } };
}

/** Index values for the regions of `level` (default: the first level below the root). */
export function indexValues(ctx: ScoringContext, config: IndexConfig, level?: string): { rows: ResultDraft[]; notes: string[] } {
  const levels = levelsBelowRoot(ctx.regions);
  const chosen = level ?? [...levels.keys()][0];
  const units = chosen ? (levels.get(chosen) ?? []) : [];
  if (units.length === 0) return { rows: [], notes: [`no regions at level ${chosen ?? '(none)'} for index ${config.id}`] };
  const observations: Observation[] = [];
  for (const unit of units) {
    for (const spec of config.indicators) {
      for (let year = ctx.firstYear; year <= ctx.year; year++) {
        const value = ctx.book.indicator(spec.code, unit.code, String(year)).value;
        if (value !== null) observations.push({ unit: unit.code, indicator: spec.code, period: String(year), value });
      }
    }
  }
  if (!observations.some((o) => o.period === String(ctx.year))) return { rows: [], notes: [`index ${config.id}: no ${chosen} has a value in ${ctx.year}`] };
  try {
    const result = computeIndexForPeriod(config, observations, String(ctx.year));
    const root = config.structure.code;
    const rows = result.scores.filter((s) => s.node === root).map((s): ResultDraft => ({
      region: s.unit, indicator: null, milestoneYear: null, period: String(ctx.year), kind: 'index', method: COMPOSITE_METHOD,
      status: s.value === null ? 'missing' : 'computed', value: s.value, required: null, gapAbsolute: null, gapPercent: null,
      provenance: {
        methodVersion: result.methodVersion, index: result.index, demonstration: result.demonstration, level: chosen, rank: s.rank,
        nodes: result.scores.filter((n) => n.unit === s.unit), indicators: result.indicators.filter((i) => i.unit === s.unit),
        effectiveWeights: result.effectiveWeights, warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
      },
    }));
    return { rows, notes: [] };
  } catch (error) {
    if (!isVitalsError(error)) throw error;
    return { rows: [], notes: [`index ${config.id}: ${error.message}`] };
  }
}

export function indexMethod(config: IndexConfig) {
  return { kind: 'index', name: `${COMPOSITE_METHOD}/${config.id}`, version: COMPOSITE_METHOD_VERSION, params: { demonstration: config.demonstration ?? false } };
}
