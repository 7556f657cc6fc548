/**
 * `vitals attainment`: judge every target of targets.csv on the annual values of obs.csv —
 * attained / not attained / not evaluable, the value used, the requirement and the gaps.
 *
 *   vitals attainment --targets targets.csv --series obs.csv [--year 2025] [--stale-years 2]
 *     [--regions regions.csv] [--format csv|json] [--out FILE]
 *
 * Without --year each row is judged in its milestone year. Sub-annual periods are ignored.
 * Coverage targets need the expected sub-units: the codes of --regions (a CSV with a `code`
 * column, e.g. shared/reference/admin/cn_counties.csv), else every code in obs.csv, filtered by
 * level and by the region's code prefix (GB/T 2260).
 */
import type { Command } from 'commander';
import { Diagnostics } from '../../core/diagnostics.js';
import { VitalsError } from '../../core/errors.js';
import { descendantPrefix, inferRegionLevel, type RegionLevel } from '../../core/region/index.js';
import {
  evaluateAttainment,
  parseTargetWording,
  validateTargetSpec,
  type AttainmentInputs,
  type AttainmentResult,
  type SeriesPoint,
  type TargetSpec,
} from '../../core/target/index.js';
import { readCsvRecords, writeRows } from '../files.js';
import { maybeWholeNumber, outputOptions, withOutputOptions } from '../options.js';
import { readObservations, readTargetRows, type Observation, type TargetRow } from './progress.command.js';

interface Options {
  readonly targets: string;
  readonly series: string;
  readonly year?: string;
  readonly staleYears?: string;
  readonly regions?: string;
  readonly format?: string;
  readonly out?: string;
}

interface Judged {
  readonly row: TargetRow;
  readonly spec: TargetSpec;
  readonly parse: { readonly confidence: string; readonly notes: readonly string[] };
  readonly result: AttainmentResult;
}

/** The spec of every row: the `spec` column (checked), else the parsed wording. Reports all bad specs at once. */
function specsOf(rows: readonly TargetRow[], file: string): Map<TargetRow, Pick<Judged, 'spec' | 'parse'>> {
  const diagnostics = new Diagnostics();
  const specs = new Map<TargetRow, Pick<Judged, 'spec' | 'parse'>>();
  for (const row of rows) {
    if (row.spec !== undefined) {
      validateTargetSpec(row.spec, diagnostics.inContext(`${file} row ${row.line}, column "spec"`));
      specs.set(row, { spec: row.spec, parse: { confidence: 'spec', notes: [] } });
      continue;
    }
    const parsed = parseTargetWording(row.wording, {
      polarity: row.polarity,
      milestoneYear: row.milestoneYear,
      ...(row.baselineYear !== undefined ? { baselineYear: row.baselineYear } : {}),
    });
    specs.set(row, { spec: parsed.spec, parse: { confidence: parsed.confidence, notes: parsed.notes } });
  }
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return specs;
}

/** region → indicator → yearly points (annual periods only). */
function annualIndex(observations: readonly Observation[]): Map<string, Map<string, SeriesPoint[]>> {
  const index = new Map<string, Map<string, SeriesPoint[]>>();
  for (const o of observations) {
    if (o.period.type !== 'year') continue;
    const byIndicator = index.get(o.region) ?? new Map<string, SeriesPoint[]>();
    index.set(o.region, byIndicator);
    const points = byIndicator.get(o.indicator) ?? [];
    byIndicator.set(o.indicator, points);
    points.push({ year: o.period.year, value: o.value });
  }
  return index;
}

