/**
 * Benchmark profiles (issue 6): which regions, data elements and periods the seeded generator
 * produces, and how each series behaves (level per 1,000 population, yearly trend, seasonality,
 * noise). The 16 real catalogue elements keep the product's indicators (IMR, beds per 1,000…)
 * computable; the `BENCH_*` elements fill the volume of "a few hundred data elements" and are
 * registered in the database by the runner (`benchDataElements`).
 *
 * Sizes (generated rows, before the ~3 % left out as missing):
 * - province: Hebei, 167 counties × (102 monthly × 120 months + 12 annual × 10 years)
 *   + 2,282 townships × 1 monthly × 120 = 2,064,120 + 273,840 = 2,337,960;
 * - nation: 2,851 counties × 12,360 + 40,918 townships × 120
 *   = 35,238,360 + 4,910,160 = 40,148,520.
 */
import type { DataElement } from '../src/core/indicator/index.js';
import { hash32, Rng } from '../src/content/random.js';

export type ProfileName = 'province' | 'nation';

export interface ProfileSpec {
  readonly name: ProfileName;
  /** Province codes whose counties and townships get data; `null` = every province. */
  readonly provinces: readonly string[] | null;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Monthly county elements (4 real + the rest BENCH_Mnnn). */
  readonly monthlyCountyElements: number;
  readonly townshipElements: number;
  readonly seed: number;
}

export const PROFILES: Record<ProfileName, ProfileSpec> = {
  province: { name: 'province', provinces: ['130000'], firstYear: 2016, lastYear: 2025, monthlyCountyElements: 102, townshipElements: 1, seed: 6 },
  nation: { name: 'nation', provinces: null, firstYear: 2016, lastYear: 2025, monthlyCountyElements: 102, townshipElements: 1, seed: 6 },
};

/** How a series is drawn. Values at year y: base × (1 + trend)^(y − 2021) × season × noise. */
export interface SeriesSpec {
  readonly code: string;
  readonly level: 'county' | 'township';
  readonly periodType: 'year' | 'month';
  /** count: per-1,000-population rate per year, rounded; stock: year-end count per 1,000; level: the value itself; flag: 0/1 */
  readonly kind: 'count' | 'stock' | 'level' | 'flag' | 'population';
  readonly base: number;
  readonly trend: number;
  /** Month weights averaging 1 (monthly elements only). */
  readonly season?: readonly number[];
  readonly noise: number;
}

const BIRTH_SEASON = [0.97, 0.9, 0.95, 0.96, 0.98, 1.0, 1.03, 1.06, 1.1, 1.1, 1.0, 0.95];
const WINTER_SEASON = [1.15, 1.1, 1.05, 0.98, 0.93, 0.9, 0.9, 0.92, 0.95, 1.0, 1.05, 1.12];
const VISIT_SEASON = [1.05, 0.8, 1.02, 1.0, 0.98, 0.97, 0.98, 0.97, 1.0, 0.98, 1.05, 1.1];
const VACCINE_SEASON = [0.95, 0.75, 1.0, 1.05, 1.05, 1.0, 0.95, 1.0, 1.25, 1.05, 1.0, 0.95];

/** The real annual county elements (content/indicators.yaml), with plausible national levels. */
const REAL_ANNUAL: readonly SeriesSpec[] = [
  { code: 'POP', level: 'county', periodType: 'year', kind: 'population', base: 0, trend: -0.002, noise: 0.002 },
  { code: 'LIVE_BIRTHS', level: 'county', periodType: 'year', kind: 'count', base: 7.5, trend: -0.07, noise: 0.06 },
  { code: 'INFANT_DEATHS', level: 'county', periodType: 'year', kind: 'count', base: 0.027, trend: -0.1, noise: 0.15 },
  { code: 'UNDER5_DEATHS', level: 'county', periodType: 'year', kind: 'count', base: 0.037, trend: -0.1, noise: 0.15 },
  { code: 'MATERNAL_DEATHS', level: 'county', periodType: 'year', kind: 'count', base: 0.0012, trend: -0.1, noise: 0.3 },
  { code: 'CVD_DEATHS', level: 'county', periodType: 'year', kind: 'count', base: 2.7, trend: -0.02, noise: 0.05 },
  { code: 'BEDS', level: 'county', periodType: 'year', kind: 'stock', base: 6.7, trend: 0.035, noise: 0.03 },
  { code: 'DOCTORS', level: 'county', periodType: 'year', kind: 'stock', base: 3.0, trend: 0.03, noise: 0.03 },
  { code: 'NURSES', level: 'county', periodType: 'year', kind: 'stock', base: 3.4, trend: 0.05, noise: 0.03 },
  { code: 'CHILDCARE_PLACES', level: 'county', periodType: 'year', kind: 'stock', base: 2.0, trend: 0.2, noise: 0.08 },
  { code: 'HEALTHY_COUNTY', level: 'county', periodType: 'year', kind: 'flag', base: 0, trend: 0, noise: 0 },
  { code: 'LE_VALUE', level: 'county', periodType: 'year', kind: 'level', base: 78, trend: 0.003, noise: 0.002 },
];

