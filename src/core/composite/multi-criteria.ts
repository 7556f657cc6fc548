/**
 * TOPSIS and RSR inside the index pipeline. Both need a complete units × indicators matrix,
 * so a unit missing any indicator (after imputation) is left out of them. When too few units
 * remain, the method is skipped with a `VITALS_W_MISSING_DATA` warning instead of failing the
 * whole index: a period with patchy data still gets its index values and ranks.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { PreparedPeriod } from './prepare.js';
import { rankSumRatio, RSR_GRADE_TABLES, RSR_MIN_UNITS, type RsrResult } from './rsr.js';
import { topsis, TOPSIS_MIN_UNITS, type TopsisResult } from './topsis.js';
import type { IndexConfig } from './types.js';

export interface MultiCriteriaResults {
  readonly topsis?: TopsisResult;
  readonly rsr?: RsrResult;
  /**
   * Units left out of TOPSIS and RSR for a missing indicator value: they carry no TOPSIS or
   * RSR score. Empty when neither method is configured.
   */
  readonly incompleteUnits: readonly string[];
}

/** Units with every indicator present (after imputation/treatment), as rows for TOPSIS/RSR. */
function completeRows(config: IndexConfig, prepared: PreparedPeriod): { units: string[]; rows: number[][]; incomplete: string[] } {
  const cols = config.indicators.map((i) => prepared.treated.get(i.code)!);
  const units: string[] = [];
  const rows: number[][] = [];
  const incomplete: string[] = [];
  prepared.units.forEach((u, i) => {
    if (cols.every((c) => c[i] !== null)) {
      units.push(u);
      rows.push(cols.map((c) => c[i] as number));
    } else {
      incomplete.push(u);
    }
  });
  return { units, rows, incomplete };
}

/** Lists at most a few codes so that a national run does not print 2,850 of them. */
function sample(codes: readonly string[]): string {
  const shown = codes.slice(0, 10).join(', ');
  return codes.length > 10 ? `${shown} … (+${codes.length - 10})` : shown;
}

/**
 * Runs the configured TOPSIS and RSR on the units with complete data, with the effective
 * (root-share) weights of the indicators.
 * Warnings (`VITALS_W_MISSING_DATA`, context `topsis` / `rsr`): units left out; a method
 * skipped because fewer than its minimum (TOPSIS 1, RSR 3) units are complete.
 */
export function runMultiCriteria(
  config: IndexConfig,
  prepared: PreparedPeriod,
  effectiveWeights: Readonly<Record<string, number>>,
  diagnostics: Diagnostics,
): MultiCriteriaResults {
  if (!config.topsis && !config.rsr) return { incompleteUnits: [] };
  const complete = completeRows(config, prepared);
  const criteria = config.indicators.map((i) => i.code);
  const directions = config.indicators.map((i) => i.direction);
  const weights = criteria.map((c) => effectiveWeights[c]!);
  const total = prepared.units.length;

  const enough = (method: 'topsis' | 'rsr', label: string, minimum: number): boolean => {
    const d = diagnostics.inContext(method);
    if (complete.units.length < minimum) {
      d.warn(
        'VITALS_W_MISSING_DATA',
        `${label} skipped: it needs at least ${minimum} unit(s) with every indicator, ${complete.units.length} of ${total} have them; no ${label} scores this period`,
      );
      return false;
    }
    if (complete.incomplete.length > 0) {
      d.warn('VITALS_W_MISSING_DATA', `${label}: ${complete.incomplete.length} of ${total} unit(s) miss an indicator and get no ${label} score: ${sample(complete.incomplete)}`);
    }
    return true;
  };

  let topsisResult: TopsisResult | undefined;
  if (config.topsis && enough('topsis', 'TOPSIS', TOPSIS_MIN_UNITS)) {
    topsisResult = topsis({ units: complete.units, criteria, rows: complete.rows, weights, directions });
  }
  let rsrResult: RsrResult | undefined;
  if (config.rsr && enough('rsr', 'RSR', RSR_MIN_UNITS)) {
    const table = config.rsr.cuts ? null : RSR_GRADE_TABLES[3];
    rsrResult = rankSumRatio({
      units: complete.units,
      criteria,
      rows: complete.rows,
      directions,
      weights,
      cuts: config.rsr.cuts ?? table!.cuts,
      labels: config.rsr.labels ?? (table ? table.labels : config.rsr.cuts!.concat(0).map((_, k) => String(k + 1))),
    });
  }
  return { ...(topsisResult ? { topsis: topsisResult } : {}), ...(rsrResult ? { rsr: rsrResult } : {}), incompleteUnits: complete.incomplete };
}
