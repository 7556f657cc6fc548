/**
 * The Excel round trip of one form (data set × region × period): a pre-filled template to
 * download, and the same workbook uploaded back through the ordinary form save
 * (`DataEntryService.save` → `writeValuesGuarded`), so scope, workflow locks, the reporting
 * window and the form's version are enforced exactly as for the web grid.
 *
 * Layout (one sheet, 填报 / Entry), rows 1-based:
 *   1 title · 2 data set (B2 code) · 3 region (B3 code) · 4 period (B4 code) ·
 *   5 state (B5) and form version (E5) · 6 column headings · 7… one row per element:
 *   A code · B name · C unit · D last period's value · E current value · F comment.
 * Only E and F of the element rows are unlocked (and only while the form is editable); E
 * accepts numbers only (Excel data validation by the unit: whole ≥ 0 for counts, 0–100 for %).
 * The protection has no password: it guides, the server decides.
 *
 * An upload is checked cell by cell first (header cells, codes, numbers by unit, comment
 * length); any problem rejects the whole file with `VITALS_E_IMPORT_REJECTED` (422) listing
 * sheet, cell (`E7`), field and reason, and nothing is written.
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/access/index.js';
import { formatMessage, VitalsError, type ErrorCode, type Locale } from '../../core/errors.js';
import { parsePeriod } from '../../core/period/index.js';
import { RegionRepository } from '../../storage/index.js';
import type { InstanceKey } from '../../storage/repositories/workflow.repository.js';
import { parseNumberCell } from '../import/numbers.js';
import { toCell } from '../import/sources/xlsx.source.js';
import { checkValue, ruleForUnit } from '../import/value-rules.js';
import { DataEntryService, type FormCell, type FormView, type SaveValue } from './data-entry.service.js';
import type { ReportingDeps } from './instance.js';

/** First element row; the example cell in the docs (`E7`) is its value. */
export const FIRST_ROW = 7;
export const COLUMNS = { code: 'A', name: 'B', unit: 'C', previous: 'D', value: 'E', comment: 'F' } as const;
const HEADER = { dataSet: 'B2', region: 'B3', period: 'B4', state: 'B5', version: 'E5' } as const;
const MAX_COMMENT = 2000;

export type UploadField = 'dataSet' | 'region' | 'period' | 'version' | 'code' | 'value' | 'comment' | 'file';

/** One problem of an uploaded workbook, located to the cell. */
export interface CellProblem {
  readonly sheet: string;
  readonly cell: string;
  readonly field: UploadField;
  readonly element: string | null;
  readonly value: string | null;
  readonly code: ErrorCode;
  readonly message: { readonly zh: string; readonly en: string };
}

export interface UploadReport {
  readonly status: 'committed' | 'dry_run';
  readonly sheet: string;
  readonly counts: { readonly rows: number; readonly changed: number; readonly unchanged: number };
  readonly problems: readonly CellProblem[];
  /** The form after the save (committed) or as it stands (dry run). */
  readonly form: FormView;
}

const TEXT = {
  'zh-CN': {
    sheet: '填报', title: 'Vitals 数据填报模板', dataSet: '数据集', region: '地区', period: '期间', state: '状态', version: '版本',
    heads: ['代码', '名称', '单位', '上期值', '本期值', '备注'], note: '只填写“本期值”和“备注”两列；保存后在“数据填报”页面上传本文件。',
    invalidTitle: '数值无效', invalid: '请输入数值', states: { draft: '草稿', submitted: '已上报', approved: '已审核', returned: '已退回', final: '终审' } as Record<string, string>,
  },
  en: {
    sheet: 'Entry', title: 'Vitals data entry template', dataSet: 'Data set', region: 'Region', period: 'Period', state: 'State', version: 'Version',
    heads: ['Code', 'Name', 'Unit', 'Last period', 'This period', 'Comment'], note: 'Fill in only "This period" and "Comment"; then upload this file on the Data entry page.',
    invalidTitle: 'Invalid value', invalid: 'Enter a number', states: { draft: 'draft', submitted: 'submitted', approved: 'approved', returned: 'returned', final: 'final' } as Record<string, string>,
  },
} as const;

