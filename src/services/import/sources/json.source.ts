/**
 * JSON: an array of rows, or `{ "dataValues": [...] }`. Keys are read like column headers
 * (Chinese or English, see COLUMN_SYNONYMS). A payload whose items carry `orgUnit` is DHIS2's
 * `dataValueSets` shape and goes through the DHIS2 mapping. JSON is parsed whole: the format has
 * no row boundaries to stream on without a streaming parser.
 */
import { VitalsError } from '../../../core/errors.js';
import type { Cell, ColumnLabels, Field, RawRow } from '../cells.js';
import { fieldOf } from '../columns.js';
import type { ProblemList } from '../problems.js';
import type { Dhis2IdMap, ImportFormat } from '../types.js';
import { dhis2Rows, DHIS2_LABELS, looksLikeDhis2 } from './dhis2.js';
import type { ParsedSource } from './table.js';

function jsonCell(value: unknown): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : { t: 'text', v: value };
  if (typeof value === 'number') return { t: 'num', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  return { t: 'text', v: JSON.stringify(value) };
}

function itemsOf(document: unknown): { items: unknown[]; envelope: Record<string, unknown> } {
  if (Array.isArray(document)) return { items: document, envelope: {} };
  if (document && typeof document === 'object' && Array.isArray((document as { dataValues?: unknown }).dataValues)) {
    return { items: (document as { dataValues: unknown[] }).dataValues, envelope: document as Record<string, unknown> };
  }
  throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'JSON must be an array of rows or an object with a "dataValues" array' });
}

/** Parse a JSON document (text already decoded). `format` is `json`, `dhis2`, or `json` sniffed. */
export function openJson(
  textContent: string,
  format: ImportFormat,
  problems: ProblemList,
  idMap: Dhis2IdMap | undefined,
): { readonly source: ParsedSource; readonly format: ImportFormat } {
  let document: unknown;
  try {
    document = JSON.parse(textContent);
  } catch (error) {
    const detail = textContent.trim() === '' ? 'the file is empty' : `malformed JSON: ${(error as Error).message}`;
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail });
  }
  const { items, envelope } = itemsOf(document);
  if (format === 'dhis2' || (format === 'json' && looksLikeDhis2(items, envelope))) {
    return { format: 'dhis2', source: { labels: DHIS2_LABELS, ignored: [], rows: dhis2Rows(items, envelope, problems, idMap ?? {}) } };
  }
  const labels: ColumnLabels = {};
  const ignored = new Set<string>();
  const keyField = new Map<string, Field | undefined>();
  const rows: RawRow[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.error('VITALS_E_INVALID_INPUT', { detail: `item ${row} is not an object` }, { row, column: null });
      return;
    }
    const cells: RawRow['cells'] = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (!keyField.has(key)) keyField.set(key, fieldOf(key));
      const field = keyField.get(key);
      if (field === undefined) {
        ignored.add(key);
        continue;
      }
      labels[field] ??= key;
      const cell = jsonCell(value);
      if (cell) cells[field] = cell;
    }
    rows.push({ row, cells });
  });
  async function* iterate(): AsyncGenerator<RawRow> {
    yield* rows;
  }
  return { format: 'json', source: { labels, ignored: [...ignored], rows: iterate() } };
}
