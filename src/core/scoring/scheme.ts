/**
 * Reading and validating assessment schemes. A scheme arrives as plain data (parsed YAML
 * or JSON); `validateScheme` reports every problem at once, `parseScheme` throws them all
 * in one VITALS_E_INVALID_CONFIG.
 */
import { Diagnostics } from '../diagnostics.js';
import type { ItemDraft } from './rule.js';
import { isScoringRuleName, SCORING_RULE_NAMES, SCORING_RULES } from './rules/index.js';
import {
  checkKnownFields,
  isObject,
  readBilingual,
  readBoolean,
  readEnum,
  readNumber,
  readStatuses,
  readString,
  readUnit,
  sameTotal,
  type RawObject,
} from './scheme-fields.js';
import { GRADE_CODES, type GradeBand, type Scheme, type SchemeDimension, type SchemeItem, type ScoredPolarity } from './types.js';

export interface SchemeValidationOptions {
  /** Indicator codes that exist (e.g. the framework's); items naming others are errors. */
  readonly knownIndicators?: Iterable<string>;
}

export interface SchemeValidation {
  /** Present only when there are no errors. */
  readonly scheme?: Scheme;
  readonly diagnostics: Diagnostics;
}

const SCHEME_FIELDS = ['code', 'name', 'version', 'description', 'totalPoints', 'bonusCap', 'demonstration', 'source', 'vetoPolicy', 'gradeBands', 'dimensions'];
const DIMENSION_FIELDS = ['code', 'name', 'points', 'items'];
const ITEM_FIELDS = ['code', 'name', 'kind', 'indicator', 'unit', 'polarity', 'points', 'weight', 'rule', 'params', 'statuses', 'note'];
const POLARITIES: readonly ScoredPolarity[] = ['higher_is_better', 'lower_is_better'];

/** Schemes that passed validation, so scoring many regions validates once. */
const validated = new WeakSet<object>();

export function isValidatedScheme(scheme: unknown): scheme is Scheme {
  return typeof scheme === 'object' && scheme !== null && validated.has(scheme);
}

/**
 * Validates a scheme document and resolves it (weights → points, units → {zh, en},
 * grade bands sorted highest first). Every problem is reported with its path.
 */
export function validateScheme(raw: unknown, options: SchemeValidationOptions = {}): SchemeValidation {
  const root = new Diagnostics();
  if (!isObject(raw)) {
    root.error('VITALS_E_INVALID_CONFIG', 'a scheme must be an object with code, name, version, totalPoints, dimensions and gradeBands');
    return { diagnostics: root };
  }
  const code = typeof raw.code === 'string' ? raw.code : '?';
  const diagnostics = root.inContext(`scheme ${code}`);
  checkKnownFields(raw, SCHEME_FIELDS, diagnostics);
  readString(raw, 'code', diagnostics);
  const name = readBilingual(raw, 'name', diagnostics);
  const version = readString(raw, 'version', diagnostics);
  const description = readBilingual(raw, 'description', diagnostics, false);
  const totalPoints = readNumber(raw, 'totalPoints', diagnostics, { required: true, min: 0, exclusiveMin: true });
  const bonusCap = readNumber(raw, 'bonusCap', diagnostics, { min: 0 });
  const demonstration = readBoolean(raw, 'demonstration', diagnostics);
  const source = readString(raw, 'source', diagnostics, false);
  const known = options.knownIndicators ? new Set(options.knownIndicators) : undefined;

  const dimensions = readDimensions(raw.dimensions, totalPoints, known, diagnostics);
  const allItems = dimensions.flatMap((d) => d.items);
  const hasVeto = allItems.some((i) => i.rule === 'veto');
  const vetoPolicy = readVetoPolicy(raw, hasVeto, diagnostics);
  const gradeBands = readGradeBands(raw.gradeBands, totalPoints, diagnostics.inContext('gradeBands'));

  if (totalPoints !== undefined && dimensions.length > 0) {
    const baseSum = allItems.filter((i) => SCORING_RULES[i.rule].category === 'base').reduce((s, i) => s + i.points, 0);
    if (!sameTotal(baseSum, totalPoints)) {
      diagnostics.error('VITALS_E_INVALID_CONFIG', `base item points sum to ${round6(baseSum)} but totalPoints is ${totalPoints}`);
    }
  }
  if (diagnostics.hasErrors() || !name || !version || totalPoints === undefined || !vetoPolicy || !gradeBands) return { diagnostics: root };

  const scheme: Scheme = {
    code,
    name,
    version,
    ...(description ? { description } : {}),
    totalPoints,
    dimensions,
    gradeBands,
    vetoPolicy,
    ...(bonusCap !== undefined ? { bonusCap } : {}),
    ...(demonstration !== undefined ? { demonstration } : {}),
    ...(source ? { source } : {}),
  };
  validated.add(scheme);
  return { scheme, diagnostics: root };
}

/**
 * Validates and returns the resolved scheme.
 * @throws VitalsError VITALS_E_INVALID_CONFIG listing every problem (details: the diagnostics).
 */
