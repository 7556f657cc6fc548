/**
 * Scoring regions with a scheme. Every point in a total is carried by one item score with
 * its rule, the values used and a bilingual explanation; total-level adjustments (bonus
 * cap, veto, floor at zero) are flagged and explained in `notes`.
 */
import { Diagnostics } from '../diagnostics.js';
import { fmtNum, fmtPoints, roundTo } from './format.js';
import { EMPTY_INPUT, type NormalizedInput } from './rule.js';
import { SCORING_RULES } from './rules/index.js';
import { parseScheme } from './scheme.js';
import type { BilingualText, GradeBand, ItemInput, ItemScore, RegionScore, RegionScoringInput, Scheme, SchemeItem } from './types.js';

/** Version of the total arithmetic (caps, vetoes, floor); each rule has its own version too. */
export const SCORING_METHOD_VERSION = '1.0.0';

/** Decimals kept in item points and totals: removes binary noise, far below any display precision. */
const KEEP_DECIMALS = 6;

/** Totals are compared with grade bands (and ranked) after rounding to this many decimals. */
export const SCORE_COMPARE_DECIMALS = 2;

/**
 * The grade for a total: the highest band whose `minScore` ≤ total (rounded to 2 decimals);
 * the lowest band when vetoed.
 */
export function gradeFor(scheme: Scheme, total: number, vetoed = false): GradeBand {
  const bands = scheme.gradeBands;
  const lowest = bands[bands.length - 1]!;
  if (vetoed) return lowest;
  const compared = roundTo(total, SCORE_COMPARE_DECIMALS);
  return bands.find((b) => compared >= b.minScore) ?? lowest;
}

/**
 * Scores one region. Items the region did not report score 0 (and raise VITALS_W_MISSING_DATA),
 * except bonus items, where no input simply means no bonus claimed.
 * @throws VitalsError VITALS_E_INVALID_CONFIG for an invalid scheme, VITALS_E_INVALID_INPUT for bad inputs.
 * @example scoreRegion(scheme, { region: '130100', items: { IMR: { value: 4.1 } } }).items[0].why.zh
 *   // '婴儿死亡率 4.1‰，目标 ≤3.8‰（起评 5‰），按线性规则得 7.5/10 分'
 */
export function scoreRegion(scheme: Scheme, input: RegionScoringInput): RegionScore {
  return scoreRegions(scheme, [input])[0]!;
}

/** Scores every region; all input problems of all regions are reported together. */
export function scoreRegions(scheme: Scheme, inputs: readonly RegionScoringInput[]): RegionScore[] {
  const valid = parseScheme(scheme);
  const normalized = normalizeInputs(valid, inputs);
  return inputs.map((input, i) => scoreOne(valid, input, normalized[i]!));
}

function itemIndex(scheme: Scheme): Map<string, { item: SchemeItem; dimension: string }> {
  const index = new Map<string, { item: SchemeItem; dimension: string }>();
  for (const d of scheme.dimensions) for (const item of d.items) index.set(item.code, { item, dimension: d.code });
  return index;
}

const finiteOrNull = (v: unknown): v is number | null | undefined => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

function normalizeInputs(scheme: Scheme, inputs: readonly RegionScoringInput[]): Map<string, NormalizedInput>[] {
  const diagnostics = new Diagnostics();
  const index = itemIndex(scheme);
  const seen = new Set<string>();
  const out = inputs.map((input) => {
    const region = typeof input?.region === 'string' ? input.region : '';
    const at = diagnostics.inContext(`region ${region || '?'}`);
    if (region === '') at.error('VITALS_E_INVALID_INPUT', 'region code is required');
    if (seen.has(region)) at.error('VITALS_E_INVALID_INPUT', 'region appears twice');
    seen.add(region);
    const items = new Map<string, NormalizedInput>();
    for (const [code, raw] of Object.entries(input?.items ?? {})) {
      const entry = index.get(code);
      const atItem = at.inContext(`item ${code}`);
      if (!entry) {
        atItem.error('VITALS_E_INVALID_INPUT', `unknown item (not in scheme ${scheme.code})`);
        continue;
      }
      const normalizedItem = normalizeItem(entry.item, raw, atItem);
      if (normalizedItem) {
        SCORING_RULES[entry.item.rule].checkInput?.(entry.item, normalizedItem, atItem);
        items.set(code, normalizedItem);
      }
    }
    return items;
  });
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return out;
}

