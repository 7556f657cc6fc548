/**
 * Lenient period input → strict code. People type periods the way their spreadsheets and
 * reports write them (`2025-07`, `2025年第3季度`, `2025年上半年`, full-width digits); DHIS2
 * exchanges `202507`, `2025Q3`, `2025S1`. All of them become the one stored form.
 */
import { VitalsError } from '../errors.js';
import { MONTHS_PER_PERIOD, PERIOD_TYPES, makePeriod, type Period } from './period.js';

const CHINESE_NUMBERS: Readonly<Record<string, number>> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12,
};

/** `7`, `07` or `七` → 7; undefined when it is neither. */
function number(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  return CHINESE_NUMBERS[text];
}

const SEP = '[-/.]?';
const CN_NUM = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const RANGE_DASH = '[-~～至到—–]';

type Rule = (m: RegExpExecArray) => Period | undefined;

/** Patterns tried in order on the NFKC-folded, upper-cased, space-free input. */
const RULES: ReadonlyArray<readonly [RegExp, Rule]> = [
  [/^(\d{4})(?:年度?)?$/, (m) => makePeriod('year', Number(m[1]))],
  // 202507 (DHIS2 monthly) needs exactly two month digits: 20257 is ambiguous.
  [/^(\d{4})(\d{2})$/, (m) => month(m[1]!, m[2]!)],
  [new RegExp(`^(\\d{4})(?:[-/.]M?|M)(\\d{1,2})(?:月)?$`), (m) => month(m[1]!, m[2]!)],
  [new RegExp(`^(\\d{4})年${CN_NUM}月(?:份)?$`), (m) => month(m[1]!, m[2]!)],
  [new RegExp(`^(\\d{4})${SEP}Q([1-4])$`), (m) => makePeriod('quarter', Number(m[1]), Number(m[2]))],
  [new RegExp(`^Q([1-4])${SEP}(\\d{4})$`), (m) => makePeriod('quarter', Number(m[2]), Number(m[1]))],
  [/^(\d{4})年?第?([1-4一二三四])季(?:度)?$/, (m) => makePeriod('quarter', Number(m[1]), number(m[2]!)!)],
  // H is ours, S is DHIS2's six-monthly.
  [new RegExp(`^(\\d{4})${SEP}[HS]([12])$`), (m) => makePeriod('half_year', Number(m[1]), Number(m[2]))],
  [/^(\d{4})年?([上下])半年(?:度)?$/, (m) => makePeriod('half_year', Number(m[1]), m[2] === '上' ? 1 : 2)],
  // 2025年1-6月: a cumulative month range; accepted only when it is exactly one period.
  [new RegExp(`^(\\d{4})年${CN_NUM}月?${RANGE_DASH}${CN_NUM}月(?:份)?$`), (m) => monthSpan(m[1]!, m[2]!, m[3]!)],
];

function month(year: string, text: string): Period | undefined {
  const index = number(text);
  return index !== undefined && index >= 1 && index <= 12 ? makePeriod('month', Number(year), index) : undefined;
}

function monthSpan(year: string, fromText: string, toText: string): Period | undefined {
  const from = number(fromText);
  const to = number(toText);
  if (from === undefined || to === undefined || from < 1 || to > 12 || to < from) return undefined;
  const months = to - from + 1;
  // Coarsest type whose length matches and whose boundary aligns (1-6 → H1, 4-6 → Q2, 1-12 → year).
  for (const type of PERIOD_TYPES) {
    const per = MONTHS_PER_PERIOD[type];
    if (per === months && (from - 1) % per === 0) return makePeriod(type, Number(year), (from - 1) / per + 1);
  }
  return undefined;
}

/**
 * Turn lenient period input into a strict code.
 *
 * Accepts strict codes and: `2025年`, `2025-07`, `2025/7`, `202507`, `2025M7`, `2025年7月`,
 * `2025年七月`, `2025Q3`, `2025-Q3`, `Q3 2025`, `2025年第3季度`, `2025年三季度`, `2025H1`,
 * `2025S1` (DHIS2 six-monthly), `2025年上半年`, `2025年1-6月` (only when the span is exactly
 * one period), full-width digits and letters, lower case, surrounding and inner spaces.
 *
 * @throws VitalsError VITALS_E_INVALID_PERIOD naming the original input.
 * @example normalizePeriodCode('２０２５年第３季度') === '2025Q3'
 */
export function normalizePeriodCode(input: string): string {
  if (typeof input !== 'string') {
    throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: String(input) }, { value: input });
  }
  // NFKC folds full-width digits, letters, hyphens and the ideographic space.
  const folded = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  for (const [pattern, rule] of RULES) {
    const m = pattern.exec(folded);
    if (!m) continue;
    try {
      const period = rule(m);
      if (period) return period.code;
    } catch {
      // Out-of-range parts (month 13, year 0225): try the next rule, then report the input.
    }
  }
  throw new VitalsError('VITALS_E_INVALID_PERIOD', { value: input }, { value: input, reason: 'unrecognised period' });
}
