/**
 * `banded` (分档计分): points by the band the value falls in. Bands are [min, max) — `min`
 * inclusive, `max` exclusive — or, with `inclusive: max`, (min, max] for schemes written as
 * "≤12 得6分, 12—15 得4分" (lower-is-better bands). Either side is open when absent. Bands must
 * not overlap; a value in a gap earns 0. The best band must award the item's full points.
 *
 *   bands: [{ min: 95, points: 5 }, { min: 90, max: 95, points: 3 }, { max: 90, points: 0 }]
 */
import type { Diagnostics } from '../../diagnostics.js';
import { explain, fmtNum, missingWhy, pointsText, reportedText, RULE_LABELS } from '../format.js';
import { checkEnumParam, checkKnownParams, strParam, type RuleOutcome, type ScoringRule } from '../rule.js';

const label = RULE_LABELS.banded!;

export interface ValueBand {
  readonly min?: number;
  readonly max?: number;
  readonly points: number;
}

/** Which end of every band is closed: `min` → [min, max) (default), `max` → (min, max]. */
export type BandClosedEnd = 'min' | 'max';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `[90, 95)`, `≥95`, `<90`; with closed max: `(12, 15]`, `>18`, `≤12`. */
export function bandText(band: ValueBand, closed: BandClosedEnd = 'min'): string {
  const [open, close, lower, upper] = closed === 'min' ? ['[', ')', '≥', '<'] : ['(', ']', '>', '≤'];
  if (band.min !== undefined && band.max !== undefined) return `${open}${fmtNum(band.min)}, ${fmtNum(band.max)}${close}`;
  if (band.min !== undefined) return `${lower}${fmtNum(band.min)}`;
  return `${upper}${fmtNum(band.max!)}`;
}

export function bandContains(band: ValueBand, value: number, closed: BandClosedEnd = 'min'): boolean {
  if (closed === 'min') return (band.min === undefined || value >= band.min) && (band.max === undefined || value < band.max);
  return (band.min === undefined || value > band.min) && (band.max === undefined || value <= band.max);
}

/** Reads and checks the bands, reporting every problem. Returns the well-formed ones. */
export function checkBands(raw: unknown, points: number | undefined, diagnostics: Diagnostics): ValueBand[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', 'parameter "bands" must be a non-empty list of {min?, max?, points}');
    return [];
  }
  const bands: ValueBand[] = [];
  raw.forEach((entry: unknown, index) => {
    const at = diagnostics.inContext(`band ${index + 1}`);
    if (entry === null || typeof entry !== 'object') return at.error('VITALS_E_INVALID_CONFIG', 'a band must be an object {min?, max?, points}');
    const { min, max, points: bandPoints, ...rest } = entry as Record<string, unknown>;
    for (const key of Object.keys(rest)) if (key !== 'label') at.error('VITALS_E_INVALID_CONFIG', `unknown band field "${key}"`);
    let ok = true;
    if (min !== undefined && !finite(min)) (ok = false), at.error('VITALS_E_INVALID_CONFIG', '"min" must be a number');
    if (max !== undefined && !finite(max)) (ok = false), at.error('VITALS_E_INVALID_CONFIG', '"max" must be a number');
    if (min === undefined && max === undefined) (ok = false), at.error('VITALS_E_INVALID_CONFIG', 'a band needs "min", "max" or both');
    if (finite(min) && finite(max) && !(min < max)) (ok = false), at.error('VITALS_E_INVALID_CONFIG', `"min" ${min} must be below "max" ${max}`);
    if (!finite(bandPoints) || bandPoints < 0) (ok = false), at.error('VITALS_E_INVALID_CONFIG', '"points" must be a number ≥ 0');
    else if (points !== undefined && bandPoints > points) (ok = false), at.error('VITALS_E_INVALID_CONFIG', `band points ${bandPoints} exceed the item's ${points}`);
    if (ok) bands.push({ ...(finite(min) ? { min } : {}), ...(finite(max) ? { max } : {}), points: bandPoints as number });
  });
  const sorted = [...bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    // One end of every band is open, so touching bands ([80, 90) and [90, 95)) do not overlap.
    if ((prev.max ?? Infinity) > (next.min ?? -Infinity)) diagnostics.error('VITALS_E_INVALID_CONFIG', `bands ${bandText(prev)} and ${bandText(next)} overlap`);
  }
  if (points !== undefined && bands.length === raw.length && Math.max(...bands.map((b) => b.points)) !== points) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', `the best band awards ${Math.max(...bands.map((b) => b.points))} but the item is worth ${points}`);
  }
  return bands;
}

export const bandedRule: ScoringRule = {
  name: 'banded',
  category: 'base',
  version: '1',

  validate(params, item, diagnostics) {
    checkKnownParams(params, ['bands', 'inclusive'], diagnostics);
    checkEnumParam<BandClosedEnd>(params, 'inclusive', ['min', 'max'], diagnostics);
    checkBands(params.bands, item.points, diagnostics);
  },

  score(item, input): RuleOutcome {
    if (input.value === null) return { earned: 0, used: { value: null }, why: missingWhy(item, { zh: '数据', en: 'data' }, item.points), missing: true };
    const bands = item.params.bands as readonly ValueBand[];
    const closed = strParam<BandClosedEnd>(item.params, 'inclusive', 'min');
    const band = bands.find((b) => bandContains(b, input.value!, closed));
    const earned = band ? band.points : 0;
    const where = band ? { zh: `落在 ${bandText(band, closed)} 档`, en: `in band ${bandText(band, closed)}` } : { zh: '不在任何计分档', en: 'in no scoring band' };
    const zh = ` ${reportedText(item, input.value, input.status, 'zh')}，${where.zh}，按${label.zh}得 ${pointsText(earned, item.points, 'zh')}`;
    const en = ` ${reportedText(item, input.value, input.status, 'en')} ${where.en}: ${pointsText(earned, item.points, 'en')} (${label.en})`;
    return { earned, used: { value: input.value, band: band ? bandText(band, closed) : null }, why: explain(item, zh, en) };
  },
};
