/**
 * Compilation phase 5: turn a checked indicator into something that evaluates. Indicators
 * that reference other indicators evaluate them with the same values, once per call.
 */
import {
  evaluateExpression,
  formatExpression,
  type EvaluateOptions,
  type EvaluationIssue,
  type Expression,
  type Reference,
} from '../expression/index.js';
import type { IndicatorDefinition } from './types.js';

/**
 * Supplies data-element values. Called with the reference key — the code, or
 * `CODE|dim=value,…` for a disaggregated reference — and the parsed reference.
 * Return `null`/`undefined` for a missing value. A plain `(code) => number | null` fits.
 */
export type IndicatorValues = (key: string, ref: Reference) => number | null | undefined;

export const INDICATOR_METHOD_VERSION = '1';

export interface IndicatorResult {
  /** The indicator value, or null when an input is missing or the result is undefined. */
  readonly value: number | null;
  /** For ratio indicators: the evaluated numerator and denominator (before the factor). */
  readonly numerator?: number | null;
  readonly denominator?: number | null;
  /** Provenance: `ratio` or `formula`, its version and parameters. */
  readonly method: 'ratio' | 'formula';
  readonly methodVersion: string;
  readonly params: { readonly factor: number; readonly formula: string };
  /** Every data-element value read (reference key → value as found), including through other indicators. */
  readonly inputs: ReadonlyMap<string, number | null>;
  /** Reference keys whose values were missing. */
  readonly missing: readonly string[];
  readonly issues: readonly EvaluationIssue[];
}

export interface CompiledIndicator {
  readonly code: string;
  readonly definition: IndicatorDefinition;
  readonly shape: 'ratio' | 'formula';
  /** 1 for formula indicators. */
  readonly factor: number;
  readonly numerator?: Expression;
  readonly denominator?: Expression;
  readonly formula?: Expression;
  /** Data-element codes needed to evaluate, including through referenced indicators. */
  readonly dependencies: ReadonlySet<string>;
  /** Indicators referenced directly. */
  readonly indicatorDependencies: ReadonlySet<string>;
  /** Weight for population_weighted_mean aggregation. */
  readonly weightElement?: string;
  evaluate(values: IndicatorValues, options?: EvaluateOptions): IndicatorResult;
}

interface Session {
  readonly values: IndicatorValues;
  readonly options: EvaluateOptions;
  readonly inputs: Map<string, number | null>;
  readonly missing: Set<string>;
  readonly cache: Map<string, IndicatorResult>;
}

export interface BuildInput {
  readonly definition: IndicatorDefinition;
  readonly expressions: { readonly formula?: Expression; readonly numerator?: Expression; readonly denominator?: Expression };
  readonly factor: number;
  readonly dependencies: ReadonlySet<string>;
  readonly indicatorDependencies: ReadonlySet<string>;
  readonly weightElement?: string;
}

/** Build the evaluable indicator; `lookup` finds other compiled indicators by code. */
export function buildIndicator(input: BuildInput, lookup: (code: string) => CompiledIndicatorInternal | undefined): CompiledIndicatorInternal {
  const { definition, expressions, factor } = input;
  const shape = expressions.formula ? 'formula' : 'ratio';
  const canonical = expressions.formula
    ? formatExpression(expressions.formula)
    : `(${formatExpression(expressions.numerator!)}) / (${formatExpression(expressions.denominator!)})${factor === 1 ? '' : ` * ${factor}`}`;

  const run = (session: Session): IndicatorResult => {
    const cached = session.cache.get(definition.code);
    if (cached) return cached;
    const issues: EvaluationIssue[] = [];
    const resolver = (key: string, ref: Reference): number | null | undefined => {
      const other = ref.filter.length === 0 && input.indicatorDependencies.has(ref.code) ? lookup(ref.code) : undefined;
      if (other) {
        const result = other.run(session);
        issues.push(...result.issues);
        return result.value;
      }
      const value = session.values(key, ref) ?? null;
      session.inputs.set(key, typeof value === 'number' && Number.isFinite(value) ? value : null);
      if (session.inputs.get(key) === null) session.missing.add(key);
      return value;
    };
    const evaluate = (e: Expression): number | null => {
      const result = evaluateExpression(e, resolver, session.options);
      issues.push(...result.issues);
      return typeof result.value === 'number' ? result.value : null;
    };
    let value: number | null;
    let parts: { numerator?: number | null; denominator?: number | null } = {};
    if (expressions.formula) {
      value = evaluate(expressions.formula);
    } else {
      const numerator = evaluate(expressions.numerator!);
      const denominator = evaluate(expressions.denominator!);
      parts = { numerator, denominator };
      if (numerator === null || denominator === null) value = null;
      else if (denominator === 0) {
        issues.push({ kind: 'division_by_zero', message: `denominator of ${definition.code} is zero`, span: [0, 0] });
        value = null;
      } else {
        const raw = (numerator / denominator) * factor;
        if (Number.isFinite(raw)) value = raw;
        else {
          issues.push({ kind: 'not_finite', message: `${definition.code} has no finite value`, span: [0, 0] });
          value = null;
        }
      }
    }
    const result: IndicatorResult = {
      value: value === 0 ? 0 : value,
      ...parts,
      method: shape,
      methodVersion: INDICATOR_METHOD_VERSION,
      params: { factor, formula: canonical },
      inputs: new Map(session.inputs),
      missing: [...session.missing],
      issues,
    };
    session.cache.set(definition.code, result);
    return result;
  };

  return {
    code: definition.code,
    definition,
    shape,
    factor,
    ...expressions,
    dependencies: input.dependencies,
    indicatorDependencies: input.indicatorDependencies,
    ...(input.weightElement !== undefined ? { weightElement: input.weightElement } : {}),
    run,
    evaluate(values, options = {}) {
      return run({ values, options, inputs: new Map(), missing: new Set(), cache: new Map() });
    },
  };
}

/** The evaluable plus the shared-session entry point used between indicators. */
export interface CompiledIndicatorInternal extends CompiledIndicator {
  run(session: Session): IndicatorResult;
}
