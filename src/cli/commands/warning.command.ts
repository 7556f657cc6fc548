/**
 * `vitals warning`: early warning at an in-year checkpoint (H1, Q3…) for every region ×
 * indicator of targets.csv, against its next milestone (the earliest milestone year not
 * before the checkpoint year).
 *
 *   vitals warning --series obs.csv --targets targets.csv --checkpoint 2025Q3 \
 *     [--sum-indicators SCREEN,BIRTHS] [--seasonal] [--params '{"halfLifeYears":3}'] [--format csv|json] [--out file]
 *
 * Indicators listed in --sum-indicators accumulate over the year (counts); all others are
 * rates compared directly. --seasonal derives the expected year-to-date share of summed
 * indicators from earlier years' sub-annual values.
 */
import type { Command } from 'commander';
import { VitalsError } from '../../core/errors.js';
import { MONTHS_PER_PERIOD, parsePeriod, yearFraction, type Period } from '../../core/period/index.js';
import { assessCheckpoint, CHECKPOINT_METHOD_VERSION, resolveCheckpointParams, seasonalShareFromHistory, type SubAnnualValue } from '../../core/warning/index.js';
import { writeRows } from '../files.js';
import { outputOptions, parseJsonOption, withOutputOptions } from '../options.js';
import { annualSeries, numericTargetOf, readObservations, readTargetRows, type Observation, type TargetRow } from './progress.command.js';

interface WarningOptions {
  series: string;
  targets: string;
  checkpoint: string;
  sumIndicators?: string;
  seasonal?: boolean;
  params?: string;
  format?: string;
  out?: string;
}

function subAnnualOf(observations: readonly Observation[], row: TargetRow, year: number): SubAnnualValue[] {
  return observations
    .filter((o) => o.region === row.region && o.indicator === row.indicator && o.period.year === year && o.period.type !== 'year')
    .map((o) => ({ start: yearFraction(o.period) - MONTHS_PER_PERIOD[o.period.type] / 12, end: yearFraction(o.period), value: o.value }));
}

/** Expected YTD share at `fraction` from earlier complete years (summed indicators). */
function seasonalProfileOf(observations: readonly Observation[], row: TargetRow, year: number, fraction: number) {
  const annual = annualSeries(observations, row.region, row.indicator).filter((p) => p.t < year);
  const share = seasonalShareFromHistory(
    annual.map((p) => ({ annualTotal: p.value, values: subAnnualOf(observations, row, p.t) })),
    fraction,
  );
  return share === null ? undefined : [{ fraction, share }];
}

function runWarning(options: WarningOptions): void {
  const output = outputOptions(options);
  let checkpoint: Period;
  try {
    checkpoint = parsePeriod(options.checkpoint);
  } catch {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `--checkpoint must be a sub-annual period such as 2025H1 or 2025Q3, got "${options.checkpoint}"` });
  }
  const params = resolveCheckpointParams(parseJsonOption(options.params, '--params'));
  const sums = new Set((options.sumIndicators ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const observations = readObservations(options.series);
  const year = checkpoint.year;
  const fraction = yearFraction(checkpoint);

  // Next milestone per region × indicator: the earliest milestone year ≥ the checkpoint year.
  const next = new Map<string, TargetRow>();
  for (const row of readTargetRows(options.targets)) {
    if (row.milestoneYear < year) continue;
    const key = `${row.region}\u0000${row.indicator}`;
    const current = next.get(key);
    if (!current || row.milestoneYear < current.milestoneYear) next.set(key, row);
  }

  const rows = [...next.values()].map((row) => {
    const annual = annualSeries(observations, row.region, row.indicator);
    const target = numericTargetOf(row, annual);
    const head = { region: row.region, indicator: row.indicator, checkpoint: checkpoint.code, milestone_year: row.milestoneYear, target_value: target.value };
    const baseline = target.baseline ?? (annual.length > 0 ? [...annual].sort((a, b) => a.t - b.t)[0]! : null);
    if (target.value === null || baseline === null || baseline.t >= row.milestoneYear) {
      const why =
        target.value === null
          ? { zh: `目标类型 ${target.kind} 无数值目标，未作预警`, en: `target kind ${target.kind} has no numeric value: not assessed` }
          : { zh: '缺少早于目标年份的基线', en: 'no baseline before the milestone year: not assessed' };
      // Same columns as an assessed row, so that CSV output keeps one header.
      return {
        ...head,
        level: 'not_assessed',
        label_zh: '未评估',
        label_en: 'not assessed',
        aggregation: null,
        annual_target: null,
        ytd_actual: null,
        ytd_expected: null,
        ytd_gap_share: null,
        projected: null,
        projected_lower: null,
        projected_upper: null,
        current_year_estimate: null,
        required_annual_change: null,
        reasons_zh: why.zh,
        reasons_en: why.en,
        warnings: '',
        method: 'checkpoint-warning',
        method_version: CHECKPOINT_METHOD_VERSION,
        params,
      };
    }
    const aggregation = sums.has(row.indicator) ? 'sum' : 'rate';
    const seasonalProfile = options.seasonal && aggregation === 'sum' ? seasonalProfileOf(observations, row, year, fraction) : undefined;
    const result = assessCheckpoint(
      {
        polarity: row.polarity,
        aggregation,
        year,
        fraction,
        subAnnual: subAnnualOf(observations, row, year),
        history: annual,
        baseline,
        milestone: { t: row.milestoneYear, value: target.value },
        ...(seasonalProfile ? { seasonalProfile } : {}),
      },
      params as unknown as Record<string, unknown>,
    );
    return {
      ...head,
      level: result.assessed ? result.level : 'not_assessed',
      label_zh: result.assessed ? result.label.zh : '未评估（无数据）',
      label_en: result.assessed ? result.label.en : 'not assessed (no data)',
      aggregation,
      annual_target: result.inputs.annualTarget,
      ytd_actual: result.ytd?.actual ?? null,
      ytd_expected: result.ytd?.expected ?? null,
      ytd_gap_share: result.ytd?.gapShare ?? null,
      projected: result.projection?.projected ?? null,
      projected_lower: result.projection?.lower ?? null,
      projected_upper: result.projection?.upper ?? null,
      current_year_estimate: result.currentYearEstimate,
      required_annual_change: result.requiredAnnualChange,
      reasons_zh: result.reasons.map((r) => r.zh).join('；'),
      reasons_en: result.reasons.map((r) => r.en).join('; '),
      warnings: result.warnings.map((w) => w.code).join(';'),
      method: result.method,
      method_version: result.methodVersion,
      params: result.params,
    };
  });
  writeRows(rows, output);
}

export function register(program: Command): void {
  const command = program
    .command('warning')
    .description('年内检查点预警（半年、前三季度）/ early warning at an in-year checkpoint')
    .requiredOption('--series <file>', 'observations CSV: region,indicator,period,value')
    .requiredOption('--targets <file>', 'targets CSV: indicator,region,milestone_year,wording,polarity,baseline_year,baseline_value,spec')
    .requiredOption('--checkpoint <period>', 'checkpoint period, e.g. 2025H1 or 2025Q3')
    .option('--sum-indicators <codes>', 'comma-separated indicators whose sub-annual values add up (counts); others are rates')
    .option('--seasonal', 'summed indicators: expected year-to-date share from earlier years instead of the elapsed fraction')
    .option('--params <json>', 'parameters as a JSON object, e.g. {"halfLifeYears":3,"confidence":0.8}');
  withOutputOptions(command).action((options: WarningOptions) => runWarning(options));
}
