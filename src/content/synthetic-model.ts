/**
 * The recipe of the synthetic Hebei dataset: province-wide paths per year (plausible levels
 * moving towards the Healthy Hebei 2025/2027 targets) and per-county profiles that spread the
 * counties around them. Figures are invented for demonstration, not estimates of Hebei.
 */
import type { Region } from '../core/region/index.js';
import { Rng } from './random.js';

export const SYNTHETIC_YEARS: readonly number[] = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

/** Province-wide path per year (index 0 = 2019). Rates per the unit in the comment. */
export const PATHS = {
  birthRate: [10.8, 8.2, 7.2, 6.1, 5.9, 5.8, 5.6], // live births per 1,000 population
  imr: [3.9, 3.7, 3.5, 3.3, 3.2, 3.1, 3.0], // infant deaths per 1,000 live births
  childDeathsOver1: [1.4, 1.3, 1.3, 1.2, 1.2, 1.1, 1.1], // deaths aged 1–4 per 1,000 live births
  mmr: [11, 10.5, 10, 9.5, 9, 8.8, 8.5], // maternal deaths per 100,000 live births
  cvd: [285, 280, 272, 266, 259, 252, 246], // CVD deaths per 100,000 (target ≤ 237 by 2027)
  beds: [5.9, 6.1, 6.3, 6.6, 6.9, 7.2, 7.45], // per 1,000 (target 7.5 in 2025)
  doctors: [3.0, 3.1, 3.2, 3.3, 3.38, 3.45, 3.52], // per 1,000 (target 3.5)
  nurses: [2.6, 2.75, 2.95, 3.15, 3.35, 3.55, 3.72], // per 1,000 (target 3.8: just short)
  childcare: [0.5, 0.9, 1.6, 2.3, 2.95, 3.6, 4.3], // places per 1,000 (targets 2.9 in 2023, 4.5 in 2025)
  lifeExpectancy: [77.0, 77.4, 77.6, 77.8, 78.2, 78.5, 78.8], // years
  healthLiteracy: [20.1, 22.4, 24.6, 26.5, 28.0, 29.4, 30.6], // % (target 29 in 2027)
  stunting: [6.1, 5.9, 5.7, 5.5, 5.3, 5.1, 4.9], // % (targets < 5.5, 5, 4.5)
  outpatientVisits: [5.6, 4.6, 5.3, 5.0, 5.9, 6.1, 6.2], // visits per person per year (2020 dip)
  vaccineDoses: [0.03, 0.028, 0.027, 0.025, 0.024, 0.023, 0.022], // doses per person per year
} as const satisfies Record<string, readonly number[]>;

/** Month weights (Jan…Dec), relative: births peak in autumn, infant deaths and visits in winter, doses at school entry. */
export const SEASONS = {
  births: [0.97, 0.9, 0.95, 0.96, 0.98, 1.0, 1.03, 1.06, 1.1, 1.1, 1.0, 0.95],
  infantDeaths: [1.15, 1.1, 1.05, 0.98, 0.93, 0.9, 0.9, 0.92, 0.95, 1.0, 1.05, 1.12],
  outpatient: [1.05, 0.8, 1.02, 1.0, 0.98, 0.97, 0.98, 0.97, 1.0, 0.98, 1.05, 1.1],
  vaccines: [0.95, 0.75, 1.0, 1.05, 1.05, 1.0, 0.95, 1.0, 1.25, 1.05, 1.0, 0.95],
} as const;

/** Share of county rows left out (not reported) and of count rows entered ten times too large. */
export const MISSING_SHARE = 0.03;
export const OUTLIER_SHARE = 0.002;

/** What makes one county differ from the province path; drawn once per (seed, county). */
export interface CountyProfile {
  readonly population2019: number;
  readonly growth: number;
  readonly birthFactor: number;
  readonly mortalityFactor: number;
  readonly cvdFactor: number;
  readonly resourceFactor: number;
  readonly childcareFactor: number;
  readonly leOffset: number;
  readonly visitFactor: number;
  /** First year the county counts as a certified healthy county (may lie after 2025). */
  readonly healthyFrom: number;
}