function periodLabel(code: string, locale: Locale): string {
  const p = parsePeriod(code);
  const en = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  switch (p.type) {
    case 'month': return locale === 'en' ? `${en[p.index - 1]} ${p.year}` : `${p.year}年${p.index}月`;
    case 'quarter': return locale === 'en' ? `${p.year} Q${p.index}` : `${p.year}年第${p.index}季度`;
    case 'half_year': return locale === 'en' ? `${p.year} H${p.index}` : `${p.year}年${p.index === 1 ? '上' : '下'}半年`;
    default: return locale === 'en' ? String(p.year) : `${p.year}年`;
  }
}

const localized = (text: { zh: string; en?: string }, locale: Locale) => (locale === 'en' ? text.en ?? text.zh : text.zh);

/** The element's name with its disaggregation (性别=female …) when it is not the total. */
function cellName(cell: FormCell, locale: Locale): string {
  const parts = [['sex', cell.sex], ['age', cell.ageGroup], ['area', cell.area]].filter(([, v]) => v !== 'total').map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${localized(cell.name, locale)} (${parts.join(', ')})` : localized(cell.name, locale);
}

/** Excel data validation matching the server's unit rule (numbers only, the unit's range). */
function validationFor(unit: string, t: (typeof TEXT)[Locale]): ExcelJS.DataValidation {
  const rule = ruleForUnit(unit);
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: t.invalidTitle };
  const min = rule.min ?? -1e15;
  const max = rule.max ?? 1e15;
  const range = rule.max !== undefined ? `${min}–${max}` : rule.min !== undefined ? `≥ ${min}` : '';
  return { ...common, type: rule.integer ? 'whole' : 'decimal', operator: 'between', formulae: [min, max], error: `${t.invalid}${range ? ` (${range})` : ''}${unit ? ` · ${unit}` : ''}` };
}

export class FormExcelService {
  private readonly entry: DataEntryService;
  constructor(private readonly deps: ReportingDeps) {
    this.entry = new DataEntryService(deps);
  }

  /** The pre-filled template of a form (view scope). @throws VITALS_E_OUT_OF_SCOPE, VITALS_E_NOT_FOUND */
  async template(actor: Actor, key: InstanceKey, locale: Locale): Promise<{ bytes: Buffer; fileName: string }> {
    const form = await this.entry.getForm(actor, key);
    const region = await new RegionRepository(this.deps.db).get(form.region.code);
    const t = TEXT[locale];
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Vitals';
    const ws = workbook.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: FIRST_ROW - 1 }] });
    ws.columns = [{ width: 26 }, { width: 34 }, { width: 9 }, { width: 14 }, { width: 14 }, { width: 40 }];
    ws.getCell('A1').value = t.title;
    ws.getCell('A1').font = { bold: true, size: 14 };
    ws.getCell('C1').value = t.note;
    ws.mergeCells('C1:F1');
    const header: Array<[string, string, string | number, string]> = [
      ['A2', t.dataSet, form.dataSet.code, localized(form.dataSet.name, locale)],
      ['A3', t.region, form.region.code, region ? (locale === 'en' ? region.nameEn ?? region.name : region.name) : ''],
      ['A4', t.period, form.period, periodLabel(form.period, locale)],
      ['A5', t.state, form.status.state, t.states[form.status.state] ?? form.status.state],
    ];
    for (const [at, label, code, text] of header) {
      const row = Number(at.slice(1));
      ws.getCell(at).value = label;
      ws.getCell(at).font = { bold: true };
      ws.getCell(`B${row}`).value = code;
      ws.getCell(`C${row}`).value = text;
    }
    ws.getCell('D5').value = t.version;
    ws.getCell('D5').font = { bold: true };
    ws.getCell(HEADER.version).value = form.status.version;
    const heads = ws.getRow(FIRST_ROW - 1);
    heads.values = [...t.heads];
    heads.font = { bold: true };
    heads.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } }));
    const editable = form.allowedActions.mayEdit;
    form.cells.forEach((cell, i) => {
      const r = FIRST_ROW + i;
      const row = ws.getRow(r);
      row.values = [cell.element, cellName(cell, locale), cell.unit, cell.previousValue ?? null, cell.value ?? null, cell.comment ?? null];
      const value = ws.getCell(`${COLUMNS.value}${r}`);
      value.dataValidation = validationFor(cell.unit, t);
      if (editable) {
        for (const col of [COLUMNS.value, COLUMNS.comment]) {
          ws.getCell(`${col}${r}`).protection = { locked: false };
          ws.getCell(`${col}${r}`).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };
        }
      }
    });
    await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    return { bytes, fileName: `${form.dataSet.code}-${form.region.code}-${form.period}.xlsx` };
  }

  /**
   * Read an uploaded template and save it as one form save. Problems of any cell reject the
   * whole file; otherwise the save's own refusals apply (scope 403, lock or window 423,
   * someone saved since the download 409).
   * @throws VITALS_E_IMPORT_REJECTED (details: the report with every problem), and the save's errors
   */
  async upload(actor: Actor, key: InstanceKey, bytes: Buffer, options: { dryRun?: boolean } = {}): Promise<UploadReport> {
    const form = await this.entry.getForm(actor, key);
    const { sheet, problems, values, rows } = await readWorkbook(bytes, form);
    if (problems.length > 0) {
      throw new VitalsError('VITALS_E_IMPORT_REJECTED', { count: problems.length }, { status: 'rejected', sheet, counts: { rows, changed: 0, unchanged: 0 }, problems });
    }
    const current = new Map(form.cells.map((c) => [c.element, c]));
    const changed = values.values.filter((v) => {
      const c = current.get(v.element)!;
      return c.value !== v.value || (v.comment ?? null) !== c.comment || c.valueVersion === 0;
    }).length;
    const counts = { rows, changed, unchanged: values.values.length - changed };
    if (options.dryRun) return { status: 'dry_run', sheet, counts, problems: [], form };
    const saved = await this.entry.save(actor, key, { expectedVersion: values.expectedVersion, values: values.values });
    return { status: 'committed', sheet, counts, problems: [], form: saved };
  }
}

interface ReadResult {
  sheet: string;
  rows: number;
  problems: CellProblem[];
  values: { expectedVersion: number; values: SaveValue[] };
}

/** Parse the workbook against the form; every problem is collected, none thrown. */
async function readWorkbook(bytes: Buffer, form: FormView): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: 'the upload is not an Excel workbook (.xlsx)' });
  }
  // The template's sheet is the one naming this data set in B2 (its label is 填报 or Entry).
  const ws = workbook.worksheets.find((w) => text(w.getCell(HEADER.dataSet)) === form.dataSet.code) ?? workbook.worksheets[0];
  const sheet = ws?.name ?? '';
  const problems: CellProblem[] = [];
  const problem = (cell: string, field: UploadField, element: string | null, value: string | null, code: ErrorCode, params: Record<string, unknown>) =>
    problems.push({ sheet, cell, field, element, value, code, message: { zh: formatMessage(code, params, 'zh-CN'), en: formatMessage(code, params, 'en') } });
  if (!ws) {
    problem('A1', 'file', null, null, 'VITALS_E_INVALID_INPUT', { detail: 'the workbook has no sheet' });
    return { sheet, rows: 0, problems, values: { expectedVersion: 0, values: [] } };
  }
  const expect = (at: string, field: UploadField, wanted: string) => {
    const got = text(ws.getCell(at));
    if (got !== wanted) problem(at, field, null, got || null, 'VITALS_E_INVALID_INPUT', { detail: `cell ${at} must be ${wanted} (this template is for ${got || 'another form'}); download the template of this form` });
  };
  expect(HEADER.dataSet, 'dataSet', form.dataSet.code);
  expect(HEADER.region, 'region', form.region.code);
  expect(HEADER.period, 'period', form.period);
  const versionCell = ws.getCell(HEADER.version).value;
  const expectedVersion = typeof versionCell === 'number' && Number.isInteger(versionCell) && versionCell >= 0 ? versionCell : -1;
  if (expectedVersion < 0) problem(HEADER.version, 'version', null, text(ws.getCell(HEADER.version)) || null, 'VITALS_E_INVALID_INPUT', { detail: `cell ${HEADER.version} must hold the form version of the template` });
  if (problems.length > 0) return { sheet, rows: 0, problems, values: { expectedVersion: 0, values: [] } };

  const cells = new Map(form.cells.map((c) => [c.element, c]));
  const seen = new Map<string, number>();
  const values: SaveValue[] = [];
  let rows = 0;
  for (let r = FIRST_ROW; r <= ws.rowCount; r++) {
    const code = text(ws.getCell(`${COLUMNS.code}${r}`));
    const rawValue = toCell(ws.getCell(`${COLUMNS.value}${r}`));
    const comment = text(ws.getCell(`${COLUMNS.comment}${r}`));
    if (!code && rawValue === undefined && !comment) continue;
    rows++;
    const cell = cells.get(code);
    if (!cell) {
      problem(`${COLUMNS.code}${r}`, 'code', code || null, code || null, 'VITALS_E_UNKNOWN_DATA_ELEMENT', { value: code || '—' });
      continue;
    }
    if (seen.has(code)) {
      problem(`${COLUMNS.code}${r}`, 'code', code, code, 'VITALS_E_INVALID_INPUT', { detail: `${code} appears twice (rows ${seen.get(code)} and ${r})` });
      continue;
    }
    seen.set(code, r);
    const at = `${COLUMNS.value}${r}`;
    const shown = rawValue === undefined ? '' : rawValue.t === 'num' ? String(rawValue.v) : String(rawValue.v);
    const parsed = parseNumberCell(rawValue, cell.unit);
    let value: number | null = null;
    if (parsed.kind === 'invalid') {
      problem(at, 'value', code, shown, parsed.reason === 'formula' ? 'VITALS_E_VALUE_FORMULA' : 'VITALS_E_VALUE_NOT_NUMBER', { value: shown });
    } else if (parsed.kind === 'number') {
      const checked = checkValue(parsed.value, parsed.percent, { code: cell.dataElement, unit: cell.unit }, shown);
      if (checked.ok) value = checked.value;
      else problem(at, 'value', code, shown, checked.code, checked.params);
    }
    if (comment.length > MAX_COMMENT) problem(`${COLUMNS.comment}${r}`, 'comment', code, `${comment.slice(0, 40)}…`, 'VITALS_E_INVALID_INPUT', { detail: `a comment has at most ${MAX_COMMENT} characters, this one ${comment.length}` });
    // A blank value where nothing is stored (and no comment) is no entry at all; a blank over a
    // stored value, or a blank with a comment, records the value as explicitly missing.
    if (parsed.kind !== 'number' && cell.valueVersion === 0 && !comment) continue;
    if (parsed.kind === 'invalid') continue;
    values.push({ element: code, value, comment: comment || null });
  }
  return { sheet, rows, problems, values: { expectedVersion, values } };
}

/** A cell's content as trimmed text ('' when empty). */
function text(cell: ExcelJS.Cell): string {
  const c = toCell(cell);
  if (c === undefined) return '';
  if (c.t === 'date') return c.v.toISOString();
  return String(c.v).trim();
}
