/**
 * The indicator catalogue (`content/indicators.yaml`): data elements and indicators, read
 * into core types and compiled by the core indicator compiler, which checks formulas,
 * references, factors against units and aggregation rules.
 */
import { Diagnostics } from '../core/diagnostics.js';
import { compileIndicators } from '../core/indicator/index.js';
import { AGGREGATION_RULES, POLARITIES } from '../core/indicator/index.js';
import type { AggregationRule, DataElement, IndicatorDefinition, IndicatorFactor, LocalizedText } from '../core/indicator/types.js';
import { PERIOD_TYPES, type PeriodType } from '../core/period/index.js';
import { FieldReader, isRecord } from './fields.js';
import { contentDir, readContentYaml, type ContentOptions } from './files.js';
import type { IndicatorCatalogue } from './types.js';

export const CATALOGUE_FILE = 'indicators.yaml';

/** Suffix of the data element that stores a direct indicator's value or a ratio's reported value. */
export const VALUE_ELEMENT_SUFFIX = '_VALUE';

const ELEMENT_FIELDS = ['code', 'name', 'unit', 'aggregation', 'periodType', 'weightElement', 'definition', 'source', 'responsibleDepartment'];
const INDICATOR_FIELDS = [
  ...ELEMENT_FIELDS,
  'polarity', 'numerator', 'denominator', 'factor', 'formula', 'reported', 'bounds',
];
const FACTORS: readonly number[] = [1, 100, 1000, 10000, 100000];

interface Common {
  code: string;
  name: LocalizedText;
  unit: string;
  aggregation: AggregationRule;
  periodType: PeriodType;
  weightElement?: string;
  definition?: LocalizedText;
  source?: string;
  responsibleDepartment?: string;
}

function readCommon(r: FieldReader, defaultPeriod: PeriodType): Common | undefined {
  const code = r.text('code', true);
  const name = r.localized('name', true);
  const unit = typeof r.record.unit === 'string' ? r.record.unit : r.text('unit', true);
  const aggregation = r.oneOf('aggregation', AGGREGATION_RULES, true);
  const periodType = r.has('periodType') ? r.oneOf('periodType', PERIOD_TYPES) : defaultPeriod;
  if (!code || !name || !aggregation || !periodType) return undefined;
  const common: Common = { code, name, unit, aggregation, periodType };
  const optional = { weightElement: r.text('weightElement'), definition: r.localized('definition'), source: r.text('source'), responsibleDepartment: r.text('responsibleDepartment') };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (common as unknown as Record<string, unknown>)[key] = value;
  return common;
}

function elementFrom(common: Common, overrides: Partial<Common> = {}): DataElement {
  const { code, name, unit, aggregation, periodType, weightElement, definition, source, responsibleDepartment } = { ...common, ...overrides };
  return {
    code, name, unit, aggregation, periodType,
    ...(weightElement !== undefined ? { weightElement } : {}),
    ...(definition ? { definition } : {}),
    ...(source ? { source } : {}),
    ...(responsibleDepartment ? { responsibleDepartment } : {}),
  };
}

function readIndicator(r: FieldReader, defaultPeriod: PeriodType, elements: DataElement[], valueElements: Map<string, string>): IndicatorDefinition | undefined {
  r.rejectUnknown(INDICATOR_FIELDS);
  const common = readCommon(r, defaultPeriod);
  const polarity = r.oneOf('polarity', POLARITIES, true);
  const numerator = r.text('numerator');
  const denominator = r.text('denominator');
  let formula = r.text('formula');
  const factor = r.number('factor');
  if (factor !== undefined && !FACTORS.includes(factor)) r.oneOf('factor', FACTORS.map(String));
  const reported = r.record.reported === true;
  if (!common || !polarity) return undefined;

  const valueElement = `${common.code}${VALUE_ELEMENT_SUFFIX}`;
  if (formula === undefined && numerator === undefined && denominator === undefined) {
    // Direct indicator: its values live in `<CODE>_VALUE`.
    elements.push(elementFrom({ ...common, code: valueElement }));
    valueElements.set(common.code, valueElement);
    formula = valueElement;
  } else if (reported) {
    // The official figure of a computed rate, for regions whose counts Vitals does not hold.
    elements.push(elementFrom({ ...common, code: valueElement, aggregation: 'not_aggregatable' }, { weightElement: undefined }));
    valueElements.set(common.code, valueElement);
  }
  const bounds = readBounds(r, common.unit);
  const { weightElement, definition, source, responsibleDepartment, ...rest } = common;
  return {
    ...rest,
    polarity,
    ...(numerator !== undefined ? { numerator } : {}),
    ...(denominator !== undefined ? { denominator } : {}),
    ...(factor !== undefined ? { factor: factor as IndicatorFactor } : {}),
    ...(formula !== undefined ? { formula } : {}),
    ...(weightElement !== undefined ? { weightElement } : {}),
    ...(bounds ? { bounds } : {}),
    ...(definition ? { definition } : {}),
    ...(source ? { source } : {}),
    ...(responsibleDepartment ? { responsibleDepartment } : {}),
  };
}

