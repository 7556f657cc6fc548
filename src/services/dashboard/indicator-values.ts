/**
 * Indicator values for the dashboards (`indicator_value`): every indicator × region × period the
 * stored final data reach, read from a `ValueBook` (own figure first, else the aggregate; a
 * ratio of the aggregated numerator and denominator × factor). Pure over the loaded book.
 */
import { parsePeriod } from '../../core/period/index.js';
import type { IndicatorValueRow } from '../../storage/repositories/dashboard.repository.js';
import { elementsOf, type Catalogue, type LoadedBook } from './book.js';

/** `region|period` pairs where any of the elements has a stored figure (aggregate or own value). */
export function presentKeys(loaded: LoadedBook, elementIds: ReadonlySet<number>): Map<string, { region: string; period: string }> {
  const out = new Map<string, { region: string; period: string }>();
  for (const r of [...loaded.aggregates, ...loaded.own]) {
    if (!elementIds.has(r.dataElementId)) continue;
    out.set(`${r.region}|${r.period}`, { region: r.region, period: r.period });
  }
  return out;
}

const elementOfKey = (key: string): string => key.split('|')[0]!;

/**
 * The rows of one indicator at the given keys. Keys where nothing contributed are left out (the
 * aggregate rows of regions none of whose leaves reported); a key where something contributed
 * but no value follows (a zero denominator, a missing numerator) is kept with
 * `status: 'missing'`, so the reason for the gap stays visible.
 */
export function indicatorRows(catalogue: Catalogue, loaded: LoadedBook, provinceCode: string, indicator: string, keys: Iterable<{ region: string; period: string }>): IndicatorValueRow[] {
  const compiled = catalogue.compiled.get(indicator);
  if (!compiled) return [];
  const definition = compiled.definition;
  const elementIds = new Map(elementsOf(catalogue, indicator).map((c) => [c, catalogue.elements.get(c)!.id]));
  const rows: IndicatorValueRow[] = [];
  for (const { region, period } of keys) {
    const reading = loaded.book.indicator(indicator, region, period);
    const inputs = Object.entries(reading.inputs);
    // Nothing contributed (no own figure, no aggregate with a contributing value): no row, a gap.
    if (reading.value === null && !inputs.some(([, i]) => i.source === 'reported' || (i.source === 'aggregate' && (i.leaves?.[0] ?? 0) > 0))) continue;
    // Synthetic when a value actually used rests on generated data: the region's own value, or
    // anything below it that rolled up into the aggregate used.
    const synthetic = inputs.some(([key, input]) => {
      const id = elementIds.get(elementOfKey(key));
      if (id === undefined || input.source === 'none') return false;
      return input.source === 'reported' ? loaded.synthetic.hasOwn(id, region, period) : loaded.synthetic.has(id, region, period);
    });
    const ratio = compiled.shape === 'ratio' && reading.method !== 'indicator/reported';
    const part = (code: string | undefined) => (code !== undefined ? (reading.inputs[code]?.value ?? null) : null);
    rows.push({
      provinceCode,
      indicator,
      period,
      region,
      periodType: parsePeriod(period).type,
      value: reading.value,
      numerator: ratio ? part(definition.numerator) : null,
      denominator: ratio ? part(definition.denominator) : null,
      status: reading.status,
      quality: synthetic ? 'synthetic' : 'final',
      completeness: reading.completeness,
      method: reading.method,
      methodVersion: reading.methodVersion,
      inputs: ratio ? null : reading.inputs,
    });
  }
  return rows;
}
