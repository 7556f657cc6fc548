/**
 * DHIS2 `dataValueSets` JSON: `{ dataSet?, period?, orgUnit?, attributeOptionCombo?,
 * dataValues: [{ dataElement, period, orgUnit, categoryOptionCombo?, attributeOptionCombo?,
 * value, comment?, deleted?, storedBy?, created?, lastUpdated?, followup? }] }`.
 *
 * Identifiers are Vitals codes (DHIS2 `idScheme=CODE`) unless an id map translates them.
 * Category option combos map to Vitals' sex / age group / urban–rural columns; the default
 * combo means "total". `storedBy`, `created`, `lastUpdated` and `followup` are ignored (Vitals
 * stamps who and when itself, as DHIS2 does). Boolean values `true`/`false` become 1/0.
 */
import type { Cell, ColumnLabels, RawRow } from '../cells.js';
import type { ProblemList } from '../problems.js';
import type { Dhis2IdMap } from '../types.js';

/** DHIS2's default category option combo: the same id in every DHIS2 instance. */
export const DHIS2_DEFAULT_COMBOS: readonly string[] = ['default', 'HllvX50cXC0'];

export const DHIS2_LABELS: ColumnLabels = {
  dataElement: 'dataElement',
  period: 'period',
  region: 'orgUnit',
  value: 'value',
  comment: 'comment',
  sex: 'categoryOptionCombo',
  ageGroup: 'categoryOptionCombo',
  area: 'categoryOptionCombo',
  categoryOptionCombo: 'categoryOptionCombo',
  attributeOptionCombo: 'attributeOptionCombo',
  deleted: 'deleted',
};

/** A DHIS2 payload names `orgUnit` on its values or its envelope (plain Vitals JSON says `region`). */
export function looksLikeDhis2(items: readonly unknown[], envelope: Record<string, unknown>): boolean {
  if ('orgUnit' in envelope || 'dataSet' in envelope) return true;
  const first = items.find((i) => i && typeof i === 'object' && !Array.isArray(i));
  return first !== undefined && 'orgUnit' in (first as object);
}

function str(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

function cell(value: string | undefined): Cell | undefined {
  return value === undefined ? undefined : { t: 'text', v: value };
}

/** Rows of a DHIS2 payload, ids translated; problems of the mapping itself go to `problems`. */
export async function* dhis2Rows(
  items: readonly unknown[],
  envelope: Record<string, unknown>,
  problems: ProblemList,
  idMap: Dhis2IdMap,
): AsyncGenerator<RawRow> {
  const defaults = new Set([...DHIS2_DEFAULT_COMBOS, ...(idMap.defaultCombos ?? [])]);
  const isDefault = (combo: string | undefined) => combo === undefined || defaults.has(combo);
  for (const [index, item] of items.entries()) {
    const row = index + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.error('VITALS_E_INVALID_INPUT', { detail: `data value #${row} is not an object` }, { row, column: null });
      continue;
    }
    const dv = item as Record<string, unknown>;
    const de = str(dv.dataElement);
    const coc = str(dv.categoryOptionCombo);
    const aoc = str(dv.attributeOptionCombo) ?? str(envelope.attributeOptionCombo);
    const ou = str(dv.orgUnit) ?? str(envelope.orgUnit);
    const cells: RawRow['cells'] = {};

    // `de.coc` names one disaggregation of a data element as its own Vitals data element.
    const operand = de !== undefined && coc !== undefined ? idMap.dataElements?.[`${de}.${coc}`] : undefined;
    const element = operand ?? (de !== undefined ? (idMap.dataElements?.[de] ?? de) : undefined);
    if (element !== undefined) cells.dataElement = { t: 'text', v: element };
    const period = str(dv.period) ?? str(envelope.period);
    if (period !== undefined) cells.period = { t: 'text', v: period };
    if (ou !== undefined) cells.region = { t: 'text', v: idMap.orgUnits?.[ou] ?? ou };

    let value = str(dv.value);
    if (value !== undefined && /^(true|false)$/i.test(value)) value = value.toLowerCase() === 'true' ? '1' : '0';
    const valueCell = cell(value);
    if (valueCell) cells.value = valueCell;
    const comment = cell(str(dv.comment));
    if (comment) cells.comment = comment;

    if (operand === undefined && !isDefault(coc)) {
      const mapped = idMap.categoryOptionCombos?.[coc!];
      if (mapped) {
        if (mapped.sex) cells.sex = { t: 'text', v: mapped.sex };
        if (mapped.ageGroup) cells.ageGroup = { t: 'text', v: mapped.ageGroup };
        if (mapped.area) cells.area = { t: 'text', v: mapped.area };
      } else {
        problems.error('VITALS_E_DHIS2_UNMAPPED', { kind: 'categoryOptionCombo', value: coc }, { row, column: 'categoryOptionCombo', value: coc! });
      }
    }
    if (!isDefault(aoc)) {
      // Vitals has no attribute dimension (funding mechanism…): such values have no home.
      problems.error('VITALS_E_DHIS2_UNMAPPED', { kind: 'attributeOptionCombo', value: aoc }, { row, column: 'attributeOptionCombo', value: aoc! });
    }
    if (dv.deleted === true || dv.deleted === 'true') {
      const key = [de, period, ou].filter(Boolean).join('/');
      problems.error('VITALS_E_DHIS2_DELETE', { value: key }, { row, column: 'deleted', value: 'true' });
    }
    yield { row, cells };
  }
}