/** City districts (市辖区, names ending in 区) are denser in hospitals and somewhat healthier. */
function isDistrict(county: Region): boolean {
  return county.name.endsWith('区');
}

export function countyProfile(seed: number, county: Region): CountyProfile {
  const rng = Rng.for(seed, `profile|${county.code}`);
  const district = isDistrict(county);
  const resourceFactor = rng.logNormal(district ? 1.3 : 0.92, 0.2);
  return {
    population2019: Math.min(2_500_000, Math.max(60_000, rng.logNormal(400_000, 0.45))),
    growth: rng.normal(-0.003, 0.006),
    birthFactor: rng.logNormal(1, 0.12),
    mortalityFactor: rng.logNormal(district ? 0.8 : 1.05, 0.3),
    cvdFactor: rng.logNormal(1, 0.12),
    resourceFactor,
    childcareFactor: rng.logNormal(district ? 1.2 : 0.95, 0.35),
    leOffset: rng.normal(district ? 0.8 : -0.3, 1.0),
    visitFactor: rng.logNormal(1, 0.2) * Math.sqrt(resourceFactor),
    healthyFrom: 2021 + Math.floor(rng.next() * 9),
  };
}

/** One county-year of "true" annual counts, before missing values and outliers. */
export interface CountyYear {
  readonly POP: number;
  readonly LIVE_BIRTHS: number;
  readonly INFANT_DEATHS: number;
  readonly UNDER5_DEATHS: number;
  readonly MATERNAL_DEATHS: number;
  readonly CVD_DEATHS: number;
  readonly BEDS: number;
  readonly DOCTORS: number;
  readonly NURSES: number;
  readonly CHILDCARE_PLACES: number;
  readonly HEALTHY_COUNTY: number;
  readonly LE_VALUE: number;
}

export function countyYear(seed: number, county: Region, profile: CountyProfile, yearIndex: number): CountyYear {
  const year = SYNTHETIC_YEARS[yearIndex]!;
  const rng = Rng.for(seed, `year|${county.code}|${year}`);
  const at = (path: readonly number[]) => path[yearIndex]!;
  const pop = Math.round(profile.population2019 * (1 + profile.growth) ** yearIndex * rng.logNormal(1, 0.002));
  const births = rng.poisson((pop * at(PATHS.birthRate) * profile.birthFactor) / 1000);
  const infantDeaths = rng.poisson((births * at(PATHS.imr) * profile.mortalityFactor) / 1000);
  const perThousand = (path: readonly number[], factor: number, noise: number) => Math.round((pop * at(path) * factor * rng.logNormal(1, noise)) / 1000);
  return {
    POP: pop,
    LIVE_BIRTHS: births,
    INFANT_DEATHS: infantDeaths,
    UNDER5_DEATHS: infantDeaths + rng.poisson((births * at(PATHS.childDeathsOver1) * profile.mortalityFactor) / 1000),
    MATERNAL_DEATHS: rng.poisson((births * at(PATHS.mmr)) / 100_000),
    CVD_DEATHS: rng.poisson((pop * at(PATHS.cvd) * profile.cvdFactor) / 100_000),
    BEDS: perThousand(PATHS.beds, profile.resourceFactor, 0.03),
    DOCTORS: perThousand(PATHS.doctors, profile.resourceFactor, 0.03),
    NURSES: perThousand(PATHS.nurses, profile.resourceFactor, 0.03),
    CHILDCARE_PLACES: perThousand(PATHS.childcare, profile.childcareFactor, 0.08),
    HEALTHY_COUNTY: year >= profile.healthyFrom ? 1 : 0,
    LE_VALUE: Math.round((at(PATHS.lifeExpectancy) + profile.leOffset + rng.normal(0, 0.1)) * 100) / 100,
  };
}
