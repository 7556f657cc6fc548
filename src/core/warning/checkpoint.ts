/**
 * Checkpoint early warning. Two signals, each graded none < watch < warning < alert, and
 * the level is the stronger of the two:
 *
 * 1. Year to date against the annual path. expected = s0 + (A − s0)·share(f), where A is the
 *    year's target, s0 = 0 for sums or the start-of-year value for rates, and share(f) = f or
 *    a seasonal profile. g = d·(actual − expected)/|A − s0|:
 *    g ≥ −watchBelow none; ≥ −warningBelow watch; ≥ −alertBelow warning; else alert.
 * 2. Projection to the milestone by a weighted least-squares line (see wls.ts):
 *    projected value meets the target → none; the favourable end of the prediction interval
 *    meets it → watch; the trend moves toward the target but the interval misses → warning;
 *    the trend is flat or moves away (or, without an interval, misses) → alert when flat/away,
 *    warning otherwise.
 */
import { VitalsError } from '../errors.js';
import { directionOf, expectedOnPath, type ProgressWarning, type TimePoint } from '../progress/index.js';
import { LEVEL_LABELS, checkpointLabel, infoReason, projectionReason, ytdReason } from './reasons.js';
import type {
  CheckpointInput,
  CheckpointParams,
  CheckpointReason,
  CheckpointResult,
  ProjectionAssessment,
  WarningLevel,
  YtdAssessment,
} from './types.js';
import { WARNING_LEVELS } from './types.js';
import { predict, weightedLinearFit, type WeightedPoint } from './wls.js';
import { cumulativeYtd, latestYtdValue, shareAt, validateSubAnnual } from './ytd.js';

export const CHECKPOINT_METHOD_VERSION = '1.0.0';

export const DEFAULT_CHECKPOINT_PARAMS: CheckpointParams = {
  windowYears: 5,
  halfLifeYears: 2,
  confidence: 0.9,
  includeCurrentYear: true,
  watchBelow: 0.05,
  warningBelow: 0.2,
  alertBelow: 0.5,
};

function invalid(detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail }, { detail });
}

/** Validates and completes raw parameters. @throws VITALS_E_INVALID_CONFIG */
export function resolveCheckpointParams(raw: Readonly<Record<string, unknown>> = {}): CheckpointParams {
  const known = Object.keys(DEFAULT_CHECKPOINT_PARAMS);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `checkpoint warning: unknown parameter "${key}" (known: ${known.join(', ')})` });
  }
  const p = { ...DEFAULT_CHECKPOINT_PARAMS, ...raw } as Record<string, unknown>;
  const num = (name: string, ok: (v: number) => boolean, rule: string): number => {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
      throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `checkpoint warning: ${name} must be ${rule}, got ${JSON.stringify(v)}` });
    }
    return v;
  };
  if (typeof p.includeCurrentYear !== 'boolean') throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: 'checkpoint warning: includeCurrentYear must be true or false' });
  const params: CheckpointParams = {
    windowYears: num('windowYears', (v) => v >= 1, '≥ 1'),
    halfLifeYears: num('halfLifeYears', (v) => v > 0, '> 0'),
    confidence: num('confidence', (v) => v > 0 && v < 1, 'in (0, 1)'),
    includeCurrentYear: p.includeCurrentYear,
    watchBelow: num('watchBelow', (v) => v >= 0, '≥ 0'),
    warningBelow: num('warningBelow', (v) => v >= 0, '≥ 0'),
    alertBelow: num('alertBelow', (v) => v >= 0, '≥ 0'),
  };
  if (!(params.watchBelow <= params.warningBelow && params.warningBelow <= params.alertBelow)) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: 'checkpoint warning: need watchBelow ≤ warningBelow ≤ alertBelow' });
  }
  return params;
}

