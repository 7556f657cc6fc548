/**
 * The reference data an import checks rows against (regions, data elements, age groups), loaded
 * once per import, with cached resolvers: a file names the same region or element thousands of
 * times.
 */
import { VitalsError, type ErrorCode } from '../../core/errors.js';
import type { PeriodType } from '../../core/period/index.js';
import { buildRegionTree, resolveRegionName, type Region, type RegionTree } from '../../core/region/index.js';

export interface ElementInfo {
  readonly code: string;
  readonly unit: string;
  readonly periodType: PeriodType;
  readonly nameZh: string;
  readonly nameEn?: string;
}

export interface AgeGroupInfo {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn?: string | null;
}

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ErrorCode; readonly params: Record<string, unknown> };

function fold(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

function failure<T>(error: unknown): Resolved<T> {
  if (error instanceof VitalsError) return { ok: false, code: error.code, params: error.params };
  throw error;
}

export interface RegionQuery {
  readonly text: string;
  /** The text came from a code column: only a code is accepted. */
  readonly codeOnly?: boolean;
  readonly province?: string;
  readonly prefecture?: string;
  /** ISO day the name should be read on (the period's last day). */
  readonly asOf?: string;
}

export class ReferenceData {
  private readonly elementsByCode = new Map<string, ElementInfo>();
  private readonly elementsByName = new Map<string, ElementInfo[]>();
  private readonly ageGroupsByKey = new Map<string, string>();
  private readonly elementCache = new Map<string, Resolved<ElementInfo>>();
  private readonly regionCache = new Map<string, Resolved<Region>>();

  constructor(
    readonly tree: RegionTree,
    elements: readonly ElementInfo[],
    readonly ageGroups: readonly AgeGroupInfo[],
  ) {
    for (const e of elements) {
      this.elementsByCode.set(e.code, e);
      for (const name of [e.nameZh, e.nameEn]) {
        if (!name) continue;
        const key = fold(name).toLowerCase();
        const list = this.elementsByName.get(key) ?? [];
        if (!list.includes(e)) list.push(e);
        this.elementsByName.set(key, list);
      }
    }
    for (const a of ageGroups) {
      for (const key of [a.code, a.nameZh, a.nameEn]) if (key) this.ageGroupsByKey.set(fold(key).toLowerCase(), a.code);
    }
  }

  /** Build from plain lists (regions are validated into a tree). */
  static from(regions: readonly Region[], elements: readonly ElementInfo[], ageGroups: readonly AgeGroupInfo[]): ReferenceData {
    return new ReferenceData(buildRegionTree(regions), elements, ageGroups);
  }

  /**
   * A data element by code, by upper-cased code, by the direct-indicator convention
   * (`LE` → `LE_VALUE`), or by its Chinese or English name.
   */
  element(input: string): Resolved<ElementInfo> {
    const cached = this.elementCache.get(input);
    if (cached) return cached;
    const result = this.findElement(input);
    this.elementCache.set(input, result);
    return result;
  }

  private findElement(input: string): Resolved<ElementInfo> {
    const code = fold(input);
    for (const candidate of [code, code.toUpperCase(), `${code.toUpperCase()}_VALUE`]) {
      const e = this.elementsByCode.get(candidate);
      if (e) return { ok: true, value: e };
    }
    const named = this.elementsByName.get(code.toLowerCase()) ?? [];
    if (named.length === 1) return { ok: true, value: named[0]! };
    if (named.length > 1) {
      return { ok: false, code: 'VITALS_E_AMBIGUOUS_DATA_ELEMENT', params: { value: input, candidates: named.map((e) => e.code).sort().join(', ') } };
    }
    return { ok: false, code: 'VITALS_E_UNKNOWN_DATA_ELEMENT', params: { value: input } };
  }

  /** An age-group code from its code or name; undefined when unknown. */
  ageGroup(input: string): string | undefined {
    const key = fold(input).toLowerCase();
    if (['合计', '总计', '全部', '小计', 'total', 'all'].includes(key)) return 'total';
    return this.ageGroupsByKey.get(key);
  }

  /**
   * A region from a code, a 12-digit statistical code, or a name qualified by optional
   * province and prefecture columns; names are read as of `asOf` first.
   */
  region(query: RegionQuery): Resolved<Region> {
    const key = [query.text, query.codeOnly ? 'c' : '', query.province ?? '', query.prefecture ?? '', query.asOf ?? ''].join('\u0000');
    const cached = this.regionCache.get(key);
    if (cached) return cached;
    const result = this.findRegion(query);
    this.regionCache.set(key, result);
    return result;
  }

  private findRegion(query: RegionQuery): Resolved<Region> {
    const input = fold(query.text);
    const byCode = this.tree.get(input) ?? this.tree.get(shortCode(input) ?? '');
    if (byCode) return { ok: true, value: byCode };
    if (query.codeOnly || /^\d+$/.test(input)) return { ok: false, code: 'VITALS_E_UNKNOWN_REGION', params: { value: query.text } };
    try {
      let within: string | undefined;
      if (query.province) within = resolveRegionName(this.tree, query.province, { level: 'province' }).code;
      if (query.prefecture) within = resolveRegionName(this.tree, query.prefecture, within ? { within } : {}).code;
      const scope = within ? { within } : {};
      try {
        return { ok: true, value: resolveRegionName(this.tree, query.text, query.asOf ? { ...scope, asOf: query.asOf } : scope) };
      } catch (error) {
        // Not found on that day: find it at all, so the row says "did not exist then", not "unknown".
        if (query.asOf && error instanceof VitalsError && error.code === 'VITALS_E_UNKNOWN_REGION') {
          return { ok: true, value: resolveRegionName(this.tree, query.text, scope) };
        }
        throw error;
      }
    } catch (error) {
      return failure(error);
    }
  }
}

/** NBS 12-digit codes: `130102000000` → `130102`, `130102001000` → `130102001`. */
function shortCode(code: string): string | undefined {
  if (!/^\d{12}$/.test(code)) return undefined;
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return undefined;
}
