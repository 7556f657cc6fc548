/** Helpers over framework definitions. */
import type { AdoptedIndicator, EffectiveFrameworkIndicator, Framework, FrameworkIndicator, FrameworkRef } from './types.js';

/** `code@version`, the stable key of one framework version. */
export function frameworkKey(ref: FrameworkRef): string {
  return `${ref.code}@${ref.version}`;
}

/** Codes of every indicator the framework monitors: its own and the adopted ones. */
export function frameworkIndicatorCodes(framework: Framework): ReadonlySet<string> {
  return new Set([...framework.indicators.map((i) => i.indicator), ...(framework.adopts ?? []).map((a) => a.indicator)]);
}

/** Finds an indicator entry (own or adopted, resolved against the parent when given). */
export function findFrameworkIndicator(framework: Framework, indicator: string, parent?: Framework): EffectiveFrameworkIndicator | undefined {
  return effectiveIndicators(framework, parent).find((i) => i.indicator === indicator);
}

/**
 * The framework's indicators in order (own first, then adopted), with adopted entries
 * completed from the parent: nature and kind default to the parent's, baseline too.
 * Adopted entries whose parent entry cannot be found keep what they state.
 */
export function effectiveIndicators(framework: Framework, parent?: Framework): EffectiveFrameworkIndicator[] {
  const parentEntries = parent ? new Map(effectiveIndicators(parent).map((i) => [i.indicator, i])) : new Map<string, FrameworkIndicator>();
  const from: FrameworkRef | undefined = framework.parent ?? (parent ? { code: parent.code, version: parent.version } : undefined);
  const adopted = (framework.adopts ?? []).map((a: AdoptedIndicator): EffectiveFrameworkIndicator | undefined => {
    const base = parentEntries.get(a.indicator);
    const nature = a.nature ?? base?.nature;
    const kind = a.kind ?? base?.kind;
    if (nature === undefined || kind === undefined) return undefined;
    const baseline = a.baseline ?? base?.baseline;
    const provenance = a.provenance ?? base?.provenance;
    const note = a.note ?? base?.note;
    return {
      indicator: a.indicator,
      group: a.group,
      nature,
      kind,
      ...(baseline ? { baseline } : {}),
      ...(provenance ? { provenance } : {}),
      ...(note !== undefined ? { note } : {}),
      ...(from ? { adoptedFrom: from } : {}),
    };
  });
  return [...framework.indicators, ...adopted.filter((i): i is EffectiveFrameworkIndicator => i !== undefined)];
}