export function parseScheme(raw: unknown, options: SchemeValidationOptions = {}): Scheme {
  if (isValidatedScheme(raw) && !options.knownIndicators) return raw;
  const { scheme, diagnostics } = validateScheme(raw, options);
  diagnostics.throwIfAny('VITALS_E_INVALID_CONFIG');
  return scheme!;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function readDimensions(raw: unknown, totalPoints: number | undefined, known: Set<string> | undefined, diagnostics: Diagnostics): SchemeDimension[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', '"dimensions" must be a non-empty list');
    return [];
  }
  const codes = new Set<string>();
  const itemCodes = new Set<string>();
  const dimensions: SchemeDimension[] = [];
  raw.forEach((entry: unknown, index) => {
    const label = isObject(entry) && typeof entry.code === 'string' ? entry.code : `#${index + 1}`;
    const at = diagnostics.inContext(`dimension ${label}`);
    if (!isObject(entry)) return at.error('VITALS_E_INVALID_CONFIG', 'a dimension must be an object with code, name and items');
    checkKnownFields(entry, DIMENSION_FIELDS, at);
    const code = readString(entry, 'code', at);
    if (code !== undefined) {
      if (codes.has(code)) at.error('VITALS_E_INVALID_CONFIG', `duplicate dimension code "${code}"`);
      codes.add(code);
    }
    const name = readBilingual(entry, 'name', at);
    const points = readNumber(entry, 'points', at, { min: 0, exclusiveMin: true });
    if (!Array.isArray(entry.items) || entry.items.length === 0) at.error('VITALS_E_INVALID_CONFIG', '"items" must be a non-empty list');
    const items = (Array.isArray(entry.items) ? entry.items : [])
      .map((item: unknown, i: number) => readItem(item, i, totalPoints, known, itemCodes, at))
      .filter((i): i is SchemeItem => i !== undefined);
    if (points !== undefined) {
      const base = items.filter((i) => SCORING_RULES[i.rule].category === 'base').reduce((s, i) => s + i.points, 0);
      if (!sameTotal(base, points)) at.error('VITALS_E_INVALID_CONFIG', `base item points sum to ${round6(base)} but the dimension declares ${points}`);
    }
    if (code !== undefined && name) dimensions.push({ code, name, ...(points !== undefined ? { points } : {}), items });
  });
  return dimensions;
}

function readItem(raw: unknown, index: number, totalPoints: number | undefined, known: Set<string> | undefined, codes: Set<string>, diagnostics: Diagnostics): SchemeItem | undefined {
  const label = isObject(raw) && typeof raw.code === 'string' ? raw.code : `#${index + 1}`;
  const at = diagnostics.inContext(`item ${label}`);
  if (!isObject(raw)) {
    at.error('VITALS_E_INVALID_CONFIG', 'an item must be an object with code, name, points and rule');
    return undefined;
  }
  checkKnownFields(raw, ITEM_FIELDS, at);
  const code = readString(raw, 'code', at);
  if (code !== undefined) {
    if (codes.has(code)) at.error('VITALS_E_INVALID_CONFIG', `duplicate item code "${code}" (item codes are unique across the scheme)`);
    codes.add(code);
  }
  const name = readBilingual(raw, 'name', at);
  const kind = readEnum(raw, 'kind', ['indicator', 'task'] as const, at) ?? (raw.indicator !== undefined ? 'indicator' : 'task');
  const indicator = readString(raw, 'indicator', at, kind === 'indicator');
  if (kind === 'task' && indicator !== undefined) at.error('VITALS_E_INVALID_CONFIG', 'a task item has no indicator; use kind: indicator');
  if (indicator !== undefined && known && !known.has(indicator)) at.error('VITALS_E_INVALID_CONFIG', `unknown indicator "${indicator}"`);
  const unit = readUnit(raw, at);
  const polarity = readEnum(raw, 'polarity', POLARITIES, at) ?? (kind === 'task' ? 'higher_is_better' : undefined);
  const statuses = readStatuses(raw, at);

  const ruleName = raw.rule;
  let ruleOk = isScoringRuleName(ruleName);
  if (ruleName === undefined) at.error('VITALS_E_INVALID_CONFIG', `"rule" is required (one of ${SCORING_RULE_NAMES.join(', ')})`);
  else if (!ruleOk) at.error('VITALS_E_UNKNOWN_METHOD', `unknown scoring rule "${String(ruleName)}" (known: ${SCORING_RULE_NAMES.join(', ')})`);
  const isVeto = ruleName === 'veto';

  const points = resolvePoints(raw, isVeto, totalPoints, at);
  const params = raw.params ?? {};
  if (!isObject(params)) {
    at.error('VITALS_E_INVALID_CONFIG', '"params" must be an object');
    ruleOk = false;
  }
  if (ruleOk && isObject(params)) {
    const draft: ItemDraft = { code: code ?? label, kind, points, polarity };
    SCORING_RULES[ruleName as keyof typeof SCORING_RULES].validate(params, draft, at.inContext(`rule ${String(ruleName)}`));
  }
  if (code === undefined || !name || !ruleOk || points === undefined) return undefined;
  return {
    code,
    name,
    kind,
    ...(indicator !== undefined ? { indicator } : {}),
    ...(unit ? { unit } : {}),
    ...(polarity ? { polarity } : {}),
    points,
    ...(typeof raw.weight === 'number' ? { weight: raw.weight } : {}),
    rule: ruleName as SchemeItem['rule'],
    params: params as RawObject,
    ...(statuses ? { statuses } : {}),
  };
}