function normalizeItem(item: SchemeItem, raw: ItemInput, at: Diagnostics): NormalizedInput | undefined {
  let ok = true;
  for (const key of ['value', 'previous', 'target'] as const) {
    if (!finiteOrNull(raw[key])) {
      const shown = typeof raw[key] === 'number' ? String(raw[key]) : JSON.stringify(raw[key]);
      at.error('VITALS_E_INVALID_INPUT', `"${key}" must be a finite number, got ${shown}`);
      ok = false;
    }
  }
  if (raw.attained !== undefined && raw.attained !== null && typeof raw.attained !== 'boolean') {
    at.error('VITALS_E_INVALID_INPUT', `"attained" must be true or false, got ${JSON.stringify(raw.attained)}`);
    ok = false;
  }
  let value = raw.value ?? null;
  const status = raw.status ?? null;
  if (status !== null) {
    const mapped = item.statuses?.[status];
    if (mapped === undefined) {
      const allowed = item.statuses ? Object.keys(item.statuses).join(', ') : 'none declared in the scheme';
      at.error('VITALS_E_INVALID_INPUT', `unknown status "${status}" (allowed: ${allowed})`);
      ok = false;
    } else if (value !== null && value !== mapped) {
      at.error('VITALS_E_INVALID_INPUT', `status "${status}" means ${mapped} but value ${value} was also given`);
      ok = false;
    } else value = mapped;
  }
  if (!ok) return undefined;
  return { value, attained: raw.attained ?? null, previous: raw.previous ?? null, target: raw.target ?? null, status };
}

function scoreOne(scheme: Scheme, input: RegionScoringInput, inputs: Map<string, NormalizedInput>): RegionScore {
  const warnings = new Diagnostics([`region ${input.region}`]);
  const items: ItemScore[] = [];
  for (const dimension of scheme.dimensions) {
    for (const item of dimension.items) {
      const rule = SCORING_RULES[item.rule];
      const normalized = inputs.get(item.code) ?? EMPTY_INPUT;
      const outcome = rule.score(item, normalized);
      if (outcome.missing) warnings.inContext(`item ${item.code}`).warn('VITALS_W_MISSING_DATA', `${item.name.en}: data missing, ${outcome.why.en}`);
      items.push({
        item: item.code,
        dimension: dimension.code,
        name: item.name,
        kind: item.kind,
        ...(item.indicator !== undefined ? { indicator: item.indicator } : {}),
        rule: item.rule,
        category: rule.category,
        earned: roundTo(outcome.earned, KEEP_DECIMALS),
        max: rule.category === 'base' ? item.points : 0,
        points: item.points,
        used: normalized.status !== null ? { status: normalized.status, ...outcome.used } : outcome.used,
        why: outcome.why,
        missing: outcome.missing === true,
        vetoTriggered: outcome.vetoTriggered === true,
      });
    }
  }
  const notes: BilingualText[] = [];
  const bonusCapped = applyBonusCap(scheme, items, notes);
  const sumOf = (category: ItemScore['category']) => roundTo(items.filter((i) => i.category === category).reduce((s, i) => s + i.earned, 0), KEEP_DECIMALS);
  const base = sumOf('base');
  const bonus = sumOf('bonus');
  const deductions = sumOf('deduction');
  const raw = roundTo(base + bonus + deductions, KEEP_DECIMALS);
  let total = Math.max(0, raw);
  if (raw < 0) notes.push({ zh: `扣分后合计 ${fmtPoints(raw)} 分，按 0 分计`, en: `total after deductions ${fmtPoints(raw)}, floored at 0` });

  const vetoItems = items.filter((i) => i.vetoTriggered);
  const vetoed = vetoItems.length > 0;
  const band = gradeFor(scheme, total, vetoed);
  const zeroedByVeto = vetoed && scheme.vetoPolicy.zeroTotal;
  if (vetoed) {
    if (zeroedByVeto) total = 0;
    const zhNames = vetoItems.map((i) => i.name.zh).join('、');
    const enNames = vetoItems.map((i) => i.name.en).join(', ');
    notes.push({
      zh: `触发一票否决（${zhNames}），等次定为${band.label.zh}${zeroedByVeto ? '，总分计 0 分' : ''}`,
      en: `veto triggered (${enNames}): grade set to ${band.label.en}${zeroedByVeto ? ', total set to 0' : ''}`,
    });
  }
  const dimensions = scheme.dimensions.map((d) => {
    const own = items.filter((i) => i.dimension === d.code);
    return { code: d.code, name: d.name, earned: roundTo(own.reduce((s, i) => s + i.earned, 0), KEEP_DECIMALS), max: own.reduce((s, i) => s + i.max, 0) };
  });
  const bonusBeforeCap = roundTo(items.reduce((s, i) => s + (i.category === 'bonus' ? (i.earnedBeforeCap ?? i.earned) : 0), 0), KEEP_DECIMALS);
  return {
    region: input.region,
    items,
    dimensions,
    base,
    bonus,
    bonusBeforeCap,
    deductions,
    total,
    maxTotal: scheme.totalPoints,
    grade: band.grade,
    gradeLabel: band.label,
    vetoed,
    vetoItems: vetoItems.map((i) => i.item),
    flags: { bonusCapped, flooredAtZero: raw < 0, zeroedByVeto },
    notes,
    warnings: warnings.all,
    provenance: {
      method: 'scoring.scheme',
      methodVersion: SCORING_METHOD_VERSION,
      params: {
        scheme: scheme.code,
        schemeVersion: scheme.version,
        vetoPolicy: scheme.vetoPolicy,
        bonusCap: scheme.bonusCap ?? null,
        ruleVersions: Object.fromEntries(Object.values(SCORING_RULES).map((r) => [r.name, r.version])),
      },
      inputs: canonicalInputs(input),
    },
  };
}

