/**
 * Column headers in Chinese or English → canonical fields, and finding the header row under
 * the titles that Chinese statistical sheets put above the table.
 */
import { cellText, type Cell, type ColumnLabels, type Field } from './cells.js';

/** Accepted header names per field, compared after `headerKey` folding. */
export const COLUMN_SYNONYMS: Readonly<Record<Field, readonly string[]>> = {
  regionCode: ['地区代码', '区划代码', '行政区划代码', '地区编码', '区划编码', '行政区划编码', '单位代码', 'region_code', 'regioncode', 'orgunit_code'],
  regionName: ['地区名称', '区划名称', '行政区划名称', '单位名称', 'region_name', 'regionname'],
  region: ['地区', '区域', '行政区划', '单位', '县区', '县(市、区)', '县(市区)', 'region', 'org_unit', 'orgunit'],
  province: ['省', '省份', '省(区、市)', 'province'],
  prefecture: ['市', '地市', '设区市', '所属市', '城市', '上级地区', '所属地区', 'prefecture', 'city', 'parent'],
  dataElement: ['数据元', '数据元代码', '数据元名称', '指标', '指标代码', '指标名称', '数据项', 'data_element', 'dataelement', 'element', 'indicator', 'de'],
  period: ['期间', '时期', '统计期', '报告期', '统计期间', '年份', '年度', '时间', 'period', 'year', 'pe'],
  value: ['数值', '值', '指标值', '数据', '数据值', 'value', 'val'],
  comment: ['备注', '说明', '注释', 'comment', 'note', 'notes', 'remark'],
  source: ['来源', '数据来源', 'source'],
  sex: ['性别', 'sex', 'gender'],
  ageGroup: ['年龄组', '年龄段', '年龄', 'age_group', 'agegroup', 'age'],
  area: ['城乡', '城乡分类', '城乡类型', 'area', 'urban_rural'],
  categoryOptionCombo: ['category_option_combo', 'categoryoptioncombo', 'coc'],
  attributeOptionCombo: ['attribute_option_combo', 'attributeoptioncombo', 'aoc'],
  deleted: ['deleted'],
};

/**
 * Fold a header for matching: full-width → half-width, lower case, no spaces, and without a
 * trailing unit in brackets (`数值（%）`, `Value (‰)`).
 */
export function headerKey(label: string): string {
  let key = label.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  key = key.replace(/[-_.]/g, '_');
  const bracketed = /^(.+?)[([]([^()[\]]*)[)\]]$/.exec(key);
  // `县(市、区)` is a name, not a unit: only strip when the stripped form is itself known.
  if (bracketed && !LOOKUP.has(key) && LOOKUP.has(bracketed[1]!)) key = bracketed[1]!;
  return key;
}

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(COLUMN_SYNONYMS) as [Field, readonly string[]][]) {
  for (const name of names) {
    const folded = name.normalize('NFKC').replace(/\s+/g, '').toLowerCase().replace(/[-_.]/g, '_');
    LOOKUP.set(folded, field);
    LOOKUP.set(folded.replace(/_/g, ''), field);
  }
}

/** The field a header names, or undefined. */
export function fieldOf(label: string): Field | undefined {
  const key = headerKey(label);
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/_/g, ''));
}

export interface HeaderMapping {
  /** Column index → field. */
  readonly fields: ReadonlyMap<number, Field>;
  readonly labels: ColumnLabels;
  /** Headers that name nothing Vitals knows (ignored, reported as a warning). */
  readonly ignored: readonly string[];
  /** Headers that name a field already taken by an earlier column. */
  readonly repeated: readonly string[];
}

/** Map one header row (possibly the merge of several header rows) to fields. */
export function mapHeader(labels: readonly (string | undefined)[]): HeaderMapping {
  const fields = new Map<number, Field>();
  const named: ColumnLabels = {};
  const ignored: string[] = [];
  const repeated: string[] = [];
  labels.forEach((label, index) => {
    if (label === undefined || label.trim() === '') return;
    const field = fieldOf(label);
    if (field === undefined) ignored.push(label.trim());
    else if (named[field] !== undefined) repeated.push(label.trim());
    else {
      fields.set(index, field);
      named[field] = label.trim();
    }
  });
  return { fields, labels: named, ignored, repeated };
}

/** Fields a table must have; `region` may be given as code or name. */
export function missingRequired(labels: ColumnLabels): ('region' | 'dataElement' | 'period' | 'value')[] {
  const out: ('region' | 'dataElement' | 'period' | 'value')[] = [];
  if (!labels.region && !labels.regionCode && !labels.regionName) out.push('region');
  if (!labels.dataElement) out.push('dataElement');
  if (!labels.period) out.push('period');
  if (!labels.value) out.push('value');
  return out;
}

/** How many distinct fields a row names (a label merged across columns counts once). */
function score(labels: readonly (string | undefined)[]): number {
  return new Set(labels.map((l) => (l === undefined ? undefined : fieldOf(l))).filter((f) => f !== undefined)).size;
}

export interface DetectedHeader {
  /** Index (0-based, into the rows given) of the last header row; data starts after it. */
  readonly index: number;
  /** First header row index when the header spans several rows (merged group labels above). */
  readonly firstIndex: number;
  readonly mapping: HeaderMapping;
}

/**
 * Find the header among the first rows of a sheet: the row naming the most known fields
 * (at least two). A row directly below that names further fields in columns the first left
 * unnamed is a second header row (group labels merged across columns above sub-labels), and so
 * is a row directly above whose labels fill columns the header row leaves blank.
 */
export function detectHeader(rows: readonly (readonly (Cell | undefined)[])[]): DetectedHeader | undefined {
  const labelRows = rows.map((row) => row.map((cell) => (cell && cell.t === 'text' ? cell.v : cell ? cellText(cell) : undefined)));
  let best = -1;
  let bestScore = 1;
  labelRows.forEach((labels, i) => {
    const s = score(labels);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  if (best < 0) return undefined;
  let first = best;
  let last = best;
  const combine = (upper: readonly (string | undefined)[], lower: readonly (string | undefined)[]): (string | undefined)[] => {
    const width = Math.max(upper.length, lower.length);
    // The lower row's label wins where it names a field; otherwise the upper one's.
    return Array.from({ length: width }, (_, c) => {
      const lo = lower[c];
      const up = upper[c];
      if (lo !== undefined && fieldOf(lo) !== undefined) return lo;
      if (up !== undefined && fieldOf(up) !== undefined) return up;
      return lo ?? up;
    });
  };
  let merged = labelRows[best]!;
  const next = labelRows[best + 1];
  if (next && score(combine(merged, next)) > score(merged) && score(next) > 0) {
    merged = combine(merged, next);
    last = best + 1;
  }
  const above = labelRows[best - 1];
  if (above && score(combine(above, merged)) > score(merged)) {
    merged = combine(above, merged);
    first = best - 1;
  }
  return { index: last, firstIndex: first, mapping: mapHeader(merged) };
}
