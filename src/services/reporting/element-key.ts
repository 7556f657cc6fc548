/**
 * Form element keys: a data element code, optionally restricted to one disaggregation, written
 * like a reference of the expression language: `BIRTHS`, `BIRTHS|sex=female`,
 * `BIRTHS|age_group=0-4,sex=F`. The same key is the value's name in validation rules.
 */
import { VitalsError } from '../../core/errors.js';
import type { Area, Sex } from '../../storage/index.js';

export interface ElementKeyParts {
  readonly dataElement: string;
  readonly sex: Sex;
  readonly ageGroup: string;
  readonly area: Area;
}

const SEX: Readonly<Record<string, Sex>> = { total: 'total', male: 'male', m: 'male', female: 'female', f: 'female', 男: 'male', 女: 'female' };
const AREA: Readonly<Record<string, Area>> = { total: 'total', urban: 'urban', rural: 'rural', 城镇: 'urban', 农村: 'rural' };

/**
 * Split an element key into its data element and disaggregation.
 * @example parseElementKey('BIRTHS|sex=F') → { dataElement: 'BIRTHS', sex: 'female', ageGroup: 'total', area: 'total' }
 * @throws VITALS_E_INVALID_INPUT naming the key and the bad part
 */
export function parseElementKey(key: string): ElementKeyParts {
  const [code, filter, extra] = key.split('|');
  if (!code || code.trim() === '' || extra !== undefined) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `element key ${JSON.stringify(key)} must look like CODE or CODE|dimension=value` });
  let sex: Sex = 'total';
  let ageGroup = 'total';
  let area: Area = 'total';
  for (const term of filter ? filter.split(',') : []) {
    const [dimension, raw] = term.split('=').map((s) => s.trim());
    const value = (raw ?? '').toLowerCase();
    if (dimension === 'sex' && SEX[value]) sex = SEX[value]!;
    else if ((dimension === 'age_group' || dimension === 'age') && raw) ageGroup = raw;
    else if (dimension === 'area' && AREA[value]) area = AREA[value]!;
    else throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `element key ${JSON.stringify(key)}: "${term}" is not sex=…, age_group=… or area=…` });
  }
  return { dataElement: code.trim(), sex, ageGroup, area };
}

/** The key of a stored value's cell, for matching values to form rows. */
export function cellOf(parts: { readonly dataElement: string; readonly sex: string; readonly ageGroup: string; readonly area: string }): string {
  return `${parts.dataElement}|${parts.sex}|${parts.ageGroup}|${parts.area}`;
}
