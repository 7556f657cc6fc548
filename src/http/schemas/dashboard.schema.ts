/**
 * Schemas of /dashboard: the answers behind the overview, map, indicator, region, assessment
 * and index pages (docs/dashboard.md). Every number travels as a `Figure`: value, unit, period,
 * quality (final | synthetic | estimated), status and completeness.
 */
import { Type } from '@sinclair/typebox';
import { RegionCode } from './common.schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Num = Nullable(Type.Number());
const Int = Nullable(Type.Integer());
const Str = Nullable(Type.String());
const Localized = Type.Object({ zh: Type.String(), en: Type.Optional(Type.String()) });
const Open = Type.Unknown();
const PeriodCode = Type.String({ pattern: '^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$', description: 'period code: 2025, 2025H1, 2025Q3, 2025M07' });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const Level = Type.Union([Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county'), Type.Literal('township'), Type.Literal('unit')], { description: 'compare the descendants at this level (default: the children)' });
const PeriodType = Type.Union([Type.Literal('year'), Type.Literal('half_year'), Type.Literal('quarter'), Type.Literal('month')]);
const Year = Type.Integer({ minimum: 1949, maximum: 2100 });

export const Figure = Type.Object({
  value: Num,
  unit: Type.String(),
  period: Type.String(),
  quality: Type.Union([Type.Literal('final'), Type.Literal('synthetic'), Type.Literal('estimated')], { description: 'final data; synthetic: rests on generated demo data; estimated: a projection or imputation' }),
  status: Type.String({ description: 'reported (own figure) | complete | incomplete (below 90% completeness) | missing (no value follows)' }),
  completeness: Num,
});

const RegionRef = Type.Object({ code: Type.String(), name: Localized, level: Type.String() });
const IndicatorRef = Type.Object({ code: Type.String(), name: Localized, unit: Type.String(), polarity: Type.String(), periodType: Type.String() });
const Target = Type.Object({
  milestoneYear: Type.Integer(), value: Num, wording: Type.String({ description: 'the target as the plan words it' }), kind: Type.String(),
  verification: Type.String(), inheritedFrom: Str,
});

// ── map ──────────────────────────────────────────────────────────────────────────────────
export const MapQuery = Type.Object({ indicator: Code, region: RegionCode, period: PeriodCode, framework: Type.Optional(Code), level: Type.Optional(Level) }, { additionalProperties: false });
export const MapView = Type.Object({
  indicator: IndicatorRef, region: RegionRef, period: Type.String(), level: Str, framework: Str,
  items: Type.Array(Type.Object({
    region: RegionRef,
    figure: Nullable(Figure),
    target: Nullable(Type.Object({ ...Target.properties, status: Type.String({ description: 'attained | not_attained | not_evaluable' }), gapAbsolute: Num })),
  })),
  summary: Type.Object({ regions: Type.Integer(), withData: Type.Integer(), min: Num, max: Num, attained: Type.Integer(), notAttained: Type.Integer() }),
});

// ── trend ────────────────────────────────────────────────────────────────────────────────
export const TrendQuery = Type.Object({
  indicator: Code, region: RegionCode, framework: Type.Optional(Code), periodType: Type.Optional(PeriodType),
  from: Type.Optional(Year), to: Type.Optional(Year), year: Type.Optional(Year),
}, { additionalProperties: false });
const YearValue = Type.Object({ year: Type.Integer(), value: Type.Number() });
export const TrendView = Type.Object({
  indicator: IndicatorRef, region: RegionRef, framework: Str, periodType: Type.String(), year: Int,
  actuals: Type.Array(Figure, { description: 'every period of the type from the first to the last value; gaps have value null' }),
  targets: Type.Array(Type.Object({ ...Target.properties, baseline: Nullable(YearValue), attainment: Type.String(), path: Type.Array(YearValue, { description: 'expected straight path from the baseline to the target' }) })),
  progress: Type.Array(Type.Object({ milestoneYear: Type.Integer(), method: Type.String(), status: Type.String(), label: Open })),
  warnings: Type.Array(Type.Object({ milestoneYear: Type.Integer(), checkpoint: Type.String(), level: Type.String(), label: Open, reasons: Open })),
  projection: Nullable(Type.Object({
    checkpoint: Type.String(), milestoneYear: Type.Integer(), confidence: Type.Number(), meetsMilestone: Nullable(Type.Boolean()),
    points: Type.Array(Type.Object({ year: Type.Integer(), value: Type.Number(), lower: Num, upper: Num, quality: Type.Literal('estimated') })),
  })),
});

// ── scorecard ────────────────────────────────────────────────────────────────────────────
export const ScorecardQuery = Type.Object({ framework: Code, region: RegionCode, period: PeriodCode }, { additionalProperties: false });
const Progress = Type.Object({ method: Type.String(), status: Type.String(), label: Open, rank: Int, lagging: Type.Boolean() });
const Warning = Type.Object({ checkpoint: Type.String(), level: Type.String(), label: Open });
export const ScorecardView = Type.Object({
  framework: Type.Object({ code: Type.String(), version: Type.Integer(), name: Localized }),
  region: RegionRef, period: Type.String(),
  headline: Type.Object({
    indicators: Type.Integer(), withData: Type.Integer(), attained: Type.Integer(), notAttained: Type.Integer(), notEvaluable: Type.Integer(),
    lagging: Type.Integer(), onTrack: Type.Integer(), alerts: Type.Integer(), completeness: Num, synthetic: Type.Boolean(),
    score: Nullable(Type.Object({ value: Type.Number(), max: Type.Number(), grade: Type.String(), gradeLabel: Open, rank: Int, of: Type.Integer(), change: Int, movement: Type.String() })),
  }),
  items: Type.Array(Type.Object({
    indicator: IndicatorRef, label: Str, group: Nullable(Type.Object({ code: Type.String(), name: Localized })), nature: Str,
    latest: Nullable(Figure), target: Nullable(Target),
    attainment: Nullable(Type.Object({ status: Type.String(), value: Num, valueYear: Int, gapAbsolute: Num, gapPercent: Num, interim: Nullable(Type.Boolean()) })),
    progress: Type.Array(Progress), warning: Nullable(Warning), sparkline: Type.Array(Figure), completeness: Num,
  })),
  warnings: Type.Object({
    indicators: Type.Array(Type.Object({ indicator: Type.String(), name: Localized, progress: Nullable(Progress), warning: Nullable(Warning) })),
    regions: Type.Array(Type.Object({ region: RegionRef, lagging: Type.Integer(), alerts: Type.Integer(), indicators: Type.Array(Type.String()) })),
  }),
});

// ── ranking ──────────────────────────────────────────────────────────────────────────────
export const RankingQuery = Type.Object({
  region: RegionCode, by: Type.Union([Type.Literal('score'), Type.Literal('indicator')], { default: 'indicator' }), period: PeriodCode,
  framework: Type.Optional(Code), indicator: Type.Optional(Code), level: Type.Optional(Level),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'rows per page (default 100); ranks are computed over all units' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'rows to skip (default 0)' })),
}, { additionalProperties: false });
export const RankingView = Type.Object({
  region: RegionRef, by: Type.String(), period: Type.String(), level: Str, framework: Str, indicator: Nullable(IndicatorRef),
  scheme: Nullable(Type.Object({ code: Type.String(), name: Localized, demonstration: Type.Boolean() })),
  total: Type.Integer({ description: 'rows the reader may see in the whole ranking (items is one page of them)' }),
  offset: Type.Integer(), limit: Type.Integer(),
  items: Type.Array(Type.Object({
    region: RegionRef, rank: Int, tiedWith: Type.Integer(), value: Num, figure: Nullable(Figure), grade: Str, maxScore: Num,
    peerGroup: Nullable(RegionRef), groupRank: Int, groupSize: Int, previousRank: Int, change: Int,
    movement: Type.String({ description: 'up | down | same | new | unranked' }),
  })),
});