function readBounds(r: FieldReader, unit: string): { min?: number; max?: number } | undefined {
  const raw = r.record.bounds;
  if (raw === undefined) return unit === '%' ? { min: 0, max: 100 } : undefined;
  if (!isRecord(raw)) {
    r.text('bounds'); // reports the wrong type
    return undefined;
  }
  const b = new FieldReader(raw, r.d.inContext('bounds'));
  const min = b.number('min');
  const max = b.number('max');
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/**
 * Parse catalogue data (already read from YAML). Problems are reported into `diagnostics`
 * under `indicators.yaml → indicator CODE → field`.
 */
export function parseCatalogue(data: unknown, diagnostics: Diagnostics, file = CATALOGUE_FILE): IndicatorCatalogue {
  const d = diagnostics.inContext(file);
  const dataElements: DataElement[] = [];
  const indicators: IndicatorDefinition[] = [];
  const valueElements = new Map<string, string>();
  if (!isRecord(data)) {
    d.error('VITALS_E_INVALID_CONFIG', 'expected a mapping with dataElements and indicators');
    return { dataElements, indicators, valueElements };
  }
  const top = new FieldReader(data, d);
  top.rejectUnknown(['defaults', 'dataElements', 'indicators']);
  const defaults = isRecord(data.defaults) ? new FieldReader(data.defaults, d.inContext('defaults')) : undefined;
  const defaultPeriod = defaults?.oneOf('periodType', PERIOD_TYPES) ?? 'year';

  top.list('dataElements').forEach((raw, i) => {
    const c = d.inContext(`dataElements[${i}]${isRecord(raw) && raw.code ? ` ${String(raw.code)}` : ''}`);
    if (!isRecord(raw)) return c.error('VITALS_E_INVALID_CONFIG', 'expected a mapping');
    const r = new FieldReader(raw, c);
    r.rejectUnknown(ELEMENT_FIELDS);
    const common = readCommon(r, defaultPeriod);
    if (common) dataElements.push(elementFrom(common));
  });
  top.list('indicators').forEach((raw, i) => {
    const c = d.inContext(`indicators[${i}]${isRecord(raw) && raw.code ? ` ${String(raw.code)}` : ''}`);
    if (!isRecord(raw)) return c.error('VITALS_E_INVALID_CONFIG', 'expected a mapping');
    const indicator = readIndicator(new FieldReader(raw, c), defaultPeriod, dataElements, valueElements);
    if (indicator) indicators.push(indicator);
  });

  // Formulas, references, factors and aggregation rules: the core compiler checks them all.
  compileIndicators(dataElements, indicators, d);
  return { dataElements, indicators, valueElements };
}

/**
 * Load and validate `content/indicators.yaml`.
 * @throws VitalsError VITALS_E_INVALID_CONFIG listing every problem (file → entry → field).
 */
export function loadIndicatorCatalogue(options: ContentOptions = {}): IndicatorCatalogue {
  const diagnostics = new Diagnostics();
  const catalogue = parseCatalogue(readContentYaml(contentDir(options), CATALOGUE_FILE), diagnostics);
  diagnostics.throwIfAny();
  return catalogue;
}