function validate(input: CheckpointInput): void {
  if (input.polarity !== 'higher_is_better' && input.polarity !== 'lower_is_better') throw invalid(`polarity must be higher_is_better or lower_is_better, got "${String(input.polarity)}"`);
  if (input.aggregation !== 'sum' && input.aggregation !== 'rate') throw invalid(`aggregation must be sum or rate, got "${String(input.aggregation)}"`);
  if (!Number.isInteger(input.year)) throw invalid(`year must be an integer, got ${input.year}`);
  if (!(input.fraction > 0 && input.fraction <= 1)) throw invalid(`fraction must be in (0, 1], got ${input.fraction}`);
  for (const [name, p] of [['baseline', input.baseline], ['milestone', input.milestone]] as const) {
    if (!p || !Number.isFinite(p.t) || !Number.isFinite(p.value)) throw invalid(`${name} must have finite t and value`);
  }
  if (input.milestone.t <= input.baseline.t) throw invalid(`milestone year ${input.milestone.t} must be after the baseline year ${input.baseline.t}`);
  const seen = new Set<number>();
  input.history.forEach((p, i) => {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.value)) throw invalid(`history[${i}] must have finite t and value`);
    if (seen.has(p.t)) throw invalid(`history[${i}] repeats year ${p.t}`);
    seen.add(p.t);
  });
  validateSubAnnual(input.subAnnual);
  for (const [name, v] of [['annualTarget', input.annualTarget], ['startOfYear', input.startOfYear]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw invalid(`${name} must be a finite number`);
  }
}

const maxLevel = (a: WarningLevel, b: WarningLevel): WarningLevel => (WARNING_LEVELS.indexOf(a) >= WARNING_LEVELS.indexOf(b) ? a : b);

/**
 * Judges a region × indicator at an in-year checkpoint.
 * @example assessCheckpoint({ polarity: 'higher_is_better', aggregation: 'rate', year: 2025, fraction: 0.75, ... })
 */
