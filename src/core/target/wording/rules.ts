/**
 * Wording rules, tried in order on one clause. Each rule recognises one family of phrasings
 * and says how sure it is: `exact` when the spec states everything the words say, `partial`
 * when a convention filled a gap (a default tolerance, a polarity-dependent 达到…).
 */
import type { Polarity } from '../../indicator/types.js';
import { NATION_CODE } from '../../region/types.js';
import { DEFAULT_ABOUT_TOLERANCE } from '../kinds/approx.kind.js';
import { DEFAULT_MAINTAIN_TOLERANCE } from '../kinds/maintain.kind.js';
import type { AmountComparison, Comparator, TargetSpec } from '../types.js';
import { BETTER_WORDS, changeModeOf, DOWN_WORDS, isCountLike, LEVEL_WORDS, levelOf, MOVE_WORDS, moveSign, NUM, UNIT, UP_WORDS } from './normalize.js';

export interface WordingContext {
  readonly polarity?: Polarity;
  /** The indicator's unit (`%`, `1/10万`, `张`…): tells a rate from a count. */
  readonly unit?: string;
  readonly milestoneYear?: number;
  /** Baseline year of the target row, for changes worded without one (提高1岁左右). */
  readonly baselineYear?: number;
  /** Reference indicator code for 同比例提高. */
  readonly referenceIndicator?: string;
  /** Region code standing for 全省/全市平均水平. */
  readonly parentRegion?: string;
}

export interface Hit {
  readonly spec: TargetSpec;
  readonly confidence: 'exact' | 'partial';
  readonly notes: readonly string[];
}

export type Rule = (clause: string, context: WordingContext) => Hit | undefined;

const exact = (spec: TargetSpec, notes: string[] = []): Hit => ({ spec, confidence: 'exact', notes });
const partial = (spec: TargetSpec, notes: string[]): Hit => ({ spec, confidence: 'partial', notes });

/** increase/decrease for a move word; 改善 follows the polarity (undefined if unknown). */
function directionOf(word: string, polarity?: Polarity): 'increase' | 'decrease' | undefined {
  const sign = moveSign(word);
  if (sign !== 0) return sign > 0 ? 'increase' : 'decrease';
  if (polarity === 'higher_is_better') return 'increase';
  if (polarity === 'lower_is_better') return 'decrease';
  return undefined;
}

/** 达到X: at least X in the better direction. */
function betterOp(polarity?: Polarity): Comparator {
  return polarity === 'lower_is_better' ? 'le' : 'ge';
}

function levelSpec(op: Comparator, value: number, unit: string | undefined, context: WordingContext): TargetSpec {
  return isCountLike(value, unit, context.unit) ? { kind: 'count', op, value } : { kind: 'threshold', op, value };
}

function amountComparison(qualifier: string | undefined): AmountComparison {
  if (qualifier === '左右' || qualifier === '约') return 'about';
  if (qualifier?.endsWith('以下')) return 'at_most';
  return 'at_least';
}

export const benchmarkRule: Rule = (c, ctx) => {
  const m = c.match(/(达到|优于|好于|高于|超过|低于|不低于)(全国|国家|全省|全市)(?:的)?(?:平均)?水平/);
  if (!m) return undefined;
  const national = m[2] === '全国' || m[2] === '国家';
  if (!national && !ctx.parentRegion) return undefined;
  const region = national ? NATION_CODE : ctx.parentRegion!;
  const relation = ({ 达到: 'reach', 不低于: 'reach', 优于: 'better', 好于: 'better', 高于: 'above', 超过: 'above', 低于: 'below' } as const)[m[1] as '达到'];
  const spec: TargetSpec = { kind: 'benchmark', benchmarkRegion: region, relation };
  if (m[1] === '不低于' && ctx.polarity !== 'higher_is_better') return partial(spec, ['不低于 read as "reach", which assumes higher is better']);
  return exact(spec);
};

