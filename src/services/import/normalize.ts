/**
 * One raw row → one validated data value, or the reasons it is not one. Every problem of a row
 * is reported (not just the first); checks that need an earlier answer (the period type needs
 * the data element) are skipped when that answer is missing.
 */
import { VitalsError } from '../../core/errors.js';
import { containingPeriod, makePeriod, normalizePeriodCode, parsePeriod, periodEnd, periodStart, type Period } from '../../core/period/index.js';
import { dayBefore, isActiveDuring, type Region } from '../../core/region/index.js';
import type { Area, Sex } from '../../storage/index.js';
import { cellText, isBlank, type Cell, type ColumnLabels, type Field, type RawRow } from './cells.js';
import { parseNumberCell } from './numbers.js';
import type { ProblemList } from './problems.js';
import type { ElementInfo, ReferenceData } from './reference.js';
import { checkValue } from './value-rules.js';

export interface Candidate {
  readonly row: number;
  readonly dataElement: string;
  readonly region: string;
  readonly period: string;
  readonly sex: Sex;
  readonly ageGroup: string;
  readonly area: Area;
  readonly value: number;
  /** Undefined: the file says nothing, the stored comment is kept. */
  readonly comment?: string;
  readonly source?: string;
}

/** The key a value is stored under: element|region|period|sex|age|area (as in the audit log). */
export function candidateKey(c: Pick<Candidate, 'dataElement' | 'region' | 'period' | 'sex' | 'ageGroup' | 'area'>): string {
  return [c.dataElement, c.region, c.period, c.sex, c.ageGroup, c.area].join('|');
}

const SEX_WORDS: Readonly<Record<string, Sex>> = {
  合计: 'total', 总计: 'total', 全部: 'total', 小计: 'total', total: 'total', all: 'total', both: 'total', 0: 'total',
  男: 'male', 男性: 'male', male: 'male', m: 'male', 1: 'male',
  女: 'female', 女性: 'female', female: 'female', f: 'female', 2: 'female',
};
const AREA_WORDS: Readonly<Record<string, Area>> = {
  合计: 'total', 总计: 'total', 全部: 'total', 城乡合计: 'total', total: 'total', all: 'total',
  城市: 'urban', 城镇: 'urban', 城: 'urban', 城区: 'urban', urban: 'urban',
  农村: 'rural', 乡村: 'rural', 乡: 'rural', rural: 'rural',
};

