/**
 * Compilation phase 4: shape checks that need the whole definition — ratio or formula,
 * factor against unit, aggregation rule against shape, enumerations and bounds.
 */
import type { Diagnostics } from '../diagnostics.js';
import { PERIOD_TYPES } from '../period/index.js';
import type { IndicatorUnit, SymbolTable } from './resolve.js';
import type { AggregationRule, DataElement, IndicatorDefinition, Polarity } from './types.js';
import { INDICATOR_FACTORS, unitFactor } from './units.js';

export const AGGREGATION_RULES: readonly AggregationRule[] = ['sum', 'ratio_of_sums', 'population_weighted_mean', 'last_value', 'not_aggregatable'];
export const POLARITIES: readonly Polarity[] = ['higher_is_better', 'lower_is_better', 'neutral'];

function oneOf<T>(diagnostics: Diagnostics, field: string, value: T, allowed: readonly T[]): boolean {
  if (allowed.includes(value)) return true;
  diagnostics.error('VITALS_E_INVALID_CONFIG', `${field} "${String(value)}" is not one of ${allowed.join(', ')}`);
  return false;
}

/** Checks shared by data elements and indicators. */
function checkCommon(d: Diagnostics, def: DataElement | IndicatorDefinition): boolean {
  let ok = true;
  if (!def.name || typeof def.name.zh !== 'string' || def.name.zh.trim() === '') {
    d.error('VITALS_E_INVALID_CONFIG', 'a Chinese name (name.zh) is required');
    ok = false;
  }
  if (typeof def.unit !== 'string') {
    d.error('VITALS_E_INVALID_CONFIG', 'unit must be text (use "" for a pure number)');
    ok = false;
  }
  ok = oneOf(d, 'aggregation', def.aggregation, AGGREGATION_RULES) && ok;
  ok = oneOf(d, 'periodType', def.periodType, PERIOD_TYPES) && ok;
  return ok;
}

/** Data elements: common fields and a known weight element. Returns false on any error. */
export function checkDataElement(d: Diagnostics, element: DataElement, elements: ReadonlyMap<string, DataElement>): boolean {
  let ok = checkCommon(d, element);
  if (element.weightElement !== undefined && !elements.has(element.weightElement)) {
    d.error('VITALS_E_EXPRESSION_REFERENCE', `weight element "${element.weightElement}" is not a data element`);
    ok = false;
  }
  if (element.aggregation === 'population_weighted_mean' && element.weightElement === undefined) {
    d.error('VITALS_E_INVALID_CONFIG', 'population_weighted_mean needs a weightElement (e.g. POP)');
    ok = false;
  }
  return ok;
}

/** The weight element of a population-weighted indicator, borrowed from a single-element formula if needed. */
export function weightElementOf(unit: IndicatorUnit, symbols: SymbolTable): string | undefined {
  if (unit.definition.weightElement !== undefined) return unit.definition.weightElement;
  const ast = unit.expressions.formula?.ast;
  if (ast?.kind === 'ref' && ast.ref.filter.length === 0) return symbols.elements.get(ast.ref.code)?.weightElement;
  return undefined;
}

/** The factor a ratio uses: the stated factor, else the one its unit implies, else 1. */
export function effectiveFactor(def: IndicatorDefinition): number {
  return def.factor ?? (typeof def.unit === 'string' ? unitFactor(def.unit) : undefined) ?? 1;
}

export function checkIndicatorShape(unit: IndicatorUnit, symbols: SymbolTable): void {
  const def = unit.definition;
  const d = unit.diagnostics;
  const fail = (message: string, code: 'VITALS_E_INVALID_CONFIG' | 'VITALS_E_EXPRESSION_REFERENCE' = 'VITALS_E_INVALID_CONFIG'): void => {
    d.error(code, message);
    unit.failed = true;
  };
  if (!checkCommon(d, def)) unit.failed = true;
  if (!oneOf(d, 'polarity', def.polarity, POLARITIES)) unit.failed = true;

  const hasFormula = def.formula !== undefined;
  const hasNumerator = def.numerator !== undefined;
  const hasDenominator = def.denominator !== undefined;
  const isRatio = hasNumerator || hasDenominator;
  if (hasFormula && isRatio) fail('give either a formula or a numerator and a denominator, not both');
  else if (!hasFormula && !isRatio) fail('needs a formula, or a numerator and a denominator');
  else if (hasNumerator !== hasDenominator) fail(hasNumerator ? 'has a numerator but no denominator' : 'has a denominator but no numerator');

  if (def.factor !== undefined) {
    if (!INDICATOR_FACTORS.includes(def.factor)) fail(`factor ${String(def.factor)} is not one of ${INDICATOR_FACTORS.join(', ')}`);
    else if (hasFormula && !isRatio && def.factor !== 1) fail(`factor applies to numerator/denominator only; write "* ${def.factor}" into the formula`);
  }
  const implied = typeof def.unit === 'string' ? unitFactor(def.unit) : undefined;
  if (isRatio && implied !== undefined && def.factor !== undefined && def.factor !== implied) {
    fail(`unit "${def.unit}" implies factor ${implied}, but factor is ${def.factor}`);
  }

  if (def.aggregation === 'ratio_of_sums' && !isRatio) fail('aggregation ratio_of_sums needs a numerator and a denominator');
  if (def.aggregation === 'sum' && isRatio) fail('a ratio cannot be summed across regions; use aggregation ratio_of_sums');
  if (def.aggregation === 'population_weighted_mean') {
    const weight = weightElementOf(unit, symbols);
    if (weight === undefined) fail('aggregation population_weighted_mean needs a weightElement (e.g. POP)');
    else if (!symbols.elements.has(weight)) fail(`weight element "${weight}" is not a data element`, 'VITALS_E_EXPRESSION_REFERENCE');
  }

  const { min, max } = def.bounds ?? {};
  if (min !== undefined && max !== undefined && !(min < max)) fail(`bounds: min ${min} must be below max ${max}`);
}
