/**
 * One framework YAML file → a core `Framework` with `ContentTarget`s. Structure only: every
 * field problem is reported as `frameworks/x.yaml → targets[12] BEDS_PER_1000 2025 → field`.
 * Cross-checks against the catalogue, the regions and the parent plan live in frameworks.ts.
 */
import type { Diagnostics } from '../core/diagnostics.js';
import type { AdoptedIndicator, Baseline, FrameworkGroup, FrameworkIndicator, FrameworkRef } from '../core/framework/index.js';
import { INDICATOR_KINDS, INDICATOR_NATURES } from '../core/framework/index.js';
import type { IndicatorKind, IndicatorNature } from '../core/indicator/types.js';
import type { Provenance, SourceRef, VerificationFlag } from '../core/provenance.js';
import { REGION_LEVELS } from '../core/region/index.js';
import type { TargetScope, TargetSpec } from '../core/target/types.js';
import { validateTargetSpec } from '../core/target/validate.js';
import { FieldReader, isRecord, type RawRecord } from './fields.js';
import type { ContentTarget, LoadedFramework } from './types.js';

const TOP_FIELDS = ['code', 'version', 'name', 'ownerRegion', 'level', 'startYear', 'endYear', 'source', 'parent', 'verification', 'defaults', 'groups', 'indicators', 'targets'];
const DEFAULT_FIELDS = ['scope', 'verification', 'sourceTable', 'clause', 'nature', 'kind'];
const INDICATOR_FIELDS = ['code', 'group', 'nature', 'kind', 'baseline', 'adopted', 'verification', 'sourceTable', 'note'];
const TARGET_FIELDS = ['indicator', 'scope', 'milestoneYear', 'wording', 'spec', 'clause', 'verification', 'note', 'sourceTable', 'sourceRow', 'baseline'];

interface Defaults {
  scope?: TargetScope;
  verification?: VerificationFlag;
  sourceTable?: string;
  clause?: string;
  nature?: IndicatorNature;
  kind?: IndicatorKind;
}

/** A stable, readable target id: `healthy-hebei-2023-2027:BEDS_PER_1000@130000:2025`. */
export function targetId(framework: string, indicator: string, scope: TargetScope, year: number): string {
  const where = 'region' in scope ? scope.region : `${scope.level}${scope.within ? `<${scope.within}` : ''}`;
  return `${framework}:${indicator}@${where}:${year}`;
}

function readScope(raw: unknown, d: Diagnostics): TargetScope | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) return void d.error('VITALS_E_INVALID_CONFIG', 'scope must be { region } or { level, within }');
  const r = new FieldReader(raw, d.inContext('scope'));
  r.rejectUnknown(['region', 'level', 'within']);
  if (r.has('region')) return { region: r.text('region', true) };
  const level = r.oneOf('level', REGION_LEVELS, true);
  const within = r.text('within');
  return level ? { level, ...(within ? { within } : {}) } : undefined;
}

function readBaseline(raw: unknown, d: Diagnostics): Baseline | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) return void d.error('VITALS_E_INVALID_CONFIG', 'baseline must be { year, value?, wording? }');
  const r = new FieldReader(raw, d.inContext('baseline'));
  r.rejectUnknown(['year', 'value', 'wording']);
  const year = r.integer('year', true);
  const value = r.number('value');
  const wording = r.text('wording');
  return year === undefined ? undefined : { year, ...(value !== undefined ? { value } : {}), ...(wording ? { wording } : {}) };
}

function readSource(raw: unknown, d: Diagnostics): SourceRef {
  if (!isRecord(raw)) {
    d.error('VITALS_E_INVALID_CONFIG', 'source is required ({ document, clause?, note?, url? })');
    return { document: '' };
  }
  const r = new FieldReader(raw, d.inContext('source'));
  r.rejectUnknown(['document', 'clause', 'note', 'url']);
  const [clause, note, url] = [r.text('clause'), r.text('note'), r.text('url')];
  return { document: r.text('document', true), ...(clause ? { clause } : {}), ...(note ? { note } : {}), ...(url ? { url } : {}) };
}