const REAL_MONTHLY: readonly SeriesSpec[] = [
  { code: 'LIVE_BIRTHS_MONTHLY', level: 'county', periodType: 'month', kind: 'count', base: 7.5, trend: -0.07, season: BIRTH_SEASON, noise: 0.08 },
  { code: 'INFANT_DEATHS_MONTHLY', level: 'county', periodType: 'month', kind: 'count', base: 0.027, trend: -0.1, season: WINTER_SEASON, noise: 0.2 },
  { code: 'OUTPATIENT_VISITS', level: 'county', periodType: 'month', kind: 'count', base: 5500, trend: 0.03, season: VISIT_SEASON, noise: 0.05 },
  { code: 'VACCINE_DOSES', level: 'county', periodType: 'month', kind: 'count', base: 25, trend: -0.03, season: VACCINE_SEASON, noise: 0.06 },
];

/** A seasonal profile 1 + a·cos(2π(m − φ)/12), drawn from the element code. */
function drawnSeason(rng: Rng): number[] {
  const amplitude = rng.next() * 0.3;
  const phase = rng.next() * 12;
  return Array.from({ length: 12 }, (_, m) => 1 + amplitude * Math.cos((2 * Math.PI * (m - phase)) / 12));
}

function benchSeries(code: string, level: SeriesSpec['level'], seed: number): SeriesSpec {
  const rng = Rng.for(seed, `element|${code}`);
  return {
    code, level, periodType: 'month', kind: 'count',
    base: Math.round(rng.logNormal(150, 1.2) * 100) / 100, trend: rng.normal(0.02, 0.03), season: drawnSeason(rng), noise: 0.05 + rng.next() * 0.1,
  };
}

export const benchCode = (kind: 'M' | 'T', n: number) => `BENCH_${kind}${String(n).padStart(3, '0')}`;

/** Every series of a profile, in emission order (annual first, then monthly; townships last). */
export function seriesOf(profile: ProfileSpec): { county: SeriesSpec[]; township: SeriesSpec[] } {
  const county = [...REAL_ANNUAL, ...REAL_MONTHLY];
  for (let n = 1; county.length < REAL_ANNUAL.length + profile.monthlyCountyElements; n++) county.push(benchSeries(benchCode('M', n), 'county', profile.seed));
  const township = Array.from({ length: profile.townshipElements }, (_, i) => benchSeries(benchCode('T', i + 1), 'township', profile.seed));
  return { county, township };
}

/** Data-element definitions of the BENCH_* series, to register before importing. */
export function benchDataElements(profile: ProfileSpec): DataElement[] {
  const { county, township } = seriesOf(profile);
  return [...county, ...township]
    .filter((s) => s.code.startsWith('BENCH_'))
    .map((s) => ({
      code: s.code,
      name: { zh: `基准测试数据元 ${s.code.slice(6)}（${s.level === 'county' ? '县' : '乡镇'}，月报）`, en: `Benchmark element ${s.code.slice(6)} (${s.level}, monthly)` },
      unit: '人次',
      aggregation: 'sum',
      periodType: 'month',
      source: 'bench/generate.ts (synthetic)',
    }));
}

/** A stable per-key uniform in [0,1) without allocating an Rng. */
export const unit = (seed: number, key: string) => hash32(key, seed) / 4294967296;