/** Region codes that may be expected sub-units: --regions (skipping placeholders and statistical-only units), else obs.csv. */
function knownCodes(regionsFile: string | undefined, observations: readonly Observation[]): readonly string[] {
  if (regionsFile === undefined) return [...new Set(observations.map((o) => o.region))];
  const records = readCsvRecords(regionsFile);
  if (records.length > 0 && !('code' in records[0]!)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${regionsFile}: a "code" column is required` });
  }
  return records.filter((r) => r.is_placeholder !== '1' && r.nbs_statistical_only !== '1').map((r) => r.code!).filter((code) => code !== '');
}

function subUnitsOf(region: string, level: RegionLevel, codes: readonly string[]): string[] {
  const regionLevel = inferRegionLevel(region);
  if (regionLevel === undefined) return [];
  const prefix = descendantPrefix(region, regionLevel);
  return codes.filter((code) => code !== region && inferRegionLevel(code) === level && code.startsWith(prefix)).sort();
}

/** Every region code and indicator a spec reads besides the row's own series. */
function needs(spec: TargetSpec): { benchmarks: string[]; references: string[]; coverage: RegionLevel[] } {
  if (spec.kind === 'all') {
    const parts = spec.parts.map(needs);
    return { benchmarks: parts.flatMap((p) => p.benchmarks), references: parts.flatMap((p) => p.references), coverage: parts.flatMap((p) => p.coverage) };
  }
  return {
    benchmarks: spec.kind === 'benchmark' ? [spec.benchmarkRegion] : [],
    references: spec.kind === 'proportional' ? [spec.referenceIndicator] : [],
    coverage: spec.kind === 'coverage' ? [spec.subLevel] : [],
  };
}

function inputsFor(row: TargetRow, spec: TargetSpec, year: number, stale: number | undefined, index: ReturnType<typeof annualIndex>, codes: readonly string[]): AttainmentInputs {
  const own = index.get(row.region);
  const want = needs(spec);
  const expected = [...new Set(want.coverage.flatMap((level) => subUnitsOf(row.region, level, codes)))];
  return {
    polarity: row.polarity,
    year,
    region: row.region,
    indicator: row.indicator,
    series: own?.get(row.indicator) ?? [],
    ...(row.baselineYear !== undefined ? { baseline: { year: row.baselineYear, ...(row.baselineValue !== undefined ? { value: row.baselineValue } : {}) } } : {}),
    ...(stale !== undefined ? { maxStalenessYears: stale } : {}),
    benchmarks: Object.fromEntries(want.benchmarks.map((code) => [code, index.get(code)?.get(row.indicator) ?? []])),
    references: Object.fromEntries(want.references.map((code) => [code, own?.get(code) ?? []])),
    ...(want.coverage.length > 0
      ? { subUnits: { expected, series: Object.fromEntries(expected.map((code) => [code, index.get(code)?.get(row.indicator) ?? []])) } }
      : {}),
  };
}

/** Rounds for a CSV cell (exact values stay in the JSON output). */
function cell(value: number | null | undefined): number | string {
  return value === null || value === undefined ? '' : Number(value.toFixed(6));
}

function csvRow({ row, parse, result }: Judged): Record<string, string | number> {
  return {
    region: row.region,
    indicator: row.indicator,
    milestone_year: row.milestoneYear,
    evaluation_year: result.evaluationYear,
    wording: row.wording,
    kind: result.kind,
    parse_confidence: parse.confidence,
    status: result.status,
    value_used: cell(result.valueUsed),
    value_year: cell(result.valueYear),
    baseline_year: cell(result.baseline?.year),
    baseline_value: cell(result.baseline?.value),
    required_zh: result.required.explanation.zh,
    required_en: result.required.explanation.en,
    gap_absolute: cell(result.gapAbsolute),
    gap_percent_of_required_change: cell(result.gapPercentOfRequiredChange),
    parts: result.parts?.map((p) => `${p.kind}=${p.status}`).join(' ') ?? '',
    warnings: result.warnings.map((w) => w.code).join(' '),
    messages_zh: result.warnings.map((w) => w.zh).join('；'),
    messages_en: result.warnings.map((w) => w.en).join('; '),
    parse_notes: parse.notes.join('; '),
  };
}

/** Judges every target row; pure apart from reading the files. */
export function runAttainment(options: Options): Judged[] {
  const year = maybeWholeNumber(options.year, '--year', { min: 1900, max: 2200 });
  const stale = maybeWholeNumber(options.staleYears, '--stale-years', { min: 0, max: 50 });
  const rows = readTargetRows(options.targets);
  const specs = specsOf(rows, options.targets);
  const observations = readObservations(options.series);
  const index = annualIndex(observations);
  const codes = knownCodes(options.regions, observations);
  return rows.map((row) => {
    const { spec, parse } = specs.get(row)!;
    const input = { spec, milestoneYear: row.milestoneYear, indicator: row.indicator, wording: row.wording };
    try {
      return { row, spec, parse, result: evaluateAttainment(input, inputsFor(row, spec, year ?? row.milestoneYear, stale, index, codes)) };
    } catch (error) {
      if (error instanceof VitalsError) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${options.targets} row ${row.line} (${row.region} ${row.indicator}): ${error.message}` });
      }
      throw error;
    }
  });
}

export function register(program: Command): void {
  const command = program
    .command('attainment')
    .description('目标达成评估：逐条判断目标是否达成、差距多少 / judge target attainment and gaps on plain files')
    .requiredOption('--targets <file>', 'targets.csv: indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec')
    .requiredOption('--series <file>', 'obs.csv: region,indicator,period,value (annual periods are used)')
    .option('--year <year>', 'evaluation year for every row (default: each row\'s milestone year)')
    .option('--stale-years <n>', 'how many years old the value used may be (default 2)')
    .option('--regions <file>', 'CSV with a "code" column listing the regions expected in coverage targets');
  withOutputOptions(command).action((options: Options) => {
    const output = outputOptions(options);
    const judged = runAttainment(options);
    const rows = output.format === 'json'
      ? judged.map(({ row, spec, parse, result }) => ({ region: row.region, indicator: row.indicator, milestoneYear: row.milestoneYear, wording: row.wording, spec, parse, result }))
      : judged.map(csvRow);
    writeRows(rows, output);
  });
}
