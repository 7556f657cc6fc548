/**
 * Region codes: GB/T 2260 six-digit codes (nation `000000`, province `XX0000`, prefecture
 * `XXXX00`, county `XXXXXX`), NBS nine-digit township codes, and free-form codes of
 * non-geographic reporting units (departments, hospitals) such as `130102-H001`.
 */
import { VitalsError } from '../errors.js';
import { NATION_CODE, type RegionLevel } from './types.js';

/** Depth of each level: a child is always strictly deeper than its parent. */
export const REGION_LEVEL_RANK: Readonly<Record<RegionLevel, number>> = {
  nation: 0,
  province: 1,
  prefecture: 2,
  county: 3,
  township: 4,
  unit: 5,
};

/** All levels, including `unit`, coarsest first. */
export const ALL_REGION_LEVELS: readonly RegionLevel[] = ['nation', 'province', 'prefecture', 'county', 'township', 'unit'];

/** Geographic levels carry official codes; `unit` does not. */
export function isGeographicLevel(level: RegionLevel): boolean {
  return level !== 'unit';
}

const SIX = /^\d{6}$/;
const NINE = /^\d{9}$/;
const DIGITS = /^\d+$/;
// Unit codes are free-form but must stay safe in URLs, CSV cells and file names.
const UNIT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Shape = { readonly level: RegionLevel } | { readonly reason: string };

function sixDigitShape(code: string): Shape {
  if (code === NATION_CODE) return { level: 'nation' };
  // GB/T 2260 region digits: 1 华北 … 6 西北, 7 Taiwan, 8 Hong Kong and Macao.
  if (code[0] === '0' || code[0] === '9') return { reason: 'the first digit must be 1–8 (GB/T 2260 region)' };
  if (code.slice(2, 4) === '00' && code.slice(4) !== '00') {
    return { reason: 'digits 3–4 are 00 but digits 5–6 are not: no GB/T 2260 code has that form' };
  }
  if (code.slice(2) === '0000') return { level: 'province' };
  if (code.slice(4) === '00') return { level: 'prefecture' };
  return { level: 'county' };
}

function shapeOf(code: unknown): Shape {
  if (typeof code !== 'string') return { reason: 'not a string' };
  if (code.length === 0) return { reason: 'empty' };
  if (/\s/.test(code)) return { reason: 'contains whitespace' };
  if (SIX.test(code)) return sixDigitShape(code);
  if (NINE.test(code)) {
    const head = sixDigitShape(code.slice(0, 6));
    // Townships hang under a county, or directly under a prefecture without counties (东莞 441900).
    if ('level' in head && (head.level === 'county' || head.level === 'prefecture')) return { level: 'township' };
    return { reason: 'the first six digits of a township code must be a county or prefecture code' };
  }
  if (DIGITS.test(code)) return { reason: `${code.length} digits: expected 6 (GB/T 2260) or 9 (NBS township)` };
  if (UNIT.test(code)) return { level: 'unit' };
  return { reason: 'expected 6 digits (GB/T 2260), 9 digits (NBS township) or a unit code of at most 64 letters, digits, ".", "_", "-"' };
}

const LEVEL_FORMS: Readonly<Record<RegionLevel, string>> = {
  nation: '000000',
  province: 'XX0000',
  prefecture: 'XXXX00',
  county: 'six digits not ending in 00',
  township: 'nine digits',
  unit: 'a non-numeric unit code such as 130102-H001',
};

function invalid(code: unknown, reason: string): VitalsError {
  const shown = typeof code === 'string' ? code : String(code);
  return new VitalsError('VITALS_E_INVALID_REGION_CODE', { value: `${shown} (${reason})` }, { code: shown, reason });
}

/** The level a code's shape implies, or `undefined` when the code is malformed. */
export function inferRegionLevel(code: string): RegionLevel | undefined {
  const shape = shapeOf(code);
  return 'level' in shape ? shape.level : undefined;
}

/**
 * Check a region code, optionally against the level it is declared at, and return its level.
 * @throws VitalsError VITALS_E_INVALID_REGION_CODE naming the code and the reason.
 * @example validateRegionCode('130102') === 'county'; validateRegionCode('130100', 'county') // throws
 */
export function validateRegionCode(code: string, level?: RegionLevel): RegionLevel {
  const shape = shapeOf(code);
  if ('reason' in shape) throw invalid(code, shape.reason);
  if (level !== undefined && level !== shape.level) {
    if (!(level in LEVEL_FORMS)) throw invalid(code, `unknown level "${String(level)}"`);
    throw invalid(code, `a ${level} code has the form ${LEVEL_FORMS[level]}; this is a ${shape.level} code`);
  }
  return shape.level;
}

/** `validateRegionCode` as a predicate. */
export function isValidRegionCode(code: string, level?: RegionLevel): boolean {
  const shape = shapeOf(code);
  return 'level' in shape && (level === undefined || level === shape.level);
}

/**
 * The code prefix every descendant of a geographic region shares: 2 digits under a province,
 * 4 under a prefecture, 6 under a county; empty under the nation (and for units).
 */
export function descendantPrefix(code: string, level: RegionLevel): string {
  switch (level) {
    case 'province':
      return code.slice(0, 2);
    case 'prefecture':
      return code.slice(0, 4);
    case 'county':
      return code.slice(0, 6);
    default:
      return '';
  }
}

/**
 * The province code a geographic code belongs to, read from its digits (nation → `000000`).
 * Units have no geographic digits: use `RegionTree.provinceOf` for them.
 * @throws VITALS_E_INVALID_REGION_CODE for malformed codes and unit codes.
 */
export function provinceCodeFromCode(code: string): string {
  const level = validateRegionCode(code);
  if (level === 'unit') throw invalid(code, 'a unit code carries no province digits; look it up in the region tree');
  if (level === 'nation') return NATION_CODE;
  return `${code.slice(0, 2)}0000`;
}