export const coverageRule: Rule = (c, ctx) => {
  const each = c.match(new RegExp(`(?:每个|每|各)(${LEVEL_WORDS})(?:都|均)?[^\\d]{0,16}?${NUM}(个|所|家|项|座|支|名|张)(以上|及以上)?`));
  if (each) return exact({ kind: 'coverage', subLevel: levelOf(each[1]!), share: 1, perUnit: Number(each[2]) });
  // 所有设区市创建为国家卫生城市, 每个市都有三甲公立中医院: every sub-unit has (at least one of) it.
  const every = c.match(new RegExp(`(?:所有|全部|每个|各)(${LEVEL_WORDS})(?:都|均)?[^\\d,]{0,4}?(?:创建为|创建成|建成|建立|设立|设置|都有|有)`));
  if (every && !/\d/.test(c) && levelOf(every[1]!) !== 'province') return exact({ kind: 'coverage', subLevel: levelOf(every[1]!), share: 1 });
  const all = c.match(new RegExp(`覆盖(?:所有|全部|每个)(${LEVEL_WORDS})`)) ?? c.match(new RegExp(`(${LEVEL_WORDS})([\\u4e00-\\u9fff]{0,6}?)(?:基本)?(?:实现)?(?:基本)?全覆盖`));
  const soft = /基本(?:实现)?全覆盖|基本覆盖/.test(c) ? ['基本 (basically) softens the target; judged as full coverage'] : [];
  if (all && levelOf(all[1]!) !== 'province') {
    const spec: TargetSpec = { kind: 'coverage', subLevel: levelOf(all[1]!), share: 1 };
    const loose = (all[2]?.length ?? 0) > 2 ? [`the level word "${all[1]}" is separated from 全覆盖; check the sub-level`] : [];
    return soft.length || loose.length ? partial(spec, [...soft, ...loose]) : exact(spec);
  }
  // 全覆盖 / 全部设置 / 全员轮训 without a sub-level: a share of 100 %, or a yes/no flag.
  if (!/全覆盖|全部(?:设置|建立|建成|配备|开展|纳入|实现)|全员/.test(c)) return undefined;
  if (ctx.unit?.includes('%')) return partial({ kind: 'threshold', op: 'ge', value: 100 }, [...soft, 'full coverage without a sub-level: read as ≥ 100 %']);
  return partial({ kind: 'achieve' }, [...soft, 'full coverage without a sub-level: recorded as achieved (1) or not (0)']);
};

export const slowingGrowthRule: Rule = (c) =>
  /持续减缓|(?:上升|增长|增加)(?:趋势|势头|速度)?(?:持续)?(?:减缓|放缓|趋缓|得到遏制)|增(?:速|幅|长率|长速度)(?:持续)?(?:下降|降低|放缓|减缓|趋缓|收窄)|减缓[^\d]{0,12}(?:上升|增长)(?:趋势|势头)/.test(c)
    ? exact({ kind: 'slowing_growth' })
    : undefined;

export const annualChangeRule: Rule = (c) => {
  const m = c.match(new RegExp(`(?:平均每年|每年|年均|逐年)(?:至少)?(${UP_WORDS}|${DOWN_WORDS})(约)?${NUM}(?:-${NUM})?${UNIT}(左右|以上|及以上|以下|及以下)?`));
  if (!m) return undefined;
  const [, verb, about, low, high, unit, qualifier] = m;
  const mode = changeModeOf(unit);
  const size = Number(low) / (mode === 'relative' ? 100 : 1);
  const comparison = about ? 'about' : amountComparison(qualifier);
  const spec: TargetSpec = { kind: 'annual_change', mode, amount: moveSign(verb!) * size, comparison };
  const notes = [
    ...(high ? [`a yearly range ${low}–${high}: judged against its lower end ${low}`] : []),
    ...(comparison === 'about' ? [`左右/约 without a stated tolerance: ±${DEFAULT_ABOUT_TOLERANCE * 100}% of the total change`] : []),
  ];
  return notes.length ? partial(spec, notes) : exact(spec);
};

const CHANGE_TAIL = `(?:,)?(?:继续|再|进一步|累计)?(${MOVE_WORDS})(?:了)?(约)?${NUM}${UNIT}(左右|以上|及以上|以下|及以下)?`;

function changeSpec(year: number, m: RegExpMatchArray): Hit | undefined {
  const [verb, about, value, unit, qualifier] = m.slice(-5);
  const sign = moveSign(verb!);
  if (sign === 0) return undefined;
  const mode = changeModeOf(unit);
  const amount = sign * Number(value) / (mode === 'relative' ? 100 : 1);
  const comparison = about ? 'about' : amountComparison(qualifier);
  if (comparison !== 'about') return exact({ kind: 'change', baselineYear: year, mode, amount, comparison });
  return partial(
    { kind: 'change', baselineYear: year, mode, amount, comparison, tolerance: DEFAULT_ABOUT_TOLERANCE * Math.abs(amount) },
    [`左右 without a stated tolerance: ±${DEFAULT_ABOUT_TOLERANCE * 100}% of the change (${DEFAULT_ABOUT_TOLERANCE * Math.abs(amount)})`],
  );
}