// ── index ────────────────────────────────────────────────────────────────────────────────
export const IndexQuery = Type.Object({ framework: Code, region: RegionCode, from: PeriodCode, to: PeriodCode, level: Type.Optional(Level) }, { additionalProperties: false });
export const IndexView = Type.Object({
  index: Type.Object({ id: Type.String(), name: Localized, demonstration: Type.Boolean(), method: Type.String() }),
  framework: Type.String(), region: RegionRef, level: Str,
  nodes: Type.Array(Type.Object({ code: Type.String(), name: Open, parent: Str })),
  periods: Type.Array(Type.Object({
    period: Type.String(),
    units: Type.Array(Type.Object({
      region: RegionRef, value: Num, rank: Int, subIndices: Type.Record(Type.String(), Num), imputed: Type.Integer(),
      interval: Nullable(Type.Object({ p05: Num, median: Num, p95: Num }, { description: 'rank interval from the Monte Carlo sensitivity analysis' })),
      quality: Type.Union([Type.Literal('final'), Type.Literal('estimated')], { description: 'estimated when an indicator value was imputed' }),
    })),
    methodVersion: Type.Optional(Type.String()), effectiveWeights: Type.Optional(Type.Record(Type.String(), Type.Number())),
    warnings: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))), note: Type.Optional(Type.String()),
  })),
});