/**
 * Scales every bonus item by cap / sum when the bonus sum exceeds `bonusCap`, so items still
 * add up to the total and no item is favoured by its position in the scheme.
 */
function applyBonusCap(scheme: Scheme, items: ItemScore[], notes: BilingualText[]): boolean {
  if (scheme.bonusCap === undefined) return false;
  const cap = scheme.bonusCap;
  const sum = items.filter((i) => i.category === 'bonus').reduce((s, i) => s + i.earned, 0);
  if (sum <= cap) return false;
  const factor = cap / sum;
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    if (it.category !== 'bonus' || it.earned === 0) continue;
    const scaled = roundTo(it.earned * factor, KEEP_DECIMALS);
    const capNote = {
      zh: `；加分合计 ${fmtPoints(sum)} 分超过上限 ${fmtNum(cap)} 分，按比例折算为 ${fmtPoints(scaled)} 分`,
      en: `; bonus total ${fmtPoints(sum)} exceeds the cap ${fmtNum(cap)}, scaled to ${fmtPoints(scaled)}`,
    };
    items[k] = { ...it, earned: scaled, earnedBeforeCap: it.earned, why: { zh: it.why.zh + capNote.zh, en: it.why.en + capNote.en } };
  }
  notes.push({
    zh: `加分合计 ${fmtPoints(sum)} 分超过上限 ${fmtNum(cap)} 分，各加分项按比例折算（×${fmtNum(factor)}）`,
    en: `bonus total ${fmtPoints(sum)} exceeds the cap ${fmtNum(cap)}: every bonus item scaled by ${fmtNum(factor)}`,
  });
  return true;
}

/** Inputs sorted by item code with a fixed key order, so equal inputs serialise (and hash) equally. */
export function canonicalInputs(input: RegionScoringInput): Array<readonly [string, ItemInput]> {
  return Object.keys(input.items)
    .sort()
    .map((code) => {
      const raw = input.items[code]!;
      const clean: Record<string, unknown> = {};
      for (const key of ['value', 'attained', 'previous', 'target', 'status'] as const) if (raw[key] !== undefined) clean[key] = raw[key];
      return [code, clean as ItemInput] as const;
    });
}
