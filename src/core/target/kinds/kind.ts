/**
 * The one interface every target kind implements. Each kind is a small module registered in
 * `registry.ts`; the engine never switches on kinds anywhere else.
 */
import type { Polarity } from '../../indicator/types.js';
import type { AttainmentResult, KindOutcome, ResolveContext, SpecOf, TargetTest } from '../attainment.types.js';
import type { Observed } from '../series.js';
import type { TargetKind, TargetSpec } from '../types.js';

/** Validated, sorted inputs shared by every kind during one evaluation. */
export interface EvaluationContext {
  readonly polarity: Polarity;
  readonly bounds?: { readonly min?: number; readonly max?: number };
  readonly year: number;
  readonly maxStaleness: number;
  readonly series: Observed;
  /** The target's baseline (year, and value when stated). */
  readonly baseline?: { readonly year: number; readonly value?: number };
  readonly benchmarks: ReadonlyMap<string, Observed>;
  readonly references: ReadonlyMap<string, Observed>;
  readonly subUnits?: { readonly expected: readonly string[]; readonly series: ReadonlyMap<string, Observed> };
  /** Evaluates another spec with the same inputs (compound targets). */
  evaluatePart(spec: TargetSpec): AttainmentResult;
}

export interface TargetKindModule<K extends TargetKind = TargetKind> {
  readonly kind: K;
  /** Turns the spec into a numeric test for one region and year. Never throws on missing data. */
  resolve(spec: SpecOf<K>, context: ResolveContext): TargetTest;
  /** Judges the spec against the inputs. */
  evaluate(spec: SpecOf<K>, context: EvaluationContext): KindOutcome;
}