function readDefaults(raw: unknown, d: Diagnostics): Defaults {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    d.error('VITALS_E_INVALID_CONFIG', 'defaults must be a mapping');
    return {};
  }
  const c = d.inContext('defaults');
  const r = new FieldReader(raw, c);
  r.rejectUnknown(DEFAULT_FIELDS);
  const out: Defaults = {};
  const scope = readScope(raw.scope, c);
  if (scope) out.scope = scope;
  const verification = r.verification('verification', false);
  if (verification) out.verification = verification;
  for (const key of ['sourceTable', 'clause'] as const) {
    const value = r.text(key);
    if (value) out[key] = value;
  }
  const nature = r.oneOf('nature', INDICATOR_NATURES);
  if (nature) out.nature = nature;
  const kind = r.oneOf('kind', INDICATOR_KINDS);
  if (kind) out.kind = kind;
  return out;
}

function label(raw: unknown, ...keys: string[]): string {
  return isRecord(raw) ? keys.map((k) => raw[k]).filter((v) => v !== undefined).join(' ') : '';
}

/** Parse one framework file's data. Problems are reported into `diagnostics`. */
export function parseFramework(data: unknown, file: string, diagnostics: Diagnostics): LoadedFramework | undefined {
  const d = diagnostics.inContext(file);
  if (!isRecord(data)) return void d.error('VITALS_E_INVALID_CONFIG', 'expected a mapping (code, version, name, …)');
  const top = new FieldReader(data, d);
  top.rejectUnknown(TOP_FIELDS);
  const code = top.text('code', true);
  const source = readSource(data.source, d);
  const frameworkFlag = top.verification('verification', true) ?? 'recalled_unverified';
  const defaults = readDefaults(data.defaults, d);

  const groups: FrameworkGroup[] = top.list('groups').flatMap((raw, i) => {
    const c = d.inContext(`groups[${i}] ${label(raw, 'code')}`.trim());
    if (!isRecord(raw)) {
      c.error('VITALS_E_INVALID_CONFIG', 'expected a mapping');
      return [];
    }
    const r = new FieldReader(raw, c);
    r.rejectUnknown(['code', 'name', 'description']);
    const [gcode, name, description] = [r.text('code', true), r.localized('name', true), r.localized('description')];
    return name ? [{ code: gcode, name, ...(description ? { description } : {}) }] : [];
  });

  const indicators: FrameworkIndicator[] = [];
  const adopts: AdoptedIndicator[] = [];
  const baselines = new Map<string, Baseline>();
  top.list('indicators').forEach((raw, i) => {
    const c = d.inContext(`indicators[${i}] ${label(raw, 'code')}`.trim());
    if (!isRecord(raw)) return c.error('VITALS_E_INVALID_CONFIG', 'expected a mapping');
    const entry = readIndicatorEntry(raw, c, defaults, source, frameworkFlag);
    if (!entry) return;
    if (entry.baseline) baselines.set(entry.indicator, entry.baseline);
    if (raw.adopted === true) adopts.push(entry.adopted);
    else indicators.push(entry.own);
  });

  const targets = top.list('targets').flatMap((raw, i) => {
    const c = d.inContext(`targets[${i}] ${label(raw, 'indicator', 'milestoneYear')}`.trim());
    if (!isRecord(raw)) {
      c.error('VITALS_E_INVALID_CONFIG', 'expected a mapping');
      return [];
    }
    const target = readTarget(raw, c, code, defaults, source, baselines);
    return target ? [target] : [];
  });

  const parent = readParent(data.parent, d);
  const level = top.oneOf('level', REGION_LEVELS, true);
  return {
    code,
    version: top.text('version', true),
    name: top.localized('name', true) ?? { zh: '' },
    ownerRegion: top.text('ownerRegion', true),
    level: level ?? 'nation',
    years: { start: top.integer('startYear', true) ?? Number.NaN, end: top.integer('endYear', true) ?? Number.NaN },
    ...(parent ? { parent } : {}),
    groups,
    indicators,
    ...(adopts.length > 0 ? { adopts } : {}),
    targets,
    provenance: { source, verification: frameworkFlag },
    source,
    file,
  };
}

