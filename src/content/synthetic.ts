/**
 * A deterministic synthetic dataset for Hebei (河北省 130000): the province, its 11 prefecture
 * cities and its 167 counties, 2019–2025. Every row is labelled `source: synthetic`,
 * `verification: synthetic`. Same seed → the same rows in the same order; no clock, no
 * `Math.random`. The recipe is in synthetic-model.ts and docs/content.md.
 *
 * - Counties (annual): POP, LIVE_BIRTHS, INFANT_DEATHS, UNDER5_DEATHS, MATERNAL_DEATHS,
 *   CVD_DEATHS, BEDS, DOCTORS, NURSES, CHILDCARE_PLACES, HEALTHY_COUNTY, LE_VALUE — counts, so
 *   rates (IMR, BEDS_PER_1000…) aggregate up the hierarchy.
 * - Counties (monthly, `2019M01`…): LIVE_BIRTHS_MONTHLY and INFANT_DEATHS_MONTHLY (the annual
 *   count spread over months, so they add up to it), OUTPATIENT_VISITS, VACCINE_DOSES.
 * - Province and cities (annual): survey estimates HEALTH_LITERACY_VALUE and STUNTING_U5_VALUE,
 *   which cannot be aggregated; the province also reports LE_VALUE.
 * - About 3 % of county rows are missing and about 0.2 % of count rows are ten times too large.
 *
 * The 23 NBS statistical-only divisions of Hebei (development zones, 管理区) are not counties in
 * the administrative sense and get no data: 190 county rows − 23 = 167.
 */
import { VitalsError } from '../core/errors.js';
import type { Region } from '../core/region/index.js';
import type { ContentOptions } from './files.js';
import { apportion, Rng } from './random.js';
import { loadRegions } from './regions.js';
import {
  countyProfile,
  countyYear,
  MISSING_SHARE,
  OUTLIER_SHARE,
  PATHS,
  SEASONS,
  SYNTHETIC_YEARS,
  type CountyYear,
} from './synthetic-model.js';
import type { ObservationRow } from './types.js';

export { SYNTHETIC_YEARS } from './synthetic-model.js';

export const HEBEI_CODE = '130000';
export const SYNTHETIC_SOURCE = 'synthetic';

/** Annual county elements, in emission order. */
export const SYNTHETIC_COUNTY_ELEMENTS: readonly (keyof CountyYear)[] = [
  'POP', 'LIVE_BIRTHS', 'INFANT_DEATHS', 'UNDER5_DEATHS', 'MATERNAL_DEATHS', 'CVD_DEATHS',
  'BEDS', 'DOCTORS', 'NURSES', 'CHILDCARE_PLACES', 'HEALTHY_COUNTY', 'LE_VALUE',
];
export const SYNTHETIC_MONTHLY_ELEMENTS = ['LIVE_BIRTHS_MONTHLY', 'INFANT_DEATHS_MONTHLY', 'OUTPATIENT_VISITS', 'VACCINE_DOSES'] as const;
export const SYNTHETIC_SURVEY_ELEMENTS = ['HEALTH_LITERACY_VALUE', 'STUNTING_U5_VALUE'] as const;

/** Counts where a data-entry slip (one zero too many) is plausible. */
const OUTLIER_ELEMENTS = new Set(['BEDS', 'DOCTORS', 'NURSES', 'LIVE_BIRTHS', 'OUTPATIENT_VISITS', 'VACCINE_DOSES']);

export interface SyntheticHebeiOptions extends ContentOptions {
  /** The region list to take Hebei from; loaded from the content directory when absent. */
  readonly regions?: readonly Region[];
}

/** Hebei's province, prefecture cities and (non-statistical-only) counties, in code order. */
export function hebeiRegions(regions: readonly Region[]): { province: Region; cities: Region[]; counties: Region[] } {
  const province = regions.find((r) => r.code === HEBEI_CODE);
  if (!province) throw new VitalsError('VITALS_E_UNKNOWN_REGION', { value: HEBEI_CODE });
  const inHebei = (r: Region) => r.code.startsWith('13') && r.code !== HEBEI_CODE;
  const byCode = (a: Region, b: Region) => a.code.localeCompare(b.code);
  return {
    province,
    cities: regions.filter((r) => inHebei(r) && r.level === 'prefecture').sort(byCode),
    counties: regions.filter((r) => inHebei(r) && r.level === 'county' && !r.statisticalOnly).sort(byCode),
  };
}

