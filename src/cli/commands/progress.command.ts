/**
 * `vitals progress`: classify progress towards each milestone target of targets.csv with a
 * named method, on the annual values of obs.csv.
 *
 *   vitals progress --method statcan --series obs.csv --targets targets.csv \
 *     [--year 2025] [--params '{"windowYears":5}'] [--limits VACC=100] [--format csv|json] [--out file]
 *
 * The numeric target of a row is the threshold of its resolved attainment test (kinds
 * threshold, approx, change, annual_change, count; the first such part of `all`). Other kinds
 * have none: the method's no-target variant is used, and the row says so.
 * Also exports the plain-file readers `vitals warning` shares.
 */
import type { Command } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { parsePeriod, type Period } from '../../core/period/index.js';
import { assessProgress, getProgressMethod, type ProgressPolarity, type TimePoint } from '../../core/progress/index.js';
import { parseTargetWording, resolveTarget, thresholdOf, type TargetSpec, type TargetTest } from '../../core/target/index.js';
import { readCsvRecords, requireColumn, writeRows } from '../files.js';
import { maybeWholeNumber, outputOptions, parseJsonOption, withOutputOptions } from '../options.js';

export interface TargetRow {
  /** 1-based line number in the file (header = 1). */
  readonly line: number;
  readonly indicator: string;
  readonly region: string;
  readonly milestoneYear: number;
  readonly wording: string;
  readonly polarity: ProgressPolarity;
  readonly baselineYear?: number;
  readonly baselineValue?: number;
  readonly spec?: TargetSpec;
}

export interface Observation {
  readonly region: string;
  readonly indicator: string;
  readonly period: Period;
  readonly value: number;
}

function rowError(file: string, line: number, column: string, reason: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${file} row ${line}, column "${column}": ${reason}` });
}

function optionalNumber(raw: string | undefined, file: string, line: number, column: string, integer = false): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) throw rowError(file, line, column, `"${raw}" is not ${integer ? 'a whole number' : 'a number'}`);
  return value;
}

/** Reads targets.csv (`indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec`). */
export function readTargetRows(file: string): TargetRow[] {
  return readCsvRecords(file).map((record, index) => {
    const line = index + 2;
    const polarity = requireColumn(record, 'polarity', index, file);
    if (polarity !== 'higher_is_better' && polarity !== 'lower_is_better') {
      throw rowError(file, line, 'polarity', `"${polarity}" must be higher_is_better or lower_is_better`);
    }
    let spec: TargetSpec | undefined;
    if (record.spec) {
      try {
        spec = JSON.parse(record.spec) as TargetSpec;
      } catch (error) {
        throw rowError(file, line, 'spec', `not valid JSON (${(error as Error).message})`);
      }
    }
    const baselineYear = optionalNumber(record.baseline_year, file, line, 'baseline_year', true);
    const baselineValue = optionalNumber(record.baseline_value, file, line, 'baseline_value');
    return {
      line,
      indicator: requireColumn(record, 'indicator', index, file),
      region: requireColumn(record, 'region', index, file),
      milestoneYear: optionalNumber(requireColumn(record, 'milestone_year', index, file), file, line, 'milestone_year', true)!,
      wording: record.wording ?? '',
      polarity,
      ...(baselineYear !== undefined ? { baselineYear } : {}),
      ...(baselineValue !== undefined ? { baselineValue } : {}),
      ...(spec ? { spec } : {}),
    };
  });
}

/** Reads obs.csv (`region,indicator,period,value`); an empty value is missing and skipped. */
export function readObservations(file: string): Observation[] {
  return readCsvRecords(file).flatMap((record, index) => {
    const line = index + 2;
    const raw = record.value ?? '';
    if (raw === '') return [];
    const value = optionalNumber(raw, file, line, 'value')!;
    let period: Period;
    try {
      period = parsePeriod(requireColumn(record, 'period', index, file));
    } catch (error) {
      if (error instanceof VitalsError && error.code === 'VITALS_E_INVALID_PERIOD') throw rowError(file, line, 'period', error.message);
      throw error;
    }
    return [{ region: requireColumn(record, 'region', index, file), indicator: requireColumn(record, 'indicator', index, file), period, value }];
  });
}

/** Annual values of one region × indicator as time points (t = year). */
export function annualSeries(observations: readonly Observation[], region: string, indicator: string): TimePoint[] {
  return observations
    .filter((o) => o.region === region && o.indicator === indicator && o.period.type === 'year')
    .map((o) => ({ t: o.period.year, value: o.value }));
}

export interface NumericTarget {
  readonly value: number | null;
  readonly kind: string;
  readonly explanation: { readonly zh: string; readonly en: string };
  readonly baseline: TimePoint | null;
}

/** The numeric target of a row (null when its kind has none) and the baseline used. */
export function numericTargetOf(row: TargetRow, annual: readonly TimePoint[]): NumericTarget {
  const baselineValue = row.baselineValue ?? (row.baselineYear !== undefined ? annual.find((p) => p.t === row.baselineYear)?.value : undefined);
  const baseline = row.baselineYear !== undefined && baselineValue !== undefined ? { t: row.baselineYear, value: baselineValue } : null;
  const spec =
    row.spec ??
    parseTargetWording(row.wording, {
      polarity: row.polarity,
      milestoneYear: row.milestoneYear,
      ...(row.baselineYear !== undefined ? { baselineYear: row.baselineYear } : {}),
    }).spec;
  let test: TargetTest;
  try {
    test = resolveTarget(spec, {
      polarity: row.polarity,
      year: row.milestoneYear,
      ...(row.baselineYear !== undefined ? { baselineYear: row.baselineYear } : {}),
      ...(baselineValue !== undefined ? { baselineValue } : {}),
    });
  } catch (error) {
    if (!(error instanceof VitalsError)) throw error;
    // Name the row: the target engine does not know where the spec came from.
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `targets row ${row.line} (${row.region}/${row.indicator}/${row.milestoneYear}): ${error.message}` }, error.details);
  }
  return { value: thresholdOf(spec, test), kind: spec.kind, explanation: test.explanation, baseline };
}

/** `A=1,B=2` → Map. */
function parseLimits(raw: string | undefined): Map<string, number> {
  const limits = new Map<string, number>();
  for (const part of (raw ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [code, value] = part.split('=').map((s) => s.trim());
    const number = Number(value);
    if (!code || value === undefined || value === '' || !Number.isFinite(number)) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--limits expects INDICATOR=NUMBER pairs separated by commas, got "${part}"` });
    }
    limits.set(code, number);
  }
  return limits;
}

