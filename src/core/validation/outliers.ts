/**
 * Outlier checks on one value:
 * - against the region's own history (modified z-score over up to `historyLength` earlier periods);
 * - change from the previous period above `maxChangePercent`;
 * - against peers at the same level (modified z-score across the other regions' values).
 * The tested value is left out of its own reference sample so that it cannot mask itself.
 * Each flag names the method, threshold, score and the values compared.
 */
import { VitalsError } from '../errors.js';
import { comparePeriods, parsePeriod, shiftPeriod } from '../period/index.js';
import { DEFAULT_MODIFIED_Z_THRESHOLD, modifiedZ } from './robust.js';
import type { OutlierFlag, OutlierMethod, SampleReference } from './types.js';

export const OUTLIER_METHOD_VERSION = '1.0.0';

export interface OutlierOptions {
  /** |modified z| above which a value is flagged against its history. Default 3.5. */
  readonly historyThreshold?: number;
  /** |modified z| above which a value is flagged against its peers. Default 3.5. */
  readonly peerThreshold?: number;
  /** |change from the previous period| in percent above which a value is flagged. Default 50. */
  readonly maxChangePercent?: number;
  /** Most recent earlier periods used as history. Default 12. */
  readonly historyLength?: number;
  /** Fewest values a reference sample needs. Default 4. */
  readonly minSample?: number;
}

export interface OutlierInput {
  readonly element: string;
  readonly region: string;
  readonly period: string;
  readonly value: number;
  /** The region's values of this element in other periods (same period type); null = missing. */
  readonly history?: readonly { readonly period: string; readonly value: number | null }[];
  /** Values of regions at the same level for this period; the region itself is ignored. */
  readonly peers?: readonly { readonly region: string; readonly value: number | null }[];
}

export interface OutlierCheck {
  readonly flags: readonly OutlierFlag[];
  /** Checks that could not run, and why (too little history, previous value 0…). */
  readonly notChecked: readonly { readonly method: OutlierMethod; readonly reason: string }[];
}

function round(x: number, digits = 2): string {
  return x.toFixed(digits);
}

function sampleFlag(input: OutlierInput, method: OutlierMethod, threshold: number, values: number[], labels: string[]): OutlierFlag | string {
  const z = modifiedZ(input.value, values);
  if (z === null) return `all ${values.length} reference values are equal: no spread to compare with`;
  if (!(Math.abs(z.score) > threshold)) return '';
  const reference: SampleReference = { kind: 'sample', median: z.median, spread: z.spread, scale: z.scale, n: values.length, values, labels };
  const against = method === 'history_modified_z' ? ['本地区历史值', "the region's history"] : ['同级地区', 'peers at the same level'];
  return {
    element: input.element,
    region: input.region,
    period: input.period,
    value: input.value,
    method,
    methodVersion: OUTLIER_METHOD_VERSION,
    threshold,
    score: z.score,
    direction: z.score > 0 ? 'high' : 'low',
    reference,
    message: {
      zh: `与${against[0]}相比异常：修正Z分数 ${round(z.score)}，阈值 ${threshold}（中位数 ${z.median}，n=${values.length}）`,
      en: `unusual against ${against[1]}: modified z-score ${round(z.score)}, threshold ${threshold} (median ${z.median}, n=${values.length})`,
    },
  };
}

function checkNumber(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${what} must be a number ≥ ${min}, not ${JSON.stringify(value)}` });
  }
  return value;
}

/**
 * Run the three outlier checks on one value.
 * @example history 10, 12, 14, 16, 18 and value 30 → history_modified_z score 5.396 > 3.5 (see robust.ts)
 * @throws VITALS_E_INVALID_INPUT for a bad period, a history period of another type or listed twice, bad options
 */
export function detectOutliers(input: OutlierInput, options: OutlierOptions = {}): OutlierCheck {
  const historyThreshold = checkNumber(options.historyThreshold ?? DEFAULT_MODIFIED_Z_THRESHOLD, 'historyThreshold');
  const peerThreshold = checkNumber(options.peerThreshold ?? DEFAULT_MODIFIED_Z_THRESHOLD, 'peerThreshold');
  const maxChangePercent = checkNumber(options.maxChangePercent ?? 50, 'maxChangePercent');
  const historyLength = checkNumber(options.historyLength ?? 12, 'historyLength', 1);
  const minSample = checkNumber(options.minSample ?? 4, 'minSample', 2);
  checkNumber(input.value, `value of ${input.element} / ${input.region} / ${input.period}`, -Infinity);
  const current = parsePeriod(input.period);
  const flags: OutlierFlag[] = [];
  const notChecked: { method: OutlierMethod; reason: string }[] = [];
  const record = (method: OutlierMethod, outcome: OutlierFlag | string) => {
    if (typeof outcome !== 'string') flags.push(outcome);
    else if (outcome !== '') notChecked.push({ method, reason: outcome });
  };

  // History: earlier periods of the same type, most recent first, missing values ignored.
  const seen = new Set<string>();
  const earlier = (input.history ?? []).flatMap((point, i) => {
    const p = parsePeriod(point.period);
    if (p.type !== current.type) {
      throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `history[${i}] period ${p.code} is not a ${current.type} like ${current.code}` });
    }
    if (seen.has(p.code)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `history[${i}] repeats period ${p.code}` });
    seen.add(p.code);
    return comparePeriods(p, current) < 0 && typeof point.value === 'number' && Number.isFinite(point.value) ? [{ period: p, value: point.value }] : [];
  });
  earlier.sort((a, b) => comparePeriods(b.period, a.period));
  const recent = earlier.slice(0, historyLength);
  if (recent.length < minSample) record('history_modified_z', `${recent.length} earlier value(s), at least ${minSample} needed`);
  else record('history_modified_z', sampleFlag(input, 'history_modified_z', historyThreshold, recent.map((h) => h.value), recent.map((h) => h.period.code)));

  // Change from the immediately preceding period.
  const previousCode = shiftPeriod(current, -1).code;
  const previous = earlier.find((h) => h.period.code === previousCode);
  if (!previous) record('period_change', `no value for the previous period ${previousCode}`);
  else if (previous.value === 0) record('period_change', `the previous value (${previousCode}) is 0: a percentage change is undefined`);
  else {
    const change = ((input.value - previous.value) / Math.abs(previous.value)) * 100;
    if (Math.abs(change) > maxChangePercent) {
      flags.push({
        element: input.element,
        region: input.region,
        period: input.period,
        value: input.value,
        method: 'period_change',
        methodVersion: OUTLIER_METHOD_VERSION,
        threshold: maxChangePercent,
        score: change,
        direction: change > 0 ? 'high' : 'low',
        reference: { kind: 'previous', previousPeriod: previousCode, previousValue: previous.value },
        message: {
          zh: `较上期（${previousCode}：${previous.value}）变化 ${round(change, 1)}%，超过 ±${maxChangePercent}%`,
          en: `changed ${round(change, 1)} % from the previous period (${previousCode}: ${previous.value}), beyond ±${maxChangePercent} %`,
        },
      });
    }
  }

  // Peers: other regions' values for the same period.
  const peers = (input.peers ?? []).filter((p) => p.region !== input.region && typeof p.value === 'number' && Number.isFinite(p.value));
  if (peers.length < minSample) record('peer_modified_z', `${peers.length} peer value(s), at least ${minSample} needed`);
  else record('peer_modified_z', sampleFlag(input, 'peer_modified_z', peerThreshold, peers.map((p) => p.value as number), peers.map((p) => p.region)));

  return { flags, notChecked };
}