/** `在2020年基础上继续提高1岁左右`, `比2015年降低30%` — run before years are stripped. */
export const changeWithYearRule: Rule = (c) => {
  const m = c.match(new RegExp(`(?:(?:比|较|相对于?)(\\d{4})年(?:的)?(?:水平)?|(\\d{4})年(?:的)?(?:水平)?(?:的)?(?:基础上|基础之上|相比))${CHANGE_TAIL}`));
  return m ? changeSpec(Number(m[1] ?? m[2]), m) : undefined;
};

/** `在现有基础上提高10%`, `降低30%`: a change whose baseline year comes from the row. */
export const changeWithoutYearRule: Rule = (c, ctx) => {
  const m = c.match(new RegExp(`(?:(?:在|以)?(?:现有|目前|当前|基期|基线)(?:水平)?(?:的)?(?:基础上)?)?${CHANGE_TAIL}`));
  if (!m || moveSign(m[1]!) === 0) return undefined;
  const direction = moveSign(m[1]!) > 0 ? 'increase' : 'decrease';
  if (ctx.baselineYear === undefined) {
    return partial({ kind: 'qualitative', direction }, ['a change without a baseline year: give baseline_year to judge its size']);
  }
  const hit = changeSpec(ctx.baselineYear, m)!;
  return partial(hit.spec, [...hit.notes, `baseline year ${ctx.baselineYear} taken from the target row`]);
};

export const proportionalRule: Rule = (c, ctx) => {
  const m = c.match(/同(?:比例|步|幅度)(提高|提升|增长|增加|下降|降低)/);
  if (!m) return undefined;
  if (ctx.referenceIndicator && ctx.baselineYear !== undefined) {
    return exact({ kind: 'proportional', referenceIndicator: ctx.referenceIndicator, baselineYear: ctx.baselineYear });
  }
  return partial({ kind: 'qualitative', direction: moveSign(m[1]!) > 0 ? 'increase' : 'decrease' }, ['同比例 needs the reference indicator and baseline year: give a spec']);
};

export const symbolRule: Rule = (c, ctx) => {
  const m = c.match(new RegExp(`(≥|≤|<|>)${NUM}${UNIT}`));
  if (!m) return undefined;
  const op = ({ '≥': 'ge', '>': 'gt', '≤': 'le', '<': 'lt' } as const)[m[1] as '≥'];
  return exact(levelSpec(op, Number(m[2]), m[3], ctx));
};

export const rangeRule: Rule = (c) => {
  const m = c.match(new RegExp(`${NUM}-${NUM}${UNIT}`));
  if (!m || Number(m[1]) > Number(m[2])) return undefined;
  return exact({ kind: 'range', min: Number(m[1]), max: Number(m[2]) });
};

const VERB_RULES: readonly [RegExp, Comparator | 'better'][] = [
  [new RegExp(`(?:不低于|不少于|不小于|不得低于|至少|最少)${NUM}${UNIT}`), 'ge'],
  [new RegExp(`(?:不高于|不超过|不多于|不大于|不得超过|最多|至多)${NUM}${UNIT}`), 'le'],
  [new RegExp(`(?:${DOWN_WORDS}|降|控制|压缩)(?:到|至|在)${NUM}${UNIT}(?:及以下|以下|以内)?`), 'le'],
  // 达到 alone is not here: its side depends on the polarity (reachRule).
  [new RegExp(`(?:${UP_WORDS}|升)(?:到|至)${NUM}${UNIT}(?:及以上|以上)?`), 'ge'],
  [new RegExp(`(?:超过|高于|大于|多于)${NUM}${UNIT}`), 'gt'],
  [new RegExp(`(?:低于|小于|少于|不足|不满)${NUM}${UNIT}`), 'lt'],
  [new RegExp(`${NUM}${UNIT}(?:及以上|以上)`), 'ge'],
  [new RegExp(`${NUM}${UNIT}(?:及以下|以下|以内)`), 'le'],
];

export const verbRule: Rule = (c, ctx) => {
  for (const [pattern, op] of VERB_RULES) {
    const m = c.match(pattern);
    if (!m) continue;
    const spec = levelSpec(op as Comparator, Number(m[1]), m[2], ctx);
    const rising = new RegExp(`(?:${UP_WORDS})(?:到|至)`).test(m[0]);
    const falling = new RegExp(`(?:${DOWN_WORDS})(?:到|至)`).test(m[0]);
    if ((rising && ctx.polarity === 'lower_is_better') || (falling && ctx.polarity === 'higher_is_better')) {
      return partial(spec, ['the wording\'s direction contradicts the indicator polarity']);
    }
    return exact(spec);
  }
  return undefined;
};

