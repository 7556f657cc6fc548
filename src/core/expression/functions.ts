/**
 * The function table: one entry per function, each declaring its arity, its type rule and
 * its evaluation. Arguments arrive as thunks so that `if` and `coalesce` evaluate only
 * what they use (an untaken branch cannot raise a division-by-zero issue).
 */
import type { ValueType } from './ast.js';

export type Value = number | boolean | null;

export interface FunctionDefinition {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly summary: string;
  /** Result type for the argument types, or a message explaining the mismatch. */
  readonly type: (args: readonly ValueType[]) => ValueType | string;
  readonly evaluate: (args: ReadonlyArray<() => Value>) => Value;
}

function allNumbers(args: readonly ValueType[], result: ValueType = 'number'): ValueType | string {
  const bad = args.findIndex((t) => t !== 'number');
  return bad < 0 ? result : `argument ${bad + 1} must be a number, not true/false`;
}

/** Evaluate every argument; null if any is missing (strict functions propagate missing values). */
function strictNumbers(args: ReadonlyArray<() => Value>): number[] | null {
  const values: number[] = [];
  for (const arg of args) {
    const v = arg();
    if (v === null) return null;
    values.push(v as number);
  }
  return values;
}

/**
 * Round half away from zero (四舍五入), decimal-correct for values such as 2.675 whose
 * binary form sits just below the half: shifting through the decimal string avoids it.
 */
export function roundHalfAwayFromZero(x: number, digits: number): number {
  const sign = x < 0 ? -1 : 1;
  const abs = Math.abs(x);
  const text = String(abs);
  if (text.includes('e')) return (sign * Math.round(abs * 10 ** digits)) / 10 ** digits;
  const shifted = Math.round(Number(`${text}e${digits}`));
  return sign * Number(`${shifted}e${-digits}`);
}

const DEFINITIONS: readonly FunctionDefinition[] = [
  {
    name: 'if',
    minArgs: 3,
    maxArgs: 3,
    summary: 'if(condition, then, else); missing condition → missing',
    type: ([c, a, b]) => (c !== 'boolean' ? 'argument 1 must be a condition (true/false)' : a !== b ? 'both branches must have the same type' : a!),
    evaluate: ([c, a, b]) => {
      const cond = c!();
      return cond === null ? null : cond ? a!() : b!();
    },
  },
  {
    name: 'min',
    minArgs: 1,
    maxArgs: Infinity,
    summary: 'smallest argument; missing if any is missing',
    type: (args) => allNumbers(args),
    evaluate: (args) => {
      const v = strictNumbers(args);
      return v === null ? null : Math.min(...v);
    },
  },
  {
    name: 'max',
    minArgs: 1,
    maxArgs: Infinity,
    summary: 'largest argument; missing if any is missing',
    type: (args) => allNumbers(args),
    evaluate: (args) => {
      const v = strictNumbers(args);
      return v === null ? null : Math.max(...v);
    },
  },
  {
    name: 'abs',
    minArgs: 1,
    maxArgs: 1,
    summary: 'absolute value',
    type: (args) => allNumbers(args),
    evaluate: (args) => {
      const v = strictNumbers(args);
      return v === null ? null : Math.abs(v[0]!);
    },
  },
  {
    name: 'round',
    minArgs: 1,
    maxArgs: 2,
    summary: 'round(x, digits = 0), half away from zero (四舍五入); digits an integer in -15..15',
    type: (args) => allNumbers(args),
    evaluate: (args) => {
      const v = strictNumbers(args);
      if (v === null) return null;
      const digits = v[1] ?? 0;
      // An invalid digit count has no meaningful result; the evaluator reports NaN as not_finite.
      if (!Number.isInteger(digits) || Math.abs(digits) > 15) return Number.NaN;
      return roundHalfAwayFromZero(v[0]!, digits);
    },
  },
  {
    name: 'coalesce',
    minArgs: 1,
    maxArgs: Infinity,
    summary: 'first argument that is not missing',
    type: (args) => (args.every((t) => t === args[0]) ? args[0]! : 'all arguments must have the same type'),
    evaluate: (args) => {
      for (const arg of args) {
        const v = arg();
        if (v !== null) return v;
      }
      return null;
    },
  },
  {
    name: 'isMissing',
    minArgs: 1,
    maxArgs: 1,
    summary: 'true when the argument is missing',
    type: () => 'boolean',
    evaluate: ([a]) => a!() === null,
  },
];

/** Built-in functions by name (case-sensitive). */
export const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));
