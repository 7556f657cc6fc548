/**
 * Robust location and spread for outlier checks: median, MAD and the modified z-score of
 * Iglewicz & Hoaglin (1993): M = 0.6745 (x − median) / MAD, outlier when |M| > 3.5. The
 * constant 0.6745 is the 0.75 quantile of the standard normal, so 0.6745 / MAD scales like
 * 1 / σ for normal data.
 */

/** Iglewicz–Hoaglin scaling constant. */
export const MODIFIED_Z_CONSTANT = 0.6745;
/** √(π/2): turns a mean absolute deviation into a σ estimate, used when the MAD is 0. */
export const MEAN_AD_CONSTANT = 1.253314;
/** Iglewicz–Hoaglin's recommended cut-off. */
export const DEFAULT_MODIFIED_Z_THRESHOLD = 3.5;

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(xs: readonly number[], center = median(xs)): number {
  return median(xs.map((x) => Math.abs(x - center)));
}

/** Mean absolute deviation from the median. */
export function meanAbsoluteDeviation(xs: readonly number[], center = median(xs)): number {
  return xs.reduce((sum, x) => sum + Math.abs(x - center), 0) / xs.length;
}

export interface ModifiedZ {
  readonly score: number;
  readonly median: number;
  readonly spread: number;
  readonly scale: 'mad' | 'mean_ad';
}

/**
 * The modified z-score of `x` against `sample`. When more than half the sample is identical
 * the MAD is 0; then the mean absolute deviation stands in, as M = (x − median) / (1.253314 ·
 * MeanAD) (the fallback IBM SPSS/Cognos document). Null when the sample has no spread at all.
 * @example modifiedZ(30, [10, 12, 14, 16, 18]) → median 14, MAD 2, score 0.6745·16/2 = 5.396
 */
export function modifiedZ(x: number, sample: readonly number[]): ModifiedZ | null {
  const center = median(sample);
  const mad = medianAbsoluteDeviation(sample, center);
  if (mad > 0) return { score: (MODIFIED_Z_CONSTANT * (x - center)) / mad, median: center, spread: mad, scale: 'mad' };
  const meanAd = meanAbsoluteDeviation(sample, center);
  if (meanAd > 0) return { score: (x - center) / (MEAN_AD_CONSTANT * meanAd), median: center, spread: meanAd, scale: 'mean_ad' };
  return null;
}
