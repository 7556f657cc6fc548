/**
 * Text preparation for the wording parser: full-width → half-width, one dash, no spaces, and
 * removal of figures that are not the target (years, age groups, per-population bases).
 */
import type { RegionLevel } from '../../region/types.js';

/** A number with optional unit, as a capturing regex source: (value)(unit)? */
export const NUM = '(\\d+(?:\\.\\d+)?)';
/** Units a target figure may carry; longest first so `个百分点` wins over `个`. */
const UNITS = [
  '个百分点', '百分点', '%', '‰', '‱', '/十万', '/万', '/千', '万亿元', '亿元', '万元', '元', '平方米', 'm2',
  '小时', '分钟', '课时', '岁', '张', '人', '名', '个', '所', '家', '项', '座', '支', '批', '种', '类', '次', '例', '天', '倍',
];
export const UNIT = `(${UNITS.map((u) => u.replace(/[/%]/g, (c) => `\\${c}`)).join('|')})?`;
/** Measure words of things counted one by one (count targets rather than rates). */
const COUNT_UNITS = new Set(['个', '所', '家', '项', '座', '支', '批', '种', '类', '例']);

export const UP_WORDS = '提高|提升|增加|上升|增长|扩大|跃升';
export const DOWN_WORDS = '下降|降低|减少|缩小|减轻';
export const BETTER_WORDS = '改善|好转';
export const MOVE_WORDS = `${UP_WORDS}|${DOWN_WORDS}|${BETTER_WORDS}`;

/** Canonical form: NFKC (full-width digits, ％, （）), one dash, ≥/≤, no spaces or thousands commas. */
export function normalizeWording(raw: string): string {
  let text = raw.normalize('NFKC');
  text = text.replace(/\s+/g, '');
  text = text.replace(/≧|>=|=>/g, '≥').replace(/≦|<=|=</g, '≤');
  text = text.replace(/[—–―‒−~〜∼]/g, '-').replace(/-+/g, '-');
  text = text.replace(/(\d),(?=\d{3}(?:\D|$))/g, '$1');
  // Per-population units with digits (237/10万) read as one unit, so they are not a second figure.
  text = text.replace(/\/100000|\/10万/g, '/十万').replace(/\/10000/g, '/万').replace(/\/1000(?!\d)/g, '/千');
  text = text.replace(/^[,、:。;]+|[,、:。;!?]+$/g, '');
  return text;
}

/**
 * Removes figures that are not the target: years and year spans (到2025年, 2023—2027年, 20xx年),
 * age groups (65岁及以上老年人, 5岁以下儿童 — but not 提高1岁左右 or 80岁以上 at the end),
 * population bases (每1000万人口) and durations (5年生存率). Also drops "5G".
 */
export function stripNonTargetFigures(text: string): string {
  return text
    .replace(/(?:到|至|在|于|截至|截止)?(?:\d{4}|\d{2}xx)(?:[-、,和及与](?:\d{4}|\d{2}xx))*年(?:底|末)?(?:前|以前|之前)?,?/gi, '')
    .replace(/\d+(?:-\d+)?岁(?:及?以[上下](?=[\u4e00-\u9fff])|(?!及?以[上下]|左右)(?=[\u4e00-\u9fff]))/g, '')
    .replace(/每\d+(?:\.\d+)?万?(?:至\d+(?:\.\d+)?万?)?(?:常住)?人口?/g, '')
    .replace(/\d{1,2}年(?=[\u4e00-\u9fff])/g, '') // durations: 5年生存率, 工龄不足5年的
    .replace(/\d+G/g, '');
}

/** Every figure left in `text` (a range 1-2 counts once). */
export function figures(text: string): string[] {
  return text.match(/\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?/g) ?? [];
}

/** A count (things counted one by one) rather than a rate or level. */
export function isCountLike(value: number, unit: string | undefined, contextUnit?: string): boolean {
  if (!unit || !COUNT_UNITS.has(unit) || !Number.isInteger(value)) return false;
  return !/[/%‰‱每千万]/.test(contextUnit ?? '');
}

/** `%` states a relative change; `个百分点` and everything else an absolute one. */
export function changeModeOf(unit: string | undefined): 'relative' | 'absolute' {
  return unit === '%' ? 'relative' : 'absolute';
}

export function moveSign(word: string): 1 | -1 | 0 {
  if (new RegExp(`^(?:${UP_WORDS})$`).test(word)) return 1;
  if (new RegExp(`^(?:${DOWN_WORDS})$`).test(word)) return -1;
  return 0; // 改善/好转: depends on the polarity
}

export const LEVEL_WORDS = '县\\(市、区\\)|县\\(市\\)|县\\(区\\)|县区|县级|县域|设区市|地级市|地市|市级|乡镇\\(街道\\)|乡镇|乡级|街道|省级|县|市|省';

export function levelOf(word: string): RegionLevel {
  if (word.startsWith('县')) return 'county';
  if (word.startsWith('乡') || word === '街道') return 'township';
  if (word.startsWith('省')) return 'province';
  return 'prefecture';
}