export function assessCheckpoint(input: CheckpointInput, rawParams?: Readonly<Record<string, unknown>>): CheckpointResult {
  validate(input);
  const params = resolveCheckpointParams(rawParams);
  const d = directionOf(input.polarity);
  const at = checkpointLabel(input.year, input.fraction);
  const warnings: ProgressWarning[] = [];
  const reasons: CheckpointReason[] = [];
  const history = [...input.history].filter((p) => p.t < input.year).sort((a, b) => a.t - b.t);
  const annualTarget = input.annualTarget ?? expectedOnPath(input.baseline, input.milestone, input.year, 'linear')!;
  const share = shareAt(input.seasonalProfile, input.fraction);

  // 1. Year to date.
  let ytd: YtdAssessment | null = null;
  let estimate: number | null = null;
  let level: WarningLevel = 'none';
  const sum = input.aggregation === 'sum';
  const cumulative = sum ? cumulativeYtd(input.subAnnual, input.fraction) : null;
  const latest = sum ? null : latestYtdValue(input.subAnnual, input.fraction);
  if ((cumulative && cumulative.used.length > 0) || latest) {
    const lastYear = history.find((p) => p.t === input.year - 1)?.value;
    const startOfYear = sum
      ? 0
      : input.startOfYear ?? lastYear ?? expectedOnPath(input.baseline, input.milestone, Math.max(input.year - 1, input.baseline.t), 'linear')!;
    const actual = sum ? cumulative!.value : latest!.value;
    const expected = startOfYear + (annualTarget - startOfYear) * share;
    const scale = Math.abs(annualTarget - startOfYear) || Math.abs(annualTarget) || 1;
    const gapShare = (d * (actual - expected)) / scale;
    const complete = sum ? cumulative!.complete : Math.abs(latest!.end - input.fraction) < 1e-9;
    ytd = {
      aggregation: input.aggregation,
      actual,
      expected,
      startOfYear,
      annualTarget,
      share,
      gap: actual - expected,
      gapShare,
      complete,
      periodsUsed: sum ? cumulative!.used : [latest!],
    };
    estimate = sum ? (share > 0 ? actual / share : null) : actual;
    const ytdLevel: WarningLevel =
      gapShare >= -params.watchBelow ? 'none' : gapShare >= -params.warningBelow ? 'watch' : gapShare >= -params.alertBelow ? 'warning' : 'alert';
    level = maxLevel(level, ytdLevel);
    reasons.push(ytdReason(ytdLevel, at, actual, expected, gapShare, sum));
    if (!complete) {
      const detail = sum
        ? `covers ${Number((cumulative!.covered * 12).toFixed(2))} of ${Number((input.fraction * 12).toFixed(2))} months`
        : `latest value ends at month ${Number((latest!.end * 12).toFixed(2))}`;
      reasons.push(infoReason('ytd_incomplete', at, detail));
      warnings.push({ code: sum ? 'VITALS_W_MISSING_DATA' : 'VITALS_W_STALE_DATA', message: `${at.en}: sub-annual data ${detail}` });
    }
  } else {
    reasons.push(infoReason('no_ytd_data', at));
    warnings.push({ code: 'VITALS_W_MISSING_DATA', message: `${at.en}: no sub-annual values` });
  }

  // 2. Projection to the milestone.
  const inWindow = (t: number) => t >= input.year - params.windowYears && t < input.year;
  const fitted: TimePoint[] = history.filter((p) => inWindow(p.t));
  // The plan baseline is an observation too; use it when the history lacks that year.
  if (inWindow(input.baseline.t) && !fitted.some((p) => p.t === input.baseline.t)) {
    fitted.push(input.baseline);
    fitted.sort((a, b) => a.t - b.t);
  }
  const points: WeightedPoint[] = fitted.map((p) => ({ t: p.t, value: p.value, weight: Math.pow(0.5, (input.year - p.t) / params.halfLifeYears) }));
  if (params.includeCurrentYear && estimate !== null) points.push({ t: input.year, value: estimate, weight: input.fraction });
  let projection: ProjectionAssessment | null = null;
  if (new Set(points.map((p) => p.t)).size >= 2) {
    const fit = weightedLinearFit(points);
    const pred = predict(fit, input.milestone.t, params.confidence);
    const meetsMilestone = d * (pred.value - input.milestone.value) >= 0;
    const favourable = d === 1 ? pred.upper : pred.lower;
    const bandReaches = favourable === null ? null : d * (favourable - input.milestone.value) >= 0;
    const towardTarget = d * fit.slope > 0;
    const projLevel: WarningLevel = meetsMilestone ? 'none' : bandReaches ? 'watch' : towardTarget ? 'warning' : 'alert';
    projection = {
      method: 'weighted-least-squares-linear',
      points,
      slope: fit.slope,
      milestoneYear: input.milestone.t,
      projected: pred.value,
      lower: pred.lower,
      upper: pred.upper,
      confidence: params.confidence,
      tQuantile: pred.tQuantile,
      standardError: pred.standardError,
      degreesOfFreedom: fit.degreesOfFreedom,
      meetsMilestone,
      bandReachesMilestone: bandReaches,
    };
    level = maxLevel(level, projLevel);
    reasons.push(projectionReason(projLevel, input.milestone, pred.value, pred.lower, pred.upper, params.confidence, towardTarget));
  } else {
    reasons.push(infoReason('insufficient_history', at));
  }

  // 3. What is still required.
  // From the current-year estimate (at `year`), else from the last annual value.
  const lastAnnual = history[history.length - 1] ?? null;
  const reference = estimate ?? lastAnnual?.value ?? null;
  const yearsLeft = input.milestone.t - (estimate !== null ? input.year : lastAnnual?.t ?? input.year);
  const changeStillRequired = reference === null ? null : input.milestone.value - reference;
  return {
    method: 'checkpoint-warning',
    methodVersion: CHECKPOINT_METHOD_VERSION,
    params,
    level,
    assessed: ytd !== null || projection !== null,
    label: LEVEL_LABELS[level],
    reasons,
    ytd,
    projection,
    currentYearEstimate: estimate,
    requiredAnnualChange: changeStillRequired !== null && yearsLeft > 0 ? changeStillRequired / yearsLeft : null,
    changeStillRequired,
    inputs: {
      polarity: input.polarity,
      aggregation: input.aggregation,
      year: input.year,
      fraction: input.fraction,
      baseline: input.baseline,
      milestone: input.milestone,
      annualTarget,
      annualTargetSource: input.annualTarget === undefined ? 'linear_path' : 'given',
      history,
      seasonalProfile: input.seasonalProfile ?? null,
    },
    warnings,
  };
}
