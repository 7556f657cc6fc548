/**
 * Bilingual reason texts for checkpoint warnings. Numbers are shown with four significant
 * digits; shares as percentages with one decimal.
 */
import type { CheckpointReason, WarningLevel } from './types.js';

export const LEVEL_LABELS: Readonly<Record<WarningLevel, { zh: string; en: string }>> = {
  none: { zh: '无预警', en: 'no warning' },
  watch: { zh: '关注', en: 'watch' },
  warning: { zh: '预警', en: 'warning' },
  alert: { zh: '严重预警', en: 'alert' },
};

export function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** `2025` + 0.75 → 2025年前三季度 / 2025 Q1–Q3. */
export function checkpointLabel(year: number, fraction: number): { zh: string; en: string } {
  const months = Math.round(fraction * 12);
  const named: Record<number, [string, string]> = {
    3: ['第一季度', 'Q1'],
    6: ['上半年', 'H1'],
    9: ['前三季度', 'Q1–Q3'],
    12: ['全年', 'the full year'],
  };
  const [zh, en] = named[months] ?? [`前${months}个月`, `the first ${months} months`];
  return { zh: `${year}年${zh}`, en: `${year} ${en}` };
}

export function ytdReason(level: WarningLevel, at: { zh: string; en: string }, actual: number, expected: number, gapShare: number, sum: boolean): CheckpointReason {
  const what = sum ? { zh: '累计值', en: 'cumulative value' } : { zh: '最新值', en: 'latest value' };
  if (level === 'none') {
    return {
      code: 'ytd_on_path',
      level,
      zh: `${at.zh}${what.zh}${fmt(actual)}，年度进度应达${fmt(expected)}，符合或快于年度进度（偏差${pct(gapShare)}）`,
      en: `${at.en}: ${what.en} ${fmt(actual)} against ${fmt(expected)} expected on the annual path; on or ahead of the path (${pct(gapShare)})`,
    };
  }
  return {
    code: 'ytd_behind_path',
    level,
    zh: `${at.zh}${what.zh}${fmt(actual)}，低于年度进度应达值${fmt(expected)}，差距占本年应完成变化量的${pct(-gapShare)}`,
    en: `${at.en}: ${what.en} ${fmt(actual)} is behind the ${fmt(expected)} expected on the annual path; the gap is ${pct(-gapShare)} of this year's required change`,
  };
}

export function projectionReason(
  level: WarningLevel,
  milestone: { t: number; value: number },
  projected: number,
  lower: number | null,
  upper: number | null,
  confidence: number,
  slopeTowardTarget: boolean,
): CheckpointReason {
  const band = lower !== null && upper !== null ? { zh: `（${pct(confidence)}预测区间${fmt(lower)}～${fmt(upper)}）`, en: ` (${pct(confidence)} prediction interval ${fmt(lower)} to ${fmt(upper)})` } : { zh: '（点数不足，无预测区间）', en: ' (too few points for an interval)' };
  const head = { zh: `按近期加权线性趋势，${milestone.t}年预计为${fmt(projected)}${band.zh}，目标${fmt(milestone.value)}`, en: `on the weighted recent linear trend, ${milestone.t} is projected at ${fmt(projected)}${band.en} against a target of ${fmt(milestone.value)}` };
  const tails: Record<WarningLevel, [string, string, string]> = {
    none: ['projection_meets_milestone', '，预计可以实现', '; the milestone is expected to be met'],
    watch: ['projection_uncertain', '，预计值未达标但区间内仍可能实现', '; the projection falls short but the interval still reaches the milestone'],
    warning: ['projection_misses_milestone', '，即使按区间有利一端也难以实现，需加快进度', '; even the favourable end of the interval misses the milestone: acceleration is needed'],
    alert: [
      'projection_moves_away',
      slopeTowardTarget ? '，且无法实现' : '，且趋势停滞或背离目标',
      slopeTowardTarget ? '; the milestone will be missed' : '; the trend is flat or moving away from the target',
    ],
  };
  const [code, zh, en] = tails[level];
  return { code, level, zh: head.zh + zh, en: head.en + en };
}

export function infoReason(code: 'no_ytd_data' | 'insufficient_history' | 'ytd_incomplete', at: { zh: string; en: string }, detail?: string): CheckpointReason {
  const texts = {
    no_ytd_data: { zh: `${at.zh}没有可用的年内数据`, en: `${at.en}: no sub-annual data available` },
    insufficient_history: { zh: '可用于趋势外推的年度数据不足两个年份', en: 'fewer than two years of data for the trend projection' },
    ytd_incomplete: { zh: `${at.zh}年内数据不完整（${detail ?? ''}）`, en: `${at.en}: sub-annual data incomplete (${detail ?? ''})` },
  } as const;
  return { code, level: 'none', ...texts[code] };
}
