/**
 * Validates an index definition (parsed YAML/JSON, so `unknown`) into an `IndexConfig`,
 * collecting every problem before failing, so that an author sees all mistakes at once.
 */
import { Diagnostics } from '../diagnostics.js';
import type {
  AggregationMethod,
  Direction,
  IndexConfig,
  IndicatorSpec,
  NodeSpec,
  NormalisationSpec,
  OutlierSpec,
  SensitivitySpec,
  WeightSpec,
} from './types.js';

export const AGGREGATION_METHODS: readonly AggregationMethod[] = ['arithmetic', 'geometric', 'harmonic', 'borda', 'copeland'];
const DIRECTIONS: readonly Direction[] = ['higher_is_better', 'lower_is_better'];
const NORMALISATIONS = ['minmax', 'zscore', 'target', 'rank', 'percentile', 'none'] as const;
const WEIGHTS = ['equal', 'explicit', 'ahp', 'pca', 'entropy'] as const;
const IMPUTATIONS = ['none', 'mean', 'median', 'locf'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `3`, `"3"`, `"1/3"` → number; anything else → NaN. */
export function parseJudgement(v: unknown): number {
  if (isNum(v)) return v;
  if (typeof v !== 'string') return NaN;
  const m = /^\s*([0-9.]+)\s*(?:\/\s*([0-9.]+)\s*)?$/.exec(v);
  if (!m) return NaN;
  const value = m[2] === undefined ? Number(m[1]) : Number(m[1]) / Number(m[2]);
  return Number.isFinite(value) ? value : NaN;
}

function oneOf<T extends string>(d: Diagnostics, v: unknown, allowed: readonly T[], what: string, fallback?: T): T {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  d.error('VITALS_E_UNKNOWN_METHOD', `${what} must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  return fallback ?? allowed[0]!;
}

function pair(d: Diagnostics, v: unknown, what: string): readonly [number, number] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || !isNum(v[0]) || !isNum(v[1]) || !(v[0] < v[1])) {
    d.error('VITALS_E_INVALID_CONFIG', `${what} must be two numbers [low, high] with low < high; got ${JSON.stringify(v)}`);
    return undefined;
  }
  return [v[0], v[1]];
}

export function parseNormalisation(d: Diagnostics, v: unknown): NormalisationSpec {
  if (v === undefined) return { method: 'minmax', range: [0, 1] };
  if (!isObj(v)) {
    d.error('VITALS_E_INVALID_CONFIG', 'normalisation must be an object with a "method"');
    return { method: 'minmax', range: [0, 1] };
  }
  const method = oneOf(d, v.method, NORMALISATIONS, 'normalisation method');
  const range = pair(d, v.range, 'normalisation range') ?? [0, 1];
  const goalposts = pair(d, v.goalposts, 'goalposts');
  const scale = v.scale === undefined ? undefined : Array.isArray(v.scale) && v.scale.length === 2 && isNum(v.scale[0]) && isNum(v.scale[1]) && v.scale[1] > 0 ? ([v.scale[0], v.scale[1]] as const) : undefined;
  if (v.scale !== undefined && !scale) d.error('VITALS_E_INVALID_CONFIG', 'z-score scale must be [mean, sd] with sd > 0');
  if (v.log !== undefined && typeof v.log !== 'boolean') d.error('VITALS_E_INVALID_CONFIG', 'log must be true or false');
  if (v.clamp !== undefined && typeof v.clamp !== 'boolean') d.error('VITALS_E_INVALID_CONFIG', 'clamp must be true or false');
  if (v.log === true && goalposts && goalposts[0] <= 0) d.error('VITALS_E_INVALID_CONFIG', 'log needs goalposts above 0');
  return {
    method,
    range,
    ...(goalposts ? { goalposts } : {}),
    ...(v.log === true ? { log: true } : {}),
    ...(v.clamp === true ? { clamp: true } : {}),
    ...(scale ? { scale } : {}),
  };
}

function parseOutliers(d: Diagnostics, v: unknown): OutlierSpec {
  if (v === undefined) return { method: 'none' };
  if (!isObj(v)) {
    d.error('VITALS_E_INVALID_CONFIG', 'outliers must be an object with a "method"');
    return { method: 'none' };
  }
  const method = oneOf(d, v.method, ['none', 'coinr'] as const, 'outlier method');
  for (const key of ['skewness', 'kurtosis', 'maxWinsorised'] as const) {
    if (v[key] !== undefined && !(isNum(v[key]) && (v[key] as number) >= 0)) d.error('VITALS_E_INVALID_CONFIG', `outliers.${key} must be a number ≥ 0`);
  }
  const fallback = oneOf(d, v.fallback, ['log', 'none'] as const, 'outlier fallback', 'log');
  return {
    method,
    skewness: isNum(v.skewness) ? v.skewness : 2,
    kurtosis: isNum(v.kurtosis) ? v.kurtosis : 3.5,
    maxWinsorised: isNum(v.maxWinsorised) ? Math.floor(v.maxWinsorised) : 5,
    fallback,
  };
}

function parseWeights(d: Diagnostics, v: unknown, children: readonly string[] | null): WeightSpec {
  if (v === undefined) return { method: 'equal' };
  if (!isObj(v)) {
    d.error('VITALS_E_INVALID_CONFIG', 'weights must be an object with a "method"');
    return { method: 'equal' };
  }
  const method = oneOf(d, v.method, WEIGHTS, 'weight method');
  if ((method === 'explicit' || method === 'ahp') && children === null) {
    d.error('VITALS_E_INVALID_CONFIG', `${method} weights name specific children; set them on a node, not index-wide`);
    return { method: 'equal' };
  }
  if (method === 'explicit') {
    const values = isObj(v.values) ? v.values : {};
    const out: Record<string, number> = {};
    for (const child of children!) {
      const w = values[child];
      if (!isNum(w) || w < 0) d.error('VITALS_E_INVALID_CONFIG', `explicit weight for "${child}" must be a number ≥ 0; got ${JSON.stringify(w)}`);
      else out[child] = w;
    }
    for (const key of Object.keys(values)) if (!children!.includes(key)) d.error('VITALS_E_INVALID_CONFIG', `explicit weight for unknown child "${key}"`);
    if (Object.values(out).length === children!.length && Object.values(out).every((w) => w === 0)) d.error('VITALS_E_INVALID_CONFIG', 'explicit weights are all zero');
    return { method, values: out };
  }
  if (method === 'ahp') return { method, matrix: parseAhpMatrix(d, v.matrix, children!) };
  if (method === 'pca' && v.components !== undefined) {
    if (!(Number.isInteger(v.components) && (v.components as number) >= 1)) d.error('VITALS_E_INVALID_CONFIG', 'pca components must be an integer ≥ 1');
    return { method, components: v.components as number };
  }
  return { method };
}

function parseAhpMatrix(d: Diagnostics, raw: unknown, children: readonly string[]): number[][] {
  const n = children.length;
  if (!Array.isArray(raw) || raw.length !== n || raw.some((row) => !Array.isArray(row) || row.length !== n)) {
    d.error('VITALS_E_INVALID_CONFIG', `AHP matrix must be ${n}×${n} (children ${children.join(', ')})`);
    return children.map((_, i) => children.map((__, j) => (i === j ? 1 : 1)));
  }
  const m = (raw as unknown[][]).map((row, i) =>
    row.map((cell, j) => {
      const x = parseJudgement(cell);
      if (!(x > 0)) d.error('VITALS_E_INVALID_CONFIG', `AHP matrix row ${i + 1}, column ${j + 1}: ${JSON.stringify(cell)} is not a positive number or fraction`);
      return x > 0 ? x : 1;
    }),
  );
  for (let i = 0; i < n; i++) {
    if (Math.abs(m[i]![i]! - 1) > 1e-9) d.error('VITALS_E_INVALID_CONFIG', `AHP matrix diagonal (row ${i + 1}) must be 1`);
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(m[i]![j]! * m[j]![i]! - 1) > 1e-3) {
        d.error('VITALS_E_INVALID_CONFIG', `AHP matrix is not reciprocal at (${i + 1},${j + 1}) and (${j + 1},${i + 1}): ${m[i]![j]} × ${m[j]![i]} ≠ 1`);
      }
    }
  }
  return m;
}

function parseIndicator(d: Diagnostics, v: unknown): IndicatorSpec | null {
  if (!isObj(v) || typeof v.code !== 'string' || v.code === '') {
    d.error('VITALS_E_INVALID_CONFIG', 'each indicator needs a non-empty "code"');
    return null;
  }
  const c = d.inContext(`indicator ${v.code}`);
  const direction = oneOf(c, v.direction, DIRECTIONS, 'direction');
  if (v.target !== undefined && !isNum(v.target)) c.error('VITALS_E_INVALID_CONFIG', 'target must be a number');
  const normalisation = v.normalisation === undefined ? undefined : parseNormalisation(c, v.normalisation);
  if (normalisation?.method === 'target' && !isNum(v.target)) c.error('VITALS_E_INVALID_CONFIG', 'distance-to-target normalisation needs a numeric "target"');
  return {
    code: v.code,
    direction,
    ...(isObj(v.name) ? { name: v.name as unknown as IndicatorSpec['name'] } : {}),
    ...(normalisation ? { normalisation } : {}),
    ...(isNum(v.target) ? { target: v.target } : {}),
    ...(v.outliers !== undefined ? { outliers: parseOutliers(c, v.outliers) } : {}),
  };
}

function parseNode(d: Diagnostics, v: unknown, seen: Set<string>, indicators: Set<string>, used: Set<string>): NodeSpec {
  if (!isObj(v) || typeof v.code !== 'string' || v.code === '') {
    d.error('VITALS_E_INVALID_CONFIG', 'each node of the structure needs a non-empty "code"');
    return { code: '?', children: [] };
  }
  const c = d.inContext(`node ${v.code}`);
  if (seen.has(v.code) || indicators.has(v.code)) c.error('VITALS_E_INVALID_CONFIG', `code "${v.code}" is used twice`);
  seen.add(v.code);
  const rawChildren = Array.isArray(v.children) ? v.children : [];
  if (rawChildren.length === 0) c.error('VITALS_E_INVALID_CONFIG', 'a node needs at least one child');
  const children = rawChildren.map((child): string | NodeSpec => {
    if (typeof child === 'string') {
      if (!indicators.has(child)) c.error('VITALS_E_INVALID_CONFIG', `child "${child}" is not a declared indicator`);
      else if (used.has(child)) c.error('VITALS_E_INVALID_CONFIG', `indicator "${child}" appears twice in the structure`);
      used.add(child);
      return child;
    }
    return parseNode(c, child, seen, indicators, used);
  });
  const childCodes = children.map((ch) => (typeof ch === 'string' ? ch : ch.code));
  const weights = v.weights === undefined ? undefined : parseWeights(c, v.weights, childCodes);
  const aggregation = v.aggregation === undefined ? undefined : oneOf(c, v.aggregation, AGGREGATION_METHODS, 'aggregation');
  return {
    code: v.code,
    children,
    ...(isObj(v.name) ? { name: v.name as unknown as NodeSpec['name'] } : {}),
    ...(weights ? { weights } : {}),
    ...(aggregation ? { aggregation } : {}),
  };
}

function parseSensitivity(d: Diagnostics, v: unknown): SensitivitySpec | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    d.error('VITALS_E_INVALID_CONFIG', 'sensitivity must be an object');
    return undefined;
  }
  const p = v.weightPerturbation;
  if (p !== undefined && !(isNum(p) && p >= 0 && p < 1)) d.error('VITALS_E_INVALID_CONFIG', 'sensitivity.weightPerturbation must be in [0, 1)');
  const norms = Array.isArray(v.normalisation) ? v.normalisation.map((n) => parseNormalisation(d.inContext('sensitivity'), n)) : undefined;
  const aggs = Array.isArray(v.aggregation) ? v.aggregation.map((a) => oneOf(d.inContext('sensitivity'), a, AGGREGATION_METHODS, 'aggregation')) : undefined;
  return { weightPerturbation: isNum(p) ? p : 0.25, ...(norms ? { normalisation: norms } : {}), ...(aggs ? { aggregation: aggs } : {}) };
}

/**
 * Validate and complete an index definition. Defaults: no imputation, no outlier treatment,
 * min-max onto [0, 1] with observed bounds, equal weights, arithmetic mean, re-weighting of
 * missing children.
 * @throws VitalsError VITALS_E_INVALID_CONFIG listing every problem found.
 */
export function parseIndexConfig(input: unknown): IndexConfig {
  const d = new Diagnostics(['index']);
  if (!isObj(input)) {
    d.error('VITALS_E_INVALID_CONFIG', 'an index definition must be an object');
    d.throwIfAny();
  }
  const v = input as Obj;
  if (typeof v.id !== 'string' || v.id === '') d.error('VITALS_E_INVALID_CONFIG', 'id is required');
  const rawIndicators = Array.isArray(v.indicators) ? v.indicators : [];
  if (rawIndicators.length === 0) d.error('VITALS_E_INVALID_CONFIG', 'indicators: at least one is required');
  const indicators = rawIndicators.map((x) => parseIndicator(d, x)).filter((x): x is IndicatorSpec => x !== null);
  const codes = new Set<string>();
  for (const ind of indicators) {
    if (codes.has(ind.code)) d.error('VITALS_E_INVALID_CONFIG', `indicator "${ind.code}" is declared twice`);
    codes.add(ind.code);
  }
  const used = new Set<string>();
  const structure = parseNode(d.inContext('structure'), v.structure, new Set(), codes, used);
  for (const code of codes) if (!used.has(code)) d.error('VITALS_E_INVALID_CONFIG', `indicator "${code}" is not placed in the structure`);
  const imputationRaw = isObj(v.imputation) ? v.imputation : {};
  const imputation = {
    method: oneOf(d, imputationRaw.method, IMPUTATIONS, 'imputation method', 'none'),
    ...(isObj(imputationRaw.peers) ? { peers: imputationRaw.peers as Record<string, string> } : {}),
  };
  const normalisation = parseNormalisation(d.inContext('normalisation'), v.normalisation);
  if (normalisation.method === 'target') {
    for (const ind of indicators) if (!ind.normalisation && ind.target === undefined) d.error('VITALS_E_INVALID_CONFIG', `indicator "${ind.code}": distance-to-target needs a "target"`);
  }
  const config: IndexConfig = {
    id: typeof v.id === 'string' ? v.id : '?',
    ...(isObj(v.name) ? { name: v.name as unknown as IndexConfig['name'] } : {}),
    ...(typeof v.description === 'string' ? { description: v.description } : {}),
    ...(v.demonstration === true ? { demonstration: true } : {}),
    indicators,
    structure,
    imputation,
    outliers: parseOutliers(d.inContext('outliers'), v.outliers),
    normalisation,
    weights: parseWeights(d.inContext('weights'), v.weights, null),
    aggregation: oneOf(d, v.aggregation, AGGREGATION_METHODS, 'aggregation', 'arithmetic'),
    missing: oneOf(d, v.missing, ['reweight', 'propagate'] as const, 'missing', 'reweight'),
    ...(v.topsis === true ? { topsis: true } : {}),
    ...(v.rsr !== undefined ? { rsr: parseRsr(d, v.rsr) } : {}),
    ...(v.sensitivity !== undefined ? { sensitivity: parseSensitivity(d, v.sensitivity)! } : {}),
  };
  checkCombinations(d, config);
  d.throwIfAny();
  return config;
}

function parseRsr(d: Diagnostics, v: unknown): IndexConfig['rsr'] {
  if (v === true) return {};
  if (!isObj(v)) {
    d.error('VITALS_E_INVALID_CONFIG', 'rsr must be true or an object { cuts, labels }');
    return {};
  }
  const cuts = v.cuts;
  if (cuts !== undefined && !(Array.isArray(cuts) && cuts.every(isNum) && cuts.every((c, i) => i === 0 || c > (cuts[i - 1] as number)))) {
    d.error('VITALS_E_INVALID_CONFIG', 'rsr.cuts must be increasing probit values, e.g. [4, 6]');
  }
  const labels = v.labels;
  const nCuts = Array.isArray(cuts) ? cuts.length : 2;
  if (labels !== undefined && !(Array.isArray(labels) && labels.length === nCuts + 1 && labels.every((l) => typeof l === 'string'))) {
    d.error('VITALS_E_INVALID_CONFIG', `rsr.labels must be ${nCuts + 1} strings (one more than cuts)`);
  }
  return { ...(Array.isArray(cuts) ? { cuts: cuts as number[] } : {}), ...(Array.isArray(labels) ? { labels: labels as string[] } : {}) };
}

/** Geometric/harmonic means and entropy weights need non-negative inputs; z-scores are not. */
function checkCombinations(d: Diagnostics, config: IndexConfig): void {
  const norms = [config.normalisation, ...config.indicators.map((i) => i.normalisation).filter((n): n is NormalisationSpec => !!n), ...(config.sensitivity?.normalisation ?? [])];
  if (!norms.some((n) => n.method === 'zscore')) return;
  const aggs = new Set<string>([config.aggregation, ...(config.sensitivity?.aggregation ?? [])]);
  const weights = new Set<string>([config.weights.method]);
  const walk = (node: NodeSpec): void => {
    if (node.aggregation) aggs.add(node.aggregation);
    if (node.weights) weights.add(node.weights.method);
    node.children.forEach((c) => typeof c !== 'string' && walk(c));
  };
  walk(config.structure);
  for (const a of ['geometric', 'harmonic']) {
    if (aggs.has(a)) d.error('VITALS_E_INVALID_CONFIG', `${a} aggregation needs positive values; z-scores can be negative — use minmax, target, rank or percentile`);
  }
  if (weights.has('entropy')) d.error('VITALS_E_INVALID_CONFIG', 'entropy weights need non-negative values; z-scores can be negative');
}
