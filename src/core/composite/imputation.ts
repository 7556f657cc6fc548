/**
 * Imputation of missing indicator values for one period. Each filled value is recorded with
 * the peers or the period it came from, so that no imputed figure passes as observed.
 */
import { mean, median } from './stats.js';
import type { ImputationRecord, ImputationSpec } from './types.js';

/** The latest earlier observation of a unit × indicator (same period type), for LOCF. */
export type PreviousValue = (unit: string, indicator: string) => { readonly period: string; readonly value: number } | null;

/**
 * Fill the missing entries of one indicator column (`values[i]` belongs to `units[i]`).
 * - `none`: leave missing.
 * - `mean` / `median`: of the observed values of the unit's peer group in the same period
 *   (`spec.peers[unit]`, else group `*`); stays missing if no peer is observed.
 * - `locf`: last observation carried forward from the latest earlier period of the same type.
 */
export function imputeIndicator(
  spec: ImputationSpec,
  indicator: string,
  units: readonly string[],
  values: ReadonlyArray<number | null>,
  previous: PreviousValue,
): { values: Array<number | null>; records: ImputationRecord[] } {
  const out = [...values];
  const records: ImputationRecord[] = [];
  if (spec.method === 'none') return { values: out, records };
  const groupOf = (unit: string): string => spec.peers?.[unit] ?? '*';
  units.forEach((unit, i) => {
    if (values[i] !== null) return;
    if (spec.method === 'locf') {
      const prev = previous(unit, indicator);
      if (prev) {
        out[i] = prev.value;
        records.push({ unit, indicator, method: 'locf', value: prev.value, fromPeriod: prev.period });
      }
      return;
    }
    const group = groupOf(unit);
    const peers = units.filter((u, j) => values[j] !== null && groupOf(u) === group);
    if (peers.length === 0) return;
    const peerValues = units.map((_, j) => values[j]).filter((x, j): x is number => x !== null && groupOf(units[j]!) === group);
    const value = spec.method === 'mean' ? mean(peerValues) : median(peerValues);
    out[i] = value;
    records.push({ unit, indicator, method: spec.method, value, peers });
  });
  return { values: out, records };
}