function row(region: string, indicator: string, period: string, value: number): ObservationRow {
  return { region, indicator, period, value, source: SYNTHETIC_SOURCE, verification: 'synthetic' };
}

const monthCode = (year: number, month: number) => `${year}M${String(month + 1).padStart(2, '0')}`;

/**
 * Generate the synthetic Hebei observations as a stream of rows.
 * @param seed any integer; the same seed always yields the same rows.
 * @example
 *   for (const row of generateSyntheticHebei(42)) store(row);
 */
export function* generateSyntheticHebei(seed: number, options: SyntheticHebeiOptions = {}): Generator<ObservationRow> {
  if (!Number.isSafeInteger(seed)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `synthetic seed must be an integer, got ${String(seed)}` });
  const s = seed >>> 0;
  const { province, cities, counties } = hebeiRegions(options.regions ?? loadRegions(options));

  // Reported values: a county leaves a row out (missing), or slips in an extra zero (outlier).
  function* report(region: string, indicator: string, period: string, value: number): Generator<ObservationRow> {
    const rng = Rng.for(s, `report|${region}|${indicator}|${period}`);
    if (rng.chance(MISSING_SHARE)) return;
    const slip = OUTLIER_ELEMENTS.has(indicator) && rng.chance(OUTLIER_SHARE);
    yield row(region, indicator, period, slip ? value * 10 : value);
  }

  const leByYear = SYNTHETIC_YEARS.map(() => ({ weighted: 0, pop: 0 }));
  for (const county of counties) {
    const profile = countyProfile(s, county);
    for (let y = 0; y < SYNTHETIC_YEARS.length; y += 1) {
      const year = SYNTHETIC_YEARS[y]!;
      const truth = countyYear(s, county, profile, y);
      leByYear[y]!.weighted += truth.LE_VALUE * truth.POP;
      leByYear[y]!.pop += truth.POP;
      for (const element of SYNTHETIC_COUNTY_ELEMENTS) yield* report(county.code, element, String(year), truth[element]);

      const monthly = Rng.for(s, `months|${county.code}|${year}`);
      const jitter = (weights: readonly number[]) => weights.map((w) => w * monthly.logNormal(1, 0.04));
      const births = apportion(truth.LIVE_BIRTHS, jitter(SEASONS.births));
      const deaths = apportion(truth.INFANT_DEATHS, jitter(SEASONS.infantDeaths));
      const visits = apportion(Math.round(truth.POP * PATHS.outpatientVisits[y]! * profile.visitFactor), jitter(SEASONS.outpatient));
      const doses = apportion(Math.round(truth.POP * PATHS.vaccineDoses[y]!), jitter(SEASONS.vaccines));
      for (let m = 0; m < 12; m += 1) {
        const period = monthCode(year, m);
        yield* report(county.code, 'LIVE_BIRTHS_MONTHLY', period, births[m]!);
        yield* report(county.code, 'INFANT_DEATHS_MONTHLY', period, deaths[m]!);
        yield* report(county.code, 'OUTPATIENT_VISITS', period, visits[m]!);
        yield* report(county.code, 'VACCINE_DOSES', period, doses[m]!);
      }
    }
  }

  // Survey estimates come from each level's own sample: a province figure, and one per city.
  for (const region of [province, ...cities]) {
    const rng = Rng.for(s, `survey|${region.code}`);
    const isProvince = region.code === HEBEI_CODE;
    const literacyOffset = isProvince ? 0 : rng.normal(0, 2.2);
    const stuntingOffset = isProvince ? 0 : rng.normal(0, 0.6);
    for (let y = 0; y < SYNTHETIC_YEARS.length; y += 1) {
      const period = String(SYNTHETIC_YEARS[y]);
      const noise = Rng.for(s, `survey|${region.code}|${period}`);
      const literacy = PATHS.healthLiteracy[y]! + literacyOffset + noise.normal(0, 0.4);
      const stunting = Math.max(1, PATHS.stunting[y]! + stuntingOffset + noise.normal(0, 0.15));
      yield row(region.code, 'HEALTH_LITERACY_VALUE', period, Math.round(literacy * 10) / 10);
      yield row(region.code, 'STUNTING_U5_VALUE', period, Math.round(stunting * 10) / 10);
      if (isProvince) {
        // The province's life table, near the population-weighted county mean.
        const le = leByYear[y]!.weighted / leByYear[y]!.pop + noise.normal(0, 0.05);
        yield row(region.code, 'LE_VALUE', period, Math.round(le * 100) / 100);
      }
    }
  }
}
