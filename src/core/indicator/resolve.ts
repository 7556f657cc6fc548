/**
 * Compilation phases 1–3: parse every formula, resolve references against the symbol table
 * (data elements and indicators), and find reference cycles. Each phase records problems
 * and marks the indicator failed instead of stopping, so authors see everything at once.
 */
import type { Diagnostics } from '../diagnostics.js';
import { isVitalsError } from '../errors.js';
import { parseExpression, referenceNodes, type Expression } from '../expression/index.js';
import type { DataElement, IndicatorDefinition } from './types.js';

export type FormulaField = 'formula' | 'numerator' | 'denominator';
export const FORMULA_FIELDS: readonly FormulaField[] = ['formula', 'numerator', 'denominator'];

/** Working state for one indicator while it is compiled. */
export interface IndicatorUnit {
  readonly definition: IndicatorDefinition;
  readonly diagnostics: Diagnostics;
  readonly expressions: Partial<Record<FormulaField, Expression>>;
  /** Data elements referenced directly. */
  readonly elements: Set<string>;
  /** Indicators referenced directly. */
  readonly indicators: Set<string>;
  failed: boolean;
}

export interface SymbolTable {
  readonly elements: ReadonlyMap<string, DataElement>;
  readonly units: ReadonlyMap<string, IndicatorUnit>;
}

/** Phase 1: parse each formula field as a number expression. */
export function parseFormulas(unit: IndicatorUnit): void {
  for (const field of FORMULA_FIELDS) {
    const text = unit.definition[field];
    if (text === undefined) continue;
    try {
      unit.expressions[field] = parseExpression(text, { expect: 'number' });
    } catch (error) {
      if (!isVitalsError(error)) throw error;
      const span = (error.details as { span?: readonly [number, number] } | undefined)?.span;
      unit.diagnostics.inContext(field).error(error.code, error.message, span);
      unit.failed = true;
    }
  }
}

/** Phase 2: every reference must name a data element or another indicator. */
export function resolveReferences(unit: IndicatorUnit, symbols: SymbolTable): void {
  const lowerCase = new Map<string, string>();
  for (const code of [...symbols.elements.keys(), ...symbols.units.keys()]) lowerCase.set(code.toLowerCase(), code);
  for (const field of FORMULA_FIELDS) {
    const expression = unit.expressions[field];
    if (!expression) continue;
    const context = unit.diagnostics.inContext(field);
    for (const node of referenceNodes(expression.ast)) {
      const { code, filter } = node.ref;
      const column = node.span[0] + 1;
      if (symbols.elements.has(code)) {
        unit.elements.add(code);
      } else if (symbols.units.has(code)) {
        if (filter.length > 0) {
          context.error('VITALS_E_EXPRESSION_REFERENCE', `disaggregation filters apply to data elements only; "${code}" is an indicator (column ${column})`, node.span);
          unit.failed = true;
        }
        unit.indicators.add(code);
      } else {
        const near = lowerCase.get(code.toLowerCase());
        const hint = near ? `; did you mean "${near}"?` : '';
        context.error('VITALS_E_EXPRESSION_REFERENCE', `unknown data element or indicator "${code}" at column ${column}${hint}`, node.span);
        unit.failed = true;
      }
    }
  }
}

/**
 * Phase 3: reference cycles between indicators. Each cycle is reported once, on its
 * alphabetically first indicator, with the full path (`A → B → A`); every indicator on a
 * cycle is marked failed.
 */
export function findCycles(units: ReadonlyMap<string, IndicatorUnit>): void {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();

  const visit = (code: string): void => {
    state.set(code, 'open');
    stack.push(code);
    for (const next of [...(units.get(code)?.indicators ?? [])].sort()) {
      if (!units.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'open') report(stack.slice(stack.indexOf(next)));
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(code, 'done');
  };

  const report = (cycle: string[]): void => {
    // Rotate so that the same cycle found from different starts reads the same.
    const first = cycle.indexOf([...cycle].sort()[0]!);
    const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
    const path = [...rotated, rotated[0]!].join(' → ');
    for (const code of rotated) units.get(code)!.failed = true;
    if (reported.has(path)) return;
    reported.add(path);
    units.get(rotated[0]!)!.diagnostics.error('VITALS_E_EXPRESSION_CYCLE', `reference cycle: ${path}`);
  };

  for (const code of [...units.keys()].sort()) if (!state.has(code)) visit(code);
}
