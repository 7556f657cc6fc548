/**
 * DHIS2 dataValueSets JSON export: `{ "dataValues": [{ dataElement, period, orgUnit,
 * categoryOptionCombo?, value, comment? }] }`, identifiers as Vitals codes (DHIS2
 * `idScheme=CODE`) or, with an id map, translated back to DHIS2 ids. Periods use DHIS2's
 * notation (`2025M07` → `202507`, `2025H1` → `2025S1`). Values DHIS2 cannot hold are
 * skipped and counted: missing (null) values, and disaggregated values with no combo mapping.
 */
import type { Writable } from 'node:stream';
import type { Dhis2IdMap } from '../import/index.js';
import { put, type ExportRow, type RowWriter } from './writers.js';

/** A Vitals period code in DHIS2 notation. */
export function toDhis2Period(code: string): string {
  const m = /^(\d{4})(?:M(\d{2})|H([12])|(Q[1-4]))?$/.exec(code);
  if (!m) return code;
  if (m[2]) return `${m[1]}${m[2]}`;
  if (m[3]) return `${m[1]}S${m[3]}`;
  return `${m[1]}${m[4] ?? ''}`;
}

function invert(record: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  // Operand keys (`de.coc`) map a disaggregation to an element; they do not invert to one id.
  for (const [id, code] of Object.entries(record ?? {})) if (!id.includes('.') && !out.has(code)) out.set(code, id);
  return out;
}

export interface Dhis2Writer extends RowWriter {
  /** Values left out, with the reason. */
  readonly skipped: { missing: number; unmappedDisaggregation: number };
}

export function dhis2Writer(out: Writable, idMap: Dhis2IdMap = {}): Dhis2Writer {
  const elements = invert(idMap.dataElements);
  const orgUnits = invert(idMap.orgUnits);
  const combos = new Map<string, string>();
  for (const [id, t] of Object.entries(idMap.categoryOptionCombos ?? {})) {
    const key = [t.sex ?? 'total', t.ageGroup ?? 'total', t.area ?? 'total'].join('|');
    if (!combos.has(key)) combos.set(key, id);
  }
  const skipped = { missing: 0, unmappedDisaggregation: 0 };
  let first = true;
  return {
    skipped,
    async write(rows: readonly ExportRow[]) {
      const items: string[] = [];
      for (const r of rows) {
        if (r.value === null) {
          skipped.missing++;
          continue;
        }
        const dimension = [r.sex, r.ageGroup, r.area].join('|');
        const combo = dimension === 'total|total|total' ? undefined : combos.get(dimension);
        if (dimension !== 'total|total|total' && combo === undefined) {
          skipped.unmappedDisaggregation++;
          continue;
        }
        items.push(
          JSON.stringify({
            dataElement: elements.get(r.dataElement) ?? r.dataElement,
            period: toDhis2Period(r.period),
            orgUnit: orgUnits.get(r.region) ?? r.region,
            ...(combo ? { categoryOptionCombo: combo } : {}),
            value: String(r.value),
            ...(r.comment ? { comment: r.comment } : {}),
          }),
        );
      }
      if (items.length === 0) return;
      await put(out, (first ? '{\n  "dataValues": [\n    ' : ',\n    ') + items.join(',\n    '));
      first = false;
    },
    async end() {
      await put(out, first ? '{\n  "dataValues": []\n}\n' : '\n  ]\n}\n');
    },
  };
}
