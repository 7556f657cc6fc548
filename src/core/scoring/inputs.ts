/**
 * Building scoring inputs from plain-file rows (already parsed into records by the caller).
 * Two layouts are accepted:
 * - item rows `region,item,value[,attained][,previous][,target][,status]`, one row per
 *   region × scheme item (region-specific targets and task statuses live here);
 * - the shared observations layout `region,indicator,period,value`: indicator items take the
 *   value of their indicator in the scored period and `previous` from the same period a year
 *   earlier; other items read rows whose `indicator` column holds the item code.
 * Every bad row is reported at once, naming file, row (header = row 1) and column.
 */
import { Diagnostics } from '../diagnostics.js';
import { isVitalsError } from '../errors.js';
import { formatPeriod, normalizePeriodCode, parsePeriod, samePeriodLastYear } from '../period/index.js';
import type { ItemInput, RegionScoringInput, Scheme, SchemeItem } from './types.js';

export type ItemRow = Readonly<Record<string, string | undefined>>;
export type ObservationRow = Readonly<Record<string, string | undefined>>;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', '是', '达标', '已达标']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', '否', '未达标']);

function parseNumber(text: string | undefined, column: string, at: Diagnostics): number | null | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text.trim());
  if (!Number.isFinite(value)) {
    at.error('VITALS_E_INVALID_INPUT', `column "${column}": "${text}" is not a number`);
    return null;
  }
  return value;
}

function parseAttained(text: string | undefined, at: Diagnostics): boolean | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  at.error('VITALS_E_INVALID_INPUT', `column "attained": "${text}" is not true/false (also 1/0, yes/no, 是/否, 达标/未达标)`);
  return undefined;
}

function requireCell(row: ItemRow, column: string, at: Diagnostics): string | undefined {
  const text = row[column]?.trim();
  if (!text) at.error('VITALS_E_INVALID_INPUT', `column "${column}": value is required`);
  return text || undefined;
}

function schemeItems(scheme: Scheme): Map<string, SchemeItem> {
  return new Map(scheme.dimensions.flatMap((d) => d.items.map((i) => [i.code, i] as const)));
}

function collect(byRegion: Map<string, Record<string, ItemInput>>): RegionScoringInput[] {
  return [...byRegion].map(([region, items]) => ({ region, items }));
}

/**
 * Item rows → one input per region, in order of first appearance.
 * A non-numeric `value` naming one of the item's `statuses` is read as that status.
 * @throws VitalsError VITALS_E_INVALID_INPUT listing every bad row.
 */
export function inputsFromItemRows(rows: readonly ItemRow[], scheme: Scheme, file = 'data.csv'): RegionScoringInput[] {
  const diagnostics = new Diagnostics([file]);
  const items = schemeItems(scheme);
  const byRegion = new Map<string, Record<string, ItemInput>>();
  rows.forEach((row, index) => {
    const at = diagnostics.inContext(`row ${index + 2}`);
    const region = requireCell(row, 'region', at);
    const code = requireCell(row, 'item', at);
    if (region === undefined || code === undefined) return;
    const item = items.get(code);
    if (!item) return at.error('VITALS_E_INVALID_INPUT', `column "item": "${code}" is not an item of scheme ${scheme.code}`);
    const input: { -readonly [K in keyof ItemInput]: ItemInput[K] } = {};
    const valueText = row.value?.trim() ?? '';
    const status = row.status?.trim();
    if (valueText !== '' && !Number.isFinite(Number(valueText)) && item.statuses?.[valueText] !== undefined) input.status = valueText;
    else {
      const value = parseNumber(row.value, 'value', at);
      if (value !== undefined && value !== null) input.value = value;
    }
    if (status) input.status = status;
    const attained = parseAttained(row.attained, at);
    if (attained !== undefined) input.attained = attained;
    const previous = parseNumber(row.previous, 'previous', at);
    if (previous !== undefined && previous !== null) input.previous = previous;
    const target = parseNumber(row.target, 'target', at);
    if (target !== undefined && target !== null) input.target = target;
    const regionItems = byRegion.get(region) ?? {};
    if (regionItems[code] !== undefined) return at.error('VITALS_E_INVALID_INPUT', `region ${region}, item ${code} appears twice`);
    regionItems[code] = input;
    byRegion.set(region, regionItems);
  });
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');
  return collect(byRegion);
}

/**
 * Observation rows (`region,indicator,period,value`) → inputs for `period`. Regions are every
 * region in the file; a region without a value for an item gets no input for it (scored as missing).
 * @throws VitalsError VITALS_E_INVALID_PERIOD for a bad `period`, VITALS_E_INVALID_INPUT listing every bad row.
 */
export function inputsFromObservations(rows: readonly ObservationRow[], scheme: Scheme, period: string, file = 'obs.csv'): RegionScoringInput[] {
  const current = parsePeriod(normalizePeriodCode(period));
  const previousCode = formatPeriod(samePeriodLastYear(current));
  const diagnostics = new Diagnostics([file]);
  // region → indicator → period → value (null = reported empty)
  const values = new Map<string, Map<string, Map<string, number | null>>>();
  rows.forEach((row, index) => {
    const at = diagnostics.inContext(`row ${index + 2}`);
    const region = requireCell(row, 'region', at);
    const indicator = requireCell(row, 'indicator', at);
    const periodText = requireCell(row, 'period', at);
    if (region === undefined || indicator === undefined || periodText === undefined) return;
    let code: string;
    try {
      code = normalizePeriodCode(periodText);
    } catch (error) {
      if (!isVitalsError(error)) throw error;
      return at.error('VITALS_E_INVALID_INPUT', `column "period": "${periodText}" is not a period code (2025, 2025H1, 2025Q3, 2025M07)`);
    }
    const value = parseNumber(row.value, 'value', at);
    const byIndicator = values.get(region) ?? new Map<string, Map<string, number | null>>();
    values.set(region, byIndicator);
    const byPeriod = byIndicator.get(indicator) ?? new Map<string, number | null>();
    byIndicator.set(indicator, byPeriod);
    if (byPeriod.has(code)) return at.error('VITALS_E_INVALID_INPUT', `region ${region}, indicator ${indicator}, period ${code} appears twice`);
    byPeriod.set(code, value ?? null);
  });
  diagnostics.throwIfAny('VITALS_E_INVALID_INPUT');

  const byRegion = new Map<string, Record<string, ItemInput>>();
  for (const [region, byIndicator] of values) {
    const items: Record<string, ItemInput> = {};
    for (const item of schemeItems(scheme).values()) {
      const series = byIndicator.get(item.indicator ?? item.code);
      const value = series?.get(current.code) ?? null;
      const previous = series?.get(previousCode) ?? null;
      if (value === null && previous === null) continue;
      items[item.code] = { ...(value !== null ? { value } : {}), ...(previous !== null ? { previous } : {}) };
    }
    byRegion.set(region, items);
  }
  return collect(byRegion);
}
