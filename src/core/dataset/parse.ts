/**
 * Validate an authored data set. Every problem is reported at once (a planner fixes a form in
 * one pass), in one VITALS_E_INVALID_CONFIG error naming the field of each.
 */
import { Diagnostics } from '../diagnostics.js';
import type { LocalizedText } from '../indicator/types.js';
import { PERIOD_TYPES } from '../period/index.js';
import type { PeriodType } from '../period/types.js';
import { ALL_REGION_LEVELS } from '../region/index.js';
import type { RegionLevel } from '../region/types.js';
import { approvalChain, checkDataSetWorkflow } from '../workflow/index.js';
import type { DataSet, DataSetElement, DataSetSchedule, DataSetSection } from './types.js';

type Raw = Record<string, unknown>;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(raw: unknown, field: string, d: Diagnostics): LocalizedText {
  if (!isRecord(raw) || typeof raw.zh !== 'string' || raw.zh.trim() === '') {
    d.error('VITALS_E_INVALID_CONFIG', `${field}.zh must be a non-empty text`);
    return { zh: '' };
  }
  if (raw.en !== undefined && typeof raw.en !== 'string') d.error('VITALS_E_INVALID_CONFIG', `${field}.en must be a text`);
  return typeof raw.en === 'string' ? { zh: raw.zh, en: raw.en } : { zh: raw.zh };
}

function integer(raw: unknown, field: string, d: Diagnostics, min = -Infinity): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min) {
    d.error('VITALS_E_INVALID_CONFIG', `${field} must be an integer${min > -Infinity ? ` ≥ ${min}` : ''}, not ${JSON.stringify(raw)}`);
    return 0;
  }
  return raw;
}

function schedule(raw: unknown, d: Diagnostics): DataSetSchedule {
  const s = isRecord(raw) ? raw : {};
  if (!isRecord(raw)) d.error('VITALS_E_INVALID_CONFIG', 'schedule must be an object { opensAfterDays, closesAfterDays, dueAfterDays, timelyDays }');
  const result = {
    opensAfterDays: integer(s.opensAfterDays, 'schedule.opensAfterDays', d),
    closesAfterDays: integer(s.closesAfterDays, 'schedule.closesAfterDays', d),
    dueAfterDays: integer(s.dueAfterDays, 'schedule.dueAfterDays', d),
    timelyDays: integer(s.timelyDays ?? 0, 'schedule.timelyDays', d, 0),
  };
  if (!(result.opensAfterDays <= result.dueAfterDays && result.dueAfterDays <= result.closesAfterDays)) {
    d.error(
      'VITALS_E_INVALID_CONFIG',
      `schedule must satisfy opensAfterDays ≤ dueAfterDays ≤ closesAfterDays (got ${result.opensAfterDays}, ${result.dueAfterDays}, ${result.closesAfterDays})`,
    );
  }
  return result;
}

function sections(raw: unknown, d: Diagnostics): DataSetSection[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    d.error('VITALS_E_INVALID_CONFIG', 'sections must be a list');
    return [];
  }
  const seen = new Set<string>();
  return raw.map((s, i) => {
    const code = isRecord(s) && typeof s.code === 'string' ? s.code : '';
    if (!CODE.test(code)) d.error('VITALS_E_INVALID_CONFIG', `sections[${i}].code ${JSON.stringify(code)} is not a code`);
    else if (seen.has(code)) d.error('VITALS_E_INVALID_CONFIG', `sections[${i}].code ${code} is repeated`);
    seen.add(code);
    return { code, name: text(isRecord(s) ? s.name : undefined, `sections[${i}].name`, d) };
  });
}

function elements(raw: unknown, sectionCodes: readonly string[], known: ReadonlySet<string> | undefined, d: Diagnostics): DataSetElement[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    d.error('VITALS_E_INVALID_CONFIG', 'elements must list at least one data element');
    return [];
  }
  const seen = new Set<string>();
  const out = raw.map((e, i): DataSetElement => {
    const r = isRecord(e) ? e : {};
    const element = typeof r.element === 'string' ? r.element : '';
    if (element.trim() === '') d.error('VITALS_E_INVALID_CONFIG', `elements[${i}].element must be a data element code`);
    else if (seen.has(element)) d.error('VITALS_E_INVALID_CONFIG', `elements[${i}].element ${element} is repeated`);
    else if (known && !known.has(element.split('|')[0]!)) d.error('VITALS_E_INVALID_CONFIG', `elements[${i}].element ${element} is not a known data element`);
    seen.add(element);
    const section = r.section;
    if (section !== undefined && (typeof section !== 'string' || !sectionCodes.includes(section))) {
      d.error('VITALS_E_INVALID_CONFIG', `elements[${i}].section ${JSON.stringify(section)} is not one of the data set's sections`);
    }
    return { element, ...(typeof section === 'string' ? { section } : {}), order: r.order === undefined ? i : integer(r.order, `elements[${i}].order`, d) };
  });
  // Display order: by section as declared (elements without a section first), then by order, then as listed.
  const sectionRank = (e: DataSetElement) => (e.section === undefined ? -1 : sectionCodes.indexOf(e.section));
  return out.map((e, i) => ({ e, i })).sort((a, b) => sectionRank(a.e) - sectionRank(b.e) || a.e.order - b.e.order || a.i - b.i).map(({ e }) => e);
}

/**
 * Validate a data set definition (from YAML/JSON or the API).
 * @param knownElements data element codes that exist; when given, unknown ones are reported
 * @throws VITALS_E_INVALID_CONFIG listing every problem with its field
 */
export function parseDataSet(raw: unknown, knownElements?: ReadonlySet<string>): DataSet {
  const r = isRecord(raw) ? raw : {};
  const code = typeof r.code === 'string' ? r.code : '';
  const d = new Diagnostics([`data set ${code || '?'}`]);
  if (!isRecord(raw)) d.error('VITALS_E_INVALID_CONFIG', 'a data set must be an object');
  if (!CODE.test(code)) d.error('VITALS_E_INVALID_CONFIG', `code ${JSON.stringify(r.code)} must be letters, digits, ".", "_" or "-" (at most 64)`);
  const name = text(r.name, 'name', d);
  const periodType = r.periodType as PeriodType;
  if (!PERIOD_TYPES.includes(periodType)) d.error('VITALS_E_INVALID_CONFIG', `periodType ${JSON.stringify(r.periodType)} must be one of ${PERIOD_TYPES.join(', ')}`);
  const levels = Array.isArray(r.reportingLevels) ? (r.reportingLevels as RegionLevel[]) : [];
  if (levels.length === 0) d.error('VITALS_E_INVALID_CONFIG', 'reportingLevels must list at least one region level');
  levels.forEach((level, i) => {
    if (!ALL_REGION_LEVELS.includes(level)) d.error('VITALS_E_INVALID_CONFIG', `reportingLevels[${i}] ${JSON.stringify(level)} is not a region level`);
  });
  const secs = sections(r.sections, d);
  const els = elements(r.elements, secs.map((s) => s.code), knownElements, d);
  const sched = schedule(r.schedule, d);
  const workflow = checkDataSetWorkflow(r.workflow, d.inContext('workflow'));
  for (const level of levels) {
    if (ALL_REGION_LEVELS.includes(level) && approvalChain(workflow, level).length === 0) {
      d.error('VITALS_E_INVALID_CONFIG', `no approval level above reporting level ${level}: its data could never be approved`);
    }
  }
  d.throwIfAny('VITALS_E_INVALID_CONFIG');
  return { code, name, periodType, reportingLevels: [...new Set(levels)], sections: secs, elements: els, schedule: sched, workflow };
}