/** Points given directly, or `weight × totalPoints`; exactly one of the two (veto items: neither). */
function resolvePoints(raw: RawObject, isVeto: boolean, totalPoints: number | undefined, at: Diagnostics): number | undefined {
  const hasPoints = raw.points !== undefined;
  const hasWeight = raw.weight !== undefined;
  if (isVeto) {
    if (hasWeight) at.error('VITALS_E_INVALID_CONFIG', 'a veto item has no weight');
    return hasPoints ? readNumber(raw, 'points', at, { min: 0, max: 0 }) : 0;
  }
  if (hasPoints && hasWeight) {
    // A resolved scheme (JSON round trip of parseScheme's output) carries both, consistently.
    const consistent = typeof raw.points === 'number' && typeof raw.weight === 'number' && totalPoints !== undefined && sameTotal(raw.points, raw.weight * totalPoints);
    if (consistent) return raw.points as number;
    at.error('VITALS_E_INVALID_CONFIG', 'give either "points" or "weight", not both');
    return undefined;
  }
  if (hasWeight) {
    const weight = readNumber(raw, 'weight', at, { min: 0, exclusiveMin: true, max: 1 });
    return weight !== undefined && totalPoints !== undefined ? weight * totalPoints : undefined;
  }
  if (!hasPoints) {
    at.error('VITALS_E_INVALID_CONFIG', '"points" (or "weight") is required');
    return undefined;
  }
  return readNumber(raw, 'points', at, { min: 0, exclusiveMin: true });
}

function readVetoPolicy(raw: RawObject, hasVeto: boolean, diagnostics: Diagnostics): Scheme['vetoPolicy'] | undefined {
  const value = raw.vetoPolicy;
  if (value === undefined || value === null) {
    if (hasVeto) diagnostics.error('VITALS_E_INVALID_CONFIG', '"vetoPolicy" is required when the scheme has veto items ({ zeroTotal: true|false })');
    return { zeroTotal: false };
  }
  const at = diagnostics.inContext('vetoPolicy');
  if (!isObject(value)) {
    at.error('VITALS_E_INVALID_CONFIG', '"vetoPolicy" must be { zeroTotal: true|false }');
    return undefined;
  }
  checkKnownFields(value, ['zeroTotal'], at);
  const zeroTotal = readBoolean(value, 'zeroTotal', at);
  if (zeroTotal === undefined) at.error('VITALS_E_INVALID_CONFIG', '"zeroTotal" is required (true or false)');
  return zeroTotal === undefined ? undefined : { zeroTotal };
}

function readGradeBands(raw: unknown, totalPoints: number | undefined, diagnostics: Diagnostics): GradeBand[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    diagnostics.error('VITALS_E_INVALID_CONFIG', 'must be a non-empty list of {grade, label, minScore}');
    return undefined;
  }
  const bands: GradeBand[] = [];
  raw.forEach((entry: unknown, index) => {
    const at = diagnostics.inContext(`band ${index + 1}`);
    if (!isObject(entry)) return at.error('VITALS_E_INVALID_CONFIG', 'a grade band must be {grade, label, minScore}');
    checkKnownFields(entry, ['grade', 'label', 'minScore'], at);
    const grade = readEnum(entry, 'grade', GRADE_CODES, at, true);
    const label = readBilingual(entry, 'label', at);
    const minScore = readNumber(entry, 'minScore', at, { required: true, min: 0, ...(totalPoints !== undefined ? { max: totalPoints } : {}) });
    if (grade && label && minScore !== undefined) bands.push({ grade, label, minScore });
  });
  const grades = new Set<string>();
  const starts = new Map<number, string>();
  for (const band of bands) {
    if (grades.has(band.grade)) diagnostics.error('VITALS_E_INVALID_CONFIG', `grade "${band.grade}" appears twice`);
    grades.add(band.grade);
    const other = starts.get(band.minScore);
    if (other !== undefined) diagnostics.error('VITALS_E_INVALID_CONFIG', `grade bands "${other}" and "${band.grade}" overlap: both start at ${band.minScore}`);
    starts.set(band.minScore, band.grade);
  }
  if (bands.length === raw.length && !bands.some((b) => b.minScore === 0)) {
    const lowest = Math.min(...bands.map((b) => b.minScore));
    diagnostics.error('VITALS_E_INVALID_CONFIG', `totals below ${lowest} would have no grade: the lowest band must start at 0`);
  }
  return [...bands].sort((a, b) => b.minScore - a.minScore);
}
