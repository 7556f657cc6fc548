/**
 * The summary a run stores next to its results: counts by kind and status, and the indicators
 * lagging in most regions (progress in the two worst categories of a method).
 */
import type { ResultDraft } from './judge.js';

export interface LaggingIndicator {
  readonly indicator: string;
  /** Progress results (region × method) in the two worst categories. */
  readonly lagging: number;
  /** Regions with at least one such result, first few by code. */
  readonly regions: readonly string[];
  readonly regionCount: number;
}

export interface RunSummary {
  readonly regions: number;
  readonly indicators: number;
  readonly results: number;
  /** kind → status → count; progress is keyed `progress/<method>`. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly topLagging: readonly LaggingIndicator[];
  readonly notes: readonly string[];
}

/** Counts rows as they are made (so they need not be kept), then gives the summary. */
export class SummaryBuilder {
  private readonly counts: Record<string, Record<string, number>> = {};
  private readonly lagging = new Map<string, { n: number; regions: Set<string> }>();
  private results = 0;

  add(row: Pick<ResultDraft, 'kind' | 'method' | 'status' | 'indicator' | 'region' | 'provenance'>): void {
    this.results++;
    const bucket = row.kind === 'progress' ? `progress/${row.method}` : row.kind;
    const byStatus = (this.counts[bucket] ??= {});
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    const rank = row.kind === 'progress' ? (row.provenance as { rank?: number }).rank : undefined;
    if (row.indicator !== null && rank !== undefined && rank >= 0 && rank <= 1) {
      const entry = this.lagging.get(row.indicator) ?? { n: 0, regions: new Set<string>() };
      entry.n += 1;
      entry.regions.add(row.region);
      this.lagging.set(row.indicator, entry);
    }
  }

  build(regions: number, indicators: number, notes: readonly string[], top = 5): RunSummary {
    const topLagging = [...this.lagging.entries()]
      .sort(([a, x], [b, y]) => y.n - x.n || (a < b ? -1 : 1))
      .slice(0, top)
      .map(([indicator, e]) => ({ indicator, lagging: e.n, regions: [...e.regions].sort().slice(0, 5), regionCount: e.regions.size }));
    return { regions, indicators, results: this.results, counts: this.counts, topLagging, notes };
  }
}

export function summarize(rows: readonly ResultDraft[], regions: number, indicators: number, notes: readonly string[], top = 5): RunSummary {
  const builder = new SummaryBuilder();
  for (const row of rows) builder.add(row);
  return builder.build(regions, indicators, notes, top);
}