function word(cell: Cell): string {
  return cellText(cell).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function textOf(cell: Cell | undefined): string | undefined {
  if (isBlank(cell)) return undefined;
  const t = cellText(cell).trim();
  return t === '' ? undefined : t;
}

/** A period from a cell: text codes and variants, a number (`2025`, `202507`), or a date. */
function periodOf(cell: Cell, element: ElementInfo | undefined): Period {
  if (cell.t === 'date') {
    // A date means the element's period containing that day (Excel turns `2025-07` into 2025-07-01).
    const month = makePeriod('month', cell.v.getUTCFullYear(), cell.v.getUTCMonth() + 1);
    return element ? containingPeriod(month, element.periodType) : month;
  }
  const shown = cell.t === 'num' && Number.isInteger(cell.v) ? String(cell.v) : cellText(cell);
  return parsePeriod(normalizePeriodCode(shown));
}

const PERIOD_TYPE_NAMES = { year: 'year 年', half_year: 'half-year 半年', quarter: 'quarter 季', month: 'month 月' } as const;

/** Validate one row; returns the candidate, `'empty'` when it has no value, or undefined on errors. */
export function normalizeRow(raw: RawRow, ref: ReferenceData, labels: ColumnLabels, problems: ProblemList): Candidate | 'empty' | undefined {
  const { row, cells } = raw;
  const col = (field: Field): string => labels[field] ?? field;
  const fail = (field: Field, code: Parameters<ProblemList['error']>[0], params: Record<string, unknown>): void => {
    const shown = textOf(cells[field]);
    problems.error(code, params, { row, column: col(field), ...(shown !== undefined ? { value: shown } : {}) });
  };

  // Nothing to store: skip the row without judging its other cells (templates list every cell).
  const valueCell = cells.value;
  const firstParse = parseNumberCell(valueCell);
  if (firstParse.kind === 'empty') return 'empty';

  let element: ElementInfo | undefined;
  const elementText = textOf(cells.dataElement);
  if (elementText === undefined) fail('dataElement', 'VITALS_E_MISSING_FIELD', { field: col('dataElement') });
  else {
    const found = ref.element(elementText);
    if (found.ok) element = found.value;
    else fail('dataElement', found.code, found.params);
  }

  let period: Period | undefined;
  if (isBlank(cells.period)) fail('period', 'VITALS_E_MISSING_FIELD', { field: col('period') });
  else {
    try {
      period = periodOf(cells.period!, element);
    } catch (error) {
      if (!(error instanceof VitalsError)) throw error;
      fail('period', 'VITALS_E_INVALID_PERIOD', { value: textOf(cells.period) ?? '' });
    }
    if (period && element && period.type !== element.periodType) {
      fail('period', 'VITALS_E_PERIOD_TYPE_MISMATCH', {
        period: period.code, actual: PERIOD_TYPE_NAMES[period.type], element: element.code, expected: PERIOD_TYPE_NAMES[element.periodType],
      });
      period = undefined;
    }
  }

  const region = regionOf(raw, ref, period, col, fail);

  const sex = dimension(cells.sex, (c) => SEX_WORDS[word(c)], 'sex', Object.keys(SEX_WORDS).filter((k) => !/^\d$/.test(k)).join(' / '), fail);
  const area = dimension(cells.area, (c) => AREA_WORDS[word(c)], 'area', '合计 / 城市 / 农村 / total / urban / rural', fail);
  const ageGroup = dimension(cells.ageGroup, (c) => ref.ageGroup(cellText(c)), 'ageGroup', ref.ageGroups.map((a) => a.code).join(' / '), fail);

  let value: number | undefined;
  const parsed = parseNumberCell(valueCell, element?.unit);
  const shown = cellText(valueCell).trim();
  if (parsed.kind === 'invalid') {
    fail('value', parsed.reason === 'formula' || parsed.reason === 'error' ? 'VITALS_E_VALUE_FORMULA' : 'VITALS_E_VALUE_NOT_NUMBER', { value: shown });
  } else if (parsed.kind === 'number' && element) {
    const checked = checkValue(parsed.value, parsed.percent, element, shown);
    if (checked.ok) value = checked.value;
    else fail('value', checked.code, checked.params);
  }

  if (!element || !period || !region || value === undefined || sex === undefined || area === undefined || ageGroup === undefined) return undefined;
  const comment = textOf(cells.comment);
  const source = textOf(cells.source);
  return {
    row, dataElement: element.code, region: region.code, period: period.code, sex, ageGroup, area, value,
    ...(comment !== undefined ? { comment } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

/** Last days by period code: every row of a period needs it, and a file has few periods. */
const lastDays = new Map<string, string>();
function lastDayOf(period: Period): string {
  let day = lastDays.get(period.code);
  if (day === undefined) {
    day = dayBefore(periodEnd(period));
    if (lastDays.size < 100_000) lastDays.set(period.code, day);
  }
  return day;
}

function dimension<T>(
  cell: Cell | undefined,
  lookup: (cell: Cell) => T | undefined,
  field: Field,
  allowed: string,
  fail: (field: Field, code: 'VITALS_E_INVALID_DISAGGREGATION', params: Record<string, unknown>) => void,
): T | 'total' | undefined {
  if (isBlank(cell)) return 'total';
  const found = lookup(cell!);
  if (found === undefined) fail(field, 'VITALS_E_INVALID_DISAGGREGATION', { value: cellText(cell).trim(), allowed });
  return found;
}

function regionOf(
  raw: RawRow,
  ref: ReferenceData,
  period: Period | undefined,
  col: (field: Field) => string,
  fail: (field: Field, code: Parameters<ProblemList['error']>[0], params: Record<string, unknown>) => void,
): Region | undefined {
  const { cells } = raw;
  // A code column wins over a name column; `region` may hold either.
  const field: Field | undefined = !isBlank(cells.regionCode) ? 'regionCode' : !isBlank(cells.region) ? 'region' : !isBlank(cells.regionName) ? 'regionName' : undefined;
  if (field === undefined) {
    const named: Field = [('region' as const), ('regionCode' as const), ('regionName' as const)].find((f) => col(f) !== f) ?? 'region';
    fail(named, 'VITALS_E_MISSING_FIELD', { field: col(named) });
    return undefined;
  }
  const cell = cells[field]!;
  const textValue = cell.t === 'num' && Number.isInteger(cell.v) ? String(cell.v) : cellText(cell).trim();
  const province = textOf(cells.province);
  const prefecture = textOf(cells.prefecture);
  const found = ref.region({
    text: textValue,
    ...(field === 'regionCode' ? { codeOnly: true } : {}),
    ...(province !== undefined ? { province } : {}),
    ...(prefecture !== undefined ? { prefecture } : {}),
    ...(period ? { asOf: lastDayOf(period) } : {}),
  });
  if (!found.ok) {
    fail(field, found.code, found.params);
    return undefined;
  }
  const region = found.value;
  if (period && !isActiveDuring(region, periodStart(period), periodEnd(period))) {
    fail(field, 'VITALS_E_REGION_INACTIVE', {
      region: `${region.code} ${region.name}`, period: period.code, validFrom: region.validFrom, validTo: region.validTo ?? '—',
    });
    return undefined;
  }
  return region;
}
