/**
 * Relative to a benchmark region's value in the same year (`000000` = national):
 * `达到全国平均水平` reach (at least as good), `优于全国平均水平` better (strictly),
 * `低于国家平均水平` below and `高于…` above (literal, whatever the polarity).
 */
import { NATION_CODE } from '../../region/types.js';
import type { AttainmentNote } from '../attainment.types.js';
import { fmt, note, opText } from '../format.js';
import type { Observed } from '../series.js';
import { valueAt } from '../series.js';
import type { Comparator } from '../types.js';
import type { EvaluationContext, TargetKindModule } from './kind.js';
import { evaluateLevel, missingNote, noneTest, staleNote, type LevelPick } from './level.js';

const RELATION_WORDS = {
  reach: { zh: '达到', en: 'reach' },
  better: { zh: '优于', en: 'better than' },
  below: { zh: '低于', en: 'below' },
  above: { zh: '高于', en: 'above' },
} as const;

export function regionLabel(code: string): { zh: string; en: string } {
  return code === NATION_CODE ? { zh: '全国', en: 'the national' } : { zh: code, en: code };
}

/**
 * The latest year in the staleness window where the region and the series `other` both have a
 * value: comparing a 2025 value with a 2023 benchmark would mislead.
 */
export function pickCommonYear(ctx: EvaluationContext, other: Observed, label: { zh: string; en: string }): LevelPick | AttainmentNote {
  const from = ctx.year - ctx.maxStaleness;
  const own = ctx.series.filter((p) => p.year >= from && p.year <= ctx.year);
  if (own.length === 0) return missingNote('the region', '本地区', ctx.year, ctx.maxStaleness);
  for (let i = own.length - 1; i >= 0; i--) {
    const point = own[i]!;
    const otherValue = valueAt(other, point.year);
    if (otherValue === undefined) continue;
    return { ...point, warnings: point.year < ctx.year ? [staleNote(point.year, ctx.year)] : [], extras: {}, inputsUsed: { otherValue } };
  }
  return note('VITALS_W_MISSING_DATA', `${label.zh}在${from}—${ctx.year}年间没有与本地区同年的数据`, `${label.en}: no value in a year the region also has, between ${from} and ${ctx.year}`);
}

export const benchmarkKind: TargetKindModule<'benchmark'> = {
  kind: 'benchmark',
  resolve: (spec, rc) => {
    const where = regionLabel(spec.benchmarkRegion);
    const value = rc.benchmarkValue;
    const rel = RELATION_WORDS[spec.relation];
    if (value === undefined) {
      const reason = note('VITALS_W_MISSING_DATA', `缺少${where.zh}（${spec.benchmarkRegion}）的对照值`, `no value for the benchmark region ${spec.benchmarkRegion}`);
      // Still say what is required, so that a missing benchmark reads as a data gap, not a vague target.
      return { type: 'none', reason, explanation: { zh: `${rel.zh}${where.zh}平均水平（缺少同年对照值）`, en: `${rel.en} ${where.en} level (${spec.benchmarkRegion}; no value for the same year)` } };
    }
    let op: Comparator;
    if (spec.relation === 'below') op = 'lt';
    else if (spec.relation === 'above') op = 'gt';
    else if (rc.polarity === 'neutral') {
      return noneTest(note('VITALS_W_NO_POLARITY', '指标没有方向（正向/逆向），无法判断“达到/优于”', 'the indicator has no polarity, so "reach"/"better" is undefined'));
    } else {
      const higher = rc.polarity === 'higher_is_better';
      op = spec.relation === 'reach' ? (higher ? 'ge' : 'le') : higher ? 'gt' : 'lt';
    }
    const words = opText(op, value);
    return {
      type: 'compare', subject: 'value', op, threshold: value,
      explanation: {
        zh: `${rel.zh}${where.zh}平均水平（同年 ${fmt(value)}）：${words.zh}`,
        en: `${rel.en} ${where.en} level (${spec.benchmarkRegion}, same year ${fmt(value)}): ${words.en}`,
      },
    };
  },
  evaluate: (spec, ctx) => {
    const other = ctx.benchmarks.get(spec.benchmarkRegion) ?? [];
    return evaluateLevel(ctx, (rc) => benchmarkKind.resolve(spec, rc), {
      pick: (c) => {
        const picked = pickCommonYear(c, other, regionLabel(spec.benchmarkRegion));
        if ('code' in picked) return picked;
        const benchmarkValue = picked.inputsUsed!.otherValue as number;
        return { ...picked, extras: { benchmarkValue }, inputsUsed: { benchmark: { region: spec.benchmarkRegion, year: picked.year, value: benchmarkValue } } };
      },
    });
  },
};
