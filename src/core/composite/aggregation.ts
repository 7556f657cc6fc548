/**
 * Aggregation of a node's children into the node's score, per unit. With weights w (Σ w = 1):
 * - arithmetic: Σ w_j x_j
 * - geometric: Π x_j^{w_j} (needs x ≥ 0; any zero gives 0)
 * - harmonic: 1 / Σ (w_j / x_j) (needs x ≥ 0; any zero gives 0)
 * - borda: Σ w_j · (units beaten on j + ½ · units tied on j)
 * - copeland: wins − losses over pairwise contests, a contest won by the weighted majority
 *   Σ w_j · sign(x_aj − x_bj) of the children both units have.
 * Missing children: `reweight` renormalises the weights of the children present (COINr's
 * default), `propagate` makes the node missing.
 */
import { VitalsError } from '../errors.js';
import type { AggregationMethod } from './types.js';

export interface AggregationInput {
  readonly node: string;
  readonly children: readonly string[];
  readonly units: readonly string[];
  /** values[j][i]: child j, unit i. */
  readonly values: ReadonlyArray<ReadonlyArray<number | null>>;
  readonly weights: readonly number[];
  readonly method: AggregationMethod;
  readonly missing: 'reweight' | 'propagate';
}

export interface AggregationOutput {
  readonly values: Array<number | null>;
  /** Per unit, the children re-weighted away because they were missing. */
  readonly missingChildren: string[][];
}

function meanOf(method: 'arithmetic' | 'geometric' | 'harmonic', xs: readonly number[], ws: readonly number[], where: (k: number) => string): number {
  if (method === 'arithmetic') return xs.reduce((s, x, j) => s + ws[j]! * x, 0);
  const neg = xs.findIndex((x) => x < 0);
  if (neg >= 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `${method} mean needs values ≥ 0: ${where(neg)} is ${xs[neg]}` });
  if (xs.some((x, j) => x === 0 && ws[j]! > 0)) return 0;
  if (method === 'geometric') return Math.exp(xs.reduce((s, x, j) => s + (ws[j]! > 0 ? ws[j]! * Math.log(x) : 0), 0));
  return 1 / xs.reduce((s, x, j) => s + ws[j]! / x, 0);
}

export function aggregateNode(input: AggregationInput): AggregationOutput {
  const { children, units, values, weights, method, missing } = input;
  const missingChildren = units.map((_, i) => children.filter((_, j) => values[j]![i] === null));
  const usable = (i: number): boolean => missingChildren[i]!.length === 0 || (missing === 'reweight' && missingChildren[i]!.length < children.length);

  if (method === 'borda' || method === 'copeland') {
    const out: Array<number | null> = units.map((_, i) => (usable(i) ? 0 : null));
    if (method === 'borda') {
      children.forEach((_, j) => {
        const col = values[j]!;
        units.forEach((_, i) => {
          const x = col[i];
          if (x === null || x === undefined || out[i] === null) return;
          let points = 0;
          col.forEach((y, k) => {
            if (k === i || y === null) return;
            points += y < x ? 1 : y === x ? 0.5 : 0;
          });
          out[i] = out[i]! + renormalised(weights, values, i)[j]! * points;
        });
      });
    } else {
      units.forEach((_, a) => {
        if (out[a] === null) return;
        units.forEach((_, b) => {
          if (a === b || out[b] === null) return;
          let margin = 0;
          children.forEach((_, j) => {
            const xa = values[j]![a];
            const xb = values[j]![b];
            if (xa === null || xb === null || xa === undefined || xb === undefined) return;
            margin += weights[j]! * Math.sign(xa - xb);
          });
          if (Math.abs(margin) > 1e-12) out[a] = out[a]! + Math.sign(margin);
        });
      });
    }
    return { values: out, missingChildren };
  }

  const all = children.map((_, j) => j);
  const out = units.map((_, i) => {
    if (!usable(i)) return null;
    const complete = missingChildren[i]!.length === 0;
    const present = complete ? all : all.filter((j) => values[j]![i] !== null);
    const ws = complete ? weights : renormalised(weights, values, i);
    if (ws.every((w) => w === 0)) return null;
    return meanOf(
      method,
      present.map((j) => values[j]![i] as number),
      present.map((j) => ws[j]!),
      (k) => `node ${input.node}, unit ${units[i]}, child ${children[present[k]!]}`,
    );
  });
  return { values: out, missingChildren };
}

/** Weights of unit i's present children rescaled to sum 1; absent children get 0. */
function renormalised(weights: readonly number[], values: AggregationInput['values'], i: number): number[] {
  const ws = weights.map((w, j) => (values[j]![i] === null ? 0 : w));
  const total = ws.reduce((s, w) => s + w, 0);
  return total > 0 ? ws.map((w) => w / total) : ws;
}
