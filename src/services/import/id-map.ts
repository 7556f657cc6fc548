/**
 * The DHIS2 id map: a JSON file translating DHIS2 identifiers into Vitals codes (see
 * `Dhis2IdMap` and docs/import.md). Checked whole, every problem listed.
 */
import { VitalsError } from '../../core/errors.js';
import type { Dhis2IdMap } from './types.js';

const SEXES = ['total', 'male', 'female'];
const AREAS = ['total', 'urban', 'rural'];

function isStringRecord(value: unknown): value is Record<string, string> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' && v.trim() !== '');
}

/** Validate parsed JSON as an id map. @throws VITALS_E_INVALID_INPUT naming every bad entry. */
export function parseIdMap(json: unknown, label = 'id map'): Dhis2IdMap {
  const problems: string[] = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${label}: must be a JSON object` });
  const m = json as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!['dataElements', 'orgUnits', 'categoryOptionCombos', 'defaultCombos'].includes(key)) problems.push(`unknown key "${key}"`);
  }
  for (const key of ['dataElements', 'orgUnits'] as const) {
    if (m[key] !== undefined && !isStringRecord(m[key])) problems.push(`${key} must map ids to non-empty code strings`);
  }
  if (m.defaultCombos !== undefined && !(Array.isArray(m.defaultCombos) && m.defaultCombos.every((c) => typeof c === 'string'))) {
    problems.push('defaultCombos must be a list of ids');
  }
  const combos = m.categoryOptionCombos;
  if (combos !== undefined) {
    if (!combos || typeof combos !== 'object' || Array.isArray(combos)) problems.push('categoryOptionCombos must be an object');
    else {
      for (const [id, target] of Object.entries(combos as Record<string, unknown>)) {
        const t = (target ?? {}) as Record<string, unknown>;
        if (typeof target !== 'object' || target === null) problems.push(`categoryOptionCombos.${id} must be an object`);
        else {
          if (t.sex !== undefined && !SEXES.includes(t.sex as string)) problems.push(`categoryOptionCombos.${id}.sex must be one of ${SEXES.join(', ')}`);
          if (t.area !== undefined && !AREAS.includes(t.area as string)) problems.push(`categoryOptionCombos.${id}.area must be one of ${AREAS.join(', ')}`);
          if (t.ageGroup !== undefined && (typeof t.ageGroup !== 'string' || t.ageGroup.trim() === '')) problems.push(`categoryOptionCombos.${id}.ageGroup must be an age-group code`);
          const extra = Object.keys(t).filter((k) => !['sex', 'ageGroup', 'area'].includes(k));
          if (extra.length > 0) problems.push(`categoryOptionCombos.${id}: unknown key(s) ${extra.join(', ')}`);
        }
      }
    }
  }
  if (problems.length > 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${label}: ${problems.join('; ')}` }, problems);
  return m as Dhis2IdMap;
}