export const aboutRule: Rule = (c) => {
  const m = c.match(new RegExp(`${NUM}${UNIT}左右`)) ?? c.match(new RegExp(`(?:约|稳定在)${NUM}${UNIT}$`));
  if (!m) return undefined;
  return partial({ kind: 'approx', value: Number(m[1]), tolerance: DEFAULT_ABOUT_TOLERANCE, toleranceMode: 'relative' }, [
    `"about" (左右/约/稳定在) without a stated tolerance: ±${DEFAULT_ABOUT_TOLERANCE * 100}% of ${m[1]}`,
  ]);
};

/** `达到29%`, a bare `25.0`: at least the figure in the better direction. */
export const reachRule: Rule = (c, ctx) => {
  const m = c.match(new RegExp(`(?:^|达到|达|为|保持在|维持在|占比|比例|比重)${NUM}${UNIT}$`));
  if (!m) return undefined;
  const spec = levelSpec(betterOp(ctx.polarity), Number(m[1]), m[2], ctx);
  if (ctx.polarity === 'higher_is_better' || ctx.polarity === 'lower_is_better') {
    return /保持在|维持在/.test(m[0]) ? partial(spec, ['保持在 (keep at) read as "at least as good as"']) : exact(spec);
  }
  return partial(spec, ['达到 (reach) needs the polarity; read as "at least"']);
};

export const maintainRule: Rule = (c) =>
  /保持稳定|基本稳定|保持平稳|总体稳定|稳定在(?:现有|目前|当前)?水平|(?:保持|维持)(?:在)?(?:现有|目前|当前)水平/.test(c)
    ? partial({ kind: 'maintain', reference: 'baseline', tolerance: DEFAULT_MAINTAIN_TOLERANCE, toleranceMode: 'relative' }, [
        `保持稳定 without a stated tolerance: ±${DEFAULT_MAINTAIN_TOLERANCE * 100}% of the baseline`,
      ])
    : undefined;

export const directionRule: Rule = (c, ctx) => {
  const m = c.match(new RegExp(`(逐年|持续|不断|稳步|连续|继续)(${MOVE_WORDS})`));
  if (!m) return undefined;
  const direction = directionOf(m[2]!, ctx.polarity);
  const strictness = m[1] === '逐年' ? 'each_year' : 'overall';
  if (!direction) return partial({ kind: 'qualitative' }, [`${m[2]} (improve) needs the polarity to know its direction`]);
  return new RegExp(`^(?:${BETTER_WORDS})$`).test(m[2]!)
    ? partial({ kind: 'direction', direction, strictness }, [`${m[2]} read through the polarity as ${direction}`])
    : exact({ kind: 'direction', direction, strictness });
};

export const qualitativeRule: Rule = (c, ctx) => {
  const m = c.match(new RegExp(`(?:明显|显著|大幅度?|较大|有所|进一步|逐步|较快|得到)(?:的)?(?:实现)?(?:得到)?(${MOVE_WORDS})`));
  if (!m) return undefined;
  const direction = directionOf(m[1]!, ctx.polarity);
  return partial(direction ? { kind: 'qualitative', direction } : { kind: 'qualitative' }, [direction ? `qualitative wording: only the direction (${direction}) can be judged` : `qualitative wording; ${m[1]} needs the polarity to give a direction`]);
};

/**
 * `全省建成社区医院150家`, `培养2000名骨干人才`, `2万名…人才`: a stated number of things built,
 * trained or certified — at least that many. Exact when a building verb says so.
 */
export const countRule: Rule = (c) => {
  const m = c.match(new RegExp(`${NUM}(万)?(个|所|家|名|项|种|支|批|座)`));
  if (!m) return undefined;
  const value = Number(m[1]) * (m[2] ? 10000 : 1);
  if (!Number.isInteger(value)) return undefined;
  const spec: TargetSpec = { kind: 'count', op: 'ge', value };
  return /建成|建设|打造|培养|培育|引进|创建|新建|设置|设立|制定|帮助|完成|形成|推出/.test(c) ? exact(spec) : partial(spec, ['a bare number of things: read as "at least"']);
};

const ACHIEVE_EXACT = new Set(['实现', '已实现', '建立', '建成', '完成', '全面建成', '全面建立', '是']);

export const achieveRule: Rule = (c) => {
  if (/\d/.test(c)) return undefined;
  const leading = /^(?:已|如期|全面|基本|按期)?(?:实现|建立|建成|完成|出台|制定|设立|健全|形成|落实|是)/.test(c);
  if (!leading && !/实现|建成|建立|完成/.test(c)) return undefined;
  return ACHIEVE_EXACT.has(c) ? exact({ kind: 'achieve' }) : partial({ kind: 'achieve' }, ['read as a yes/no achievement (1 = done)']);
};
