/**
 * Indicator compilation in explicit phases, each reporting every problem it finds:
 *   0. symbol table (unique codes across data elements and indicators)
 *   1. parse formulas            (resolve.ts)
 *   2. resolve references        (resolve.ts)
 *   3. reference cycles          (resolve.ts)
 *   4. shape checks              (shape.ts)
 *   5. build evaluables          (compiled.ts)
 * An indicator compiles only when it and every indicator it references are clean.
 */
import { Diagnostics } from '../diagnostics.js';
import { buildIndicator, type CompiledIndicator, type CompiledIndicatorInternal } from './compiled.js';
import { findCycles, parseFormulas, resolveReferences, type IndicatorUnit, type SymbolTable } from './resolve.js';
import { checkDataElement, checkIndicatorShape, effectiveFactor, weightElementOf } from './shape.js';
import type { DataElement, IndicatorDefinition } from './types.js';

export interface IndicatorCompilation {
  /** Indicators that compiled cleanly, by code. */
  readonly compiled: ReadonlyMap<string, CompiledIndicator>;
  readonly diagnostics: Diagnostics;
}

/**
 * Compile indicator definitions against data elements. Problems go to `diagnostics` under
 * `indicator X → formula` (or `data element X`); call `diagnostics.throwIfAny()` to fail hard.
 * @example
 *   const { compiled, diagnostics } = compileIndicators(elements, indicators);
 *   diagnostics.throwIfAny();
 *   compiled.get('IMR')!.evaluate((code) => values[code]).value
 */
export function compileIndicators(
  dataElements: readonly DataElement[],
  indicators: readonly IndicatorDefinition[],
  diagnostics: Diagnostics = new Diagnostics(),
): IndicatorCompilation {
  // Phase 0: symbol table.
  const elements = new Map<string, DataElement>();
  for (const element of dataElements) {
    const d = diagnostics.inContext(`data element ${element.code}`);
    if (!validCode(element.code)) d.error('VITALS_E_INVALID_CONFIG', `invalid code "${String(element.code)}"`);
    else if (elements.has(element.code)) d.error('VITALS_E_INVALID_CONFIG', `duplicate data element code "${element.code}"`);
    else elements.set(element.code, element);
  }
  const units = new Map<string, IndicatorUnit>();
  for (const definition of indicators) {
    const d = diagnostics.inContext(`indicator ${definition.code}`);
    if (!validCode(definition.code)) d.error('VITALS_E_INVALID_CONFIG', `invalid code "${String(definition.code)}"`);
    else if (units.has(definition.code)) d.error('VITALS_E_INVALID_CONFIG', `duplicate indicator code "${definition.code}"`);
    else if (elements.has(definition.code)) d.error('VITALS_E_INVALID_CONFIG', `"${definition.code}" is already a data element code`);
    else units.set(definition.code, { definition, diagnostics: d, expressions: {}, elements: new Set(), indicators: new Set(), failed: false });
  }
  const symbols: SymbolTable = { elements, units };
  for (const element of elements.values()) checkDataElement(diagnostics.inContext(`data element ${element.code}`), element, elements);

  // Phases 1–4, each over every indicator before the next.
  for (const unit of units.values()) parseFormulas(unit);
  for (const unit of units.values()) resolveReferences(unit, symbols);
  findCycles(units);
  for (const unit of units.values()) checkIndicatorShape(unit, symbols);

  // Phase 5: build in dependency order; a failed dependency silently blocks its dependents
  // (its own error is already reported).
  const built = new Map<string, CompiledIndicatorInternal | null>();
  const building = new Set<string>();
  const build = (code: string): CompiledIndicatorInternal | null => {
    if (built.has(code)) return built.get(code)!;
    const unit = units.get(code);
    if (!unit || unit.failed || building.has(code)) return null;
    building.add(code);
    const deps = [...unit.indicators].map(build);
    building.delete(code);
    let result: CompiledIndicatorInternal | null = null;
    if (deps.every((dep) => dep !== null)) {
      const dependencies = new Set(unit.elements);
      for (const dep of deps) for (const element of dep!.dependencies) dependencies.add(element);
      const weightElement = weightElementOf(unit, symbols);
      result = buildIndicator(
        {
          definition: unit.definition,
          expressions: unit.expressions,
          factor: unit.expressions.formula ? 1 : effectiveFactor(unit.definition),
          dependencies,
          indicatorDependencies: new Set(unit.indicators),
          ...(weightElement !== undefined ? { weightElement } : {}),
        },
        (other) => built.get(other) ?? undefined,
      );
    }
    built.set(code, result);
    return result;
  };
  const compiled = new Map<string, CompiledIndicator>();
  for (const code of units.keys()) {
    const result = build(code);
    if (result) compiled.set(code, result);
  }
  return { compiled, diagnostics };
}

function validCode(code: unknown): code is string {
  return typeof code === 'string' && code.trim() !== '' && code === code.trim() && !/[|{}]/.test(code);
}
