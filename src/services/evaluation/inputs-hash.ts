/**
 * The inputs hash of a run: SHA-256 over the canonical, sorted lines describing every input
 * value it read (aggregates, own values), every target and indicator definition it applied and
 * any scheme or index definition. Sorting makes it independent of row order; numbers are written
 * with 12 significant digits (see `canonicalNumber`), so float noise in the last bits of a sum
 * cannot change it, while any real correction does.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the sorted lines joined by newlines, and how many lines went in. */
export function inputsHash(lines: readonly string[]): { readonly hash: string; readonly count: number } {
  const sorted = [...lines].sort();
  const hash = createHash('sha256');
  for (const line of sorted) hash.update(line).update('\n');
  return { hash: hash.digest('hex'), count: sorted.length };
}
