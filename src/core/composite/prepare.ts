/**
 * From observations to one period's indicator table: select the period, check for duplicates,
 * impute, treat outliers. Everything after this step works on columns aligned with `units`.
 */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { comparePeriods, parsePeriod } from '../period/index.js';
import { imputeIndicator, type PreviousValue } from './imputation.js';
import { treatIndicator } from './outliers.js';
import type { ImputationRecord, IndexConfig, Observation, OutlierRecord } from './types.js';

export interface PreparedPeriod {
  readonly period: string;
  readonly units: string[];
  /** Raw values as observed (null = missing), per indicator code. */
  readonly raw: ReadonlyMap<string, Array<number | null>>;
  /** After imputation and outlier treatment. */
  readonly treated: ReadonlyMap<string, Array<number | null>>;
  readonly imputation: ImputationRecord[];
  readonly outliers: OutlierRecord[];
}

/** Checks the observations once: values finite, periods valid, no duplicate unit × indicator × period. */
export function checkObservations(observations: readonly Observation[]): void {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  observations.forEach((o, i) => {
    if (o.value !== null && !Number.isFinite(o.value)) problems.push(`row ${i + 1}: value ${o.value} is not a finite number`);
    try {
      parsePeriod(o.period);
    } catch {
      problems.push(`row ${i + 1}: invalid period "${o.period}"`);
    }
    const key = `${o.unit}|${o.indicator}|${o.period}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(`row ${i + 1}: duplicate of row ${first + 1} (${o.unit}, ${o.indicator}, ${o.period})`);
    else seen.set(key, i);
  });
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; … ${problems.length - 10} more` : '');
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: shown }, problems);
  }
}

/** Periods present in the data for the index's indicators, in time order. */
export function periodsIn(config: IndexConfig, observations: readonly Observation[]): string[] {
  const codes = new Set(config.indicators.map((i) => i.code));
  const periods = [...new Set(observations.filter((o) => codes.has(o.indicator)).map((o) => o.period))];
  return periods.sort((a, b) => comparePeriods(parsePeriod(a), parsePeriod(b)));
}

export function preparePeriod(config: IndexConfig, observations: readonly Observation[], period: string, diagnostics: Diagnostics): PreparedPeriod {
  const target = parsePeriod(period);
  const codes = config.indicators.map((i) => i.code);
  const codeSet = new Set(codes);
  const rows = observations.filter((o) => o.period === period && codeSet.has(o.indicator));
  const units = [...new Set(rows.map((o) => o.unit))].sort();
  if (units.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `no observations of this index's indicators for period ${period}` });
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  const raw = new Map<string, Array<number | null>>(codes.map((c) => [c, units.map(() => null)]));
  for (const o of rows) raw.get(o.indicator)![unitIndex.get(o.unit)!] = o.value;

  // LOCF looks back within the same period type only: a quarterly index carries quarters forward.
  const history = new Map<string, { period: string; value: number }>();
  for (const o of observations) {
    if (o.value === null || !codeSet.has(o.indicator)) continue;
    const p = parsePeriod(o.period);
    if (p.type !== target.type || comparePeriods(p, target) >= 0) continue;
    const key = `${o.unit}|${o.indicator}`;
    const best = history.get(key);
    if (!best || comparePeriods(parsePeriod(best.period), p) < 0) history.set(key, { period: o.period, value: o.value });
  }
  const previous: PreviousValue = (unit, indicator) => history.get(`${unit}|${indicator}`) ?? null;

  const treated = new Map<string, Array<number | null>>();
  const imputation: ImputationRecord[] = [];
  const outliers: OutlierRecord[] = [];
  for (const spec of config.indicators) {
    const d = diagnostics.inContext(`indicator ${spec.code}`);
    const filled = imputeIndicator(config.imputation, spec.code, units, raw.get(spec.code)!, previous);
    imputation.push(...filled.records);
    if (filled.records.length) d.warn('VITALS_W_IMPUTED', `${filled.records.length} value(s) imputed (${config.imputation.method})`);
    const stillMissing = units.filter((_, i) => filled.values[i] === null);
    if (stillMissing.length === units.length) d.warn('VITALS_W_MISSING_DATA', `no value for any unit in ${period}: the indicator drops out of every aggregate`);
    else if (stillMissing.length) d.warn('VITALS_W_MISSING_DATA', `missing for ${stillMissing.join(', ')}`);
    const out = treatIndicator(spec.outliers ?? config.outliers, spec.code, units, filled.values);
    outliers.push(out.record);
    treated.set(spec.code, out.values);
  }
  return { period, units, raw, treated, imputation, outliers };
}
