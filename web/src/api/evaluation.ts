/**
 * Evaluation results (docs/evaluation-runs.md): scorecards, series, warnings, assessments,
 * rankings, indices. Each function adapts the server's answer to the view models in types.ts,
 * so that a change in the API touches only this file.
 */
import { api } from './client.js';
import { itemsOf, type ScorecardRow, type WarningItem } from './types.js';

export interface FilterQuery {
  readonly framework: string;
  readonly region: string;
  readonly period: string;
}

export const evaluation = {
  async scorecard(q: FilterQuery, signal?: AbortSignal): Promise<ScorecardRow[]> {
    const answer = await api.get<{ items: ScorecardRow[] } | ScorecardRow[]>('/evaluation/scorecard', { ...q }, signal);
    return [...itemsOf(answer)];
  },
  async warnings(q: FilterQuery, signal?: AbortSignal): Promise<WarningItem[]> {
    const answer = await api.get<{ items: WarningItem[] } | WarningItem[]>('/evaluation/warnings', { ...q }, signal);
    return [...itemsOf(answer)];
  },
};

/** One sub-region's figure for an indicator (map, bar comparison). */
export interface ChildValue {
  readonly region: string;
  readonly regionName: import('./types.js').RegionNode['name'];
  readonly value: number | null;
  readonly period: string | null;
  readonly quality: string | null;
  readonly status: { code: string; label?: import('../i18n/index.js').Bilingual } | null;
}

export const regional = {
  async childValues(q: { framework: string; indicator: string; region: string; period: string }, signal?: AbortSignal): Promise<ChildValue[]> {
    const answer = await api.get<{ items: ChildValue[] } | ChildValue[]>('/evaluation/children', { ...q }, signal);
    return [...itemsOf(answer)];
  },
};