interface ProgressOptions {
  method: string;
  series: string;
  targets: string;
  year?: string;
  params?: string;
  limits?: string;
  format?: string;
  out?: string;
}

function runProgress(options: ProgressOptions): void {
  const output = outputOptions(options);
  const method = getProgressMethod(options.method);
  const params = method.resolveParams(parseJsonOption(options.params, '--params'));
  const asOf = maybeWholeNumber(options.year, '--year');
  const limits = parseLimits(options.limits);
  const observations = readObservations(options.series);
  const rows = readTargetRows(options.targets).map((row) => {
    const annual = annualSeries(observations, row.region, row.indicator);
    const target = numericTargetOf(row, annual);
    const limit = limits.get(row.indicator);
    const result = assessProgress(
      method.name,
      {
        series: annual,
        polarity: row.polarity,
        ...(target.baseline ? { baseline: target.baseline } : {}),
        ...(target.value !== null ? { target: { t: row.milestoneYear, value: target.value } } : {}),
        ...(asOf !== undefined ? { asOf } : {}),
        ...(limit !== undefined ? { limit } : {}),
      },
      params as Record<string, unknown>,
    );
    const noTarget = target.value === null ? { zh: `目标类型 ${target.kind} 无数值目标，采用无目标方法`, en: `target kind ${target.kind} has no numeric value: no-target variant` } : null;
    const notes = [noTarget, result.reason].filter((n): n is { zh: string; en: string } => n !== null && n !== undefined);
    return {
      region: row.region,
      indicator: row.indicator,
      milestone_year: row.milestoneYear,
      method: result.method,
      method_version: result.methodVersion,
      variant: result.variant,
      status: result.status,
      label_zh: result.label.zh,
      label_en: result.label.en,
      score: result.score,
      start_year: result.inputs.start?.t ?? null,
      start_value: result.inputs.start?.value ?? null,
      current_year: result.inputs.current?.t ?? null,
      current_value: result.inputs.current?.value ?? null,
      target_kind: target.kind,
      target_value: target.value,
      target_explanation_zh: target.explanation.zh,
      note_zh: notes.map((n) => n.zh).join('；'),
      note_en: notes.map((n) => n.en).join('; '),
      warnings: result.warnings.map((w) => w.code).join(';'),
      measures: result.measures,
      params: result.params,
    };
  });
  writeRows(rows, output);
}

export function register(program: Command): void {
  const command = program
    .command('progress')
    .description('按方法评估各目标的进展 / classify progress towards milestone targets (trajectory, statcan, eurostat, sdsn)')
    .requiredOption('--method <name>', 'trajectory | statcan | eurostat | sdsn')
    .requiredOption('--series <file>', 'observations CSV: region,indicator,period,value (annual periods are used)')
    .requiredOption('--targets <file>', 'targets CSV: indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec')
    .option('--year <year>', 'judge as of this year (later values are ignored)')
    .option('--params <json>', 'method parameters as a JSON object, e.g. {"windowYears":5}')
    .option('--limits <pairs>', 'natural limits per indicator for the no-target variants, e.g. VACC=100,IMR=0');
  withOutputOptions(command).action((options: ProgressOptions) => runProgress(options));
}