function readParent(raw: unknown, d: Diagnostics): FrameworkRef | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) return void d.error('VITALS_E_INVALID_CONFIG', 'parent must be { code, version }');
  const r = new FieldReader(raw, d.inContext('parent'));
  return { code: r.text('code', true), version: r.text('version', true) };
}

function readIndicatorEntry(raw: RawRecord, c: Diagnostics, defaults: Defaults, source: SourceRef, frameworkFlag: VerificationFlag) {
  const r = new FieldReader(raw, c);
  r.rejectUnknown(INDICATOR_FIELDS);
  const indicator = r.text('code', true);
  const group = r.text('group', true);
  const nature = r.oneOf('nature', INDICATOR_NATURES);
  const kind = r.oneOf('kind', INDICATOR_KINDS);
  const baseline = readBaseline(raw.baseline, c);
  const note = r.text('note');
  const table = r.text('sourceTable') ?? defaults.sourceTable;
  const verification = r.verification('verification', false) ?? defaults.verification ?? frameworkFlag;
  const provenance: Provenance = { source: { ...source, ...(table ? { note: `${source.note ? `${source.note} ` : ''}表：${table}` } : {}) }, verification };
  const shared = { indicator, group, ...(baseline ? { baseline } : {}), provenance, ...(note ? { note } : {}) };
  // Adopted entries inherit nature and kind from the parent unless they state their own.
  const adopted: AdoptedIndicator = { ...shared, ...(nature ? { nature } : {}), ...(kind ? { kind } : {}) };
  const ownNature = nature ?? defaults.nature;
  const ownKind = kind ?? defaults.kind;
  if (raw.adopted !== true && (!ownNature || !ownKind)) c.error('VITALS_E_INVALID_CONFIG', 'nature and kind are required (here or in defaults)');
  const own: FrameworkIndicator = { ...shared, nature: ownNature ?? 'expected', kind: ownKind ?? 'outcome' };
  return { indicator, baseline, adopted, own };
}

function readTarget(
  raw: RawRecord,
  c: Diagnostics,
  framework: string,
  defaults: Defaults,
  source: SourceRef,
  baselines: ReadonlyMap<string, Baseline>,
): ContentTarget | undefined {
  const r = new FieldReader(raw, c);
  r.rejectUnknown(TARGET_FIELDS);
  const indicator = r.text('indicator', true);
  const milestoneYear = r.integer('milestoneYear', true);
  const wording = r.text('wording', true);
  const clause = r.text('clause') ?? defaults.clause;
  if (!clause) c.error('VITALS_E_INVALID_CONFIG', 'clause is required (the section of the source document)');
  const verification = r.verification('verification', !defaults.verification) ?? defaults.verification;
  const scope = readScope(raw.scope, c) ?? defaults.scope;
  if (!scope) c.error('VITALS_E_INVALID_CONFIG', 'scope is required (here or in defaults)');
  const specOk = validateTargetSpec(raw.spec, c.inContext('spec'));
  const note = r.text('note');
  const sourceTable = r.text('sourceTable') ?? defaults.sourceTable;
  const sourceRow = r.integer('sourceRow');
  const stated = readBaseline(raw.baseline, c);
  if (!indicator || milestoneYear === undefined || !wording || !verification || !scope || !specOk) return undefined;

  // The plan's stated baseline applies to every target of the indicator set after it.
  const known = stated ?? baselines.get(indicator);
  const baseline = known && known.year <= milestoneYear ? { year: known.year, ...(known.value !== undefined ? { value: known.value } : {}) } : undefined;
  return {
    id: targetId(framework, indicator, scope, milestoneYear),
    framework,
    indicator,
    scope,
    milestoneYear,
    spec: raw.spec as TargetSpec,
    wording,
    ...(baseline ? { baseline } : {}),
    provenance: { source: { document: source.document, ...(clause ? { clause } : {}), ...(source.url ? { url: source.url } : {}) }, verification },
    ...(note ? { note } : {}),
    ...(sourceTable ? { sourceTable } : {}),
    ...(sourceRow !== undefined ? { sourceRow } : {}),
  };
}
