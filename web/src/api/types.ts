/**
 * Client-side shapes of API answers. Where the server's TypeBox schemas exist, these alias
 * their `Static<>` types (see endpoints.ts); the rest are the fields the pages read.
 */
import type { Bilingual } from '../i18n/index.js';

export interface RegionNode {
  readonly code: string;
  readonly name: Exclude<Bilingual, null | undefined>;
  readonly level: string;
  readonly parent: string | null;
}

export interface SessionUser {
  readonly id: string;
  readonly username?: string;
  readonly displayName?: string | null;
  readonly roles: readonly string[];
  readonly captureScope: readonly string[];
  readonly viewScope: readonly string[];
  readonly permissions?: readonly string[];
  readonly mustChangePassword?: boolean;
}

export interface Paged<T> {
  readonly items: readonly T[];
  readonly total?: number;
}

/** Accept either a bare array or a `{ items }` page from list endpoints. */
export function itemsOf<T>(answer: readonly T[] | Paged<T> | { data: readonly T[] } | undefined | null): readonly T[] {
  if (!answer) return [];
  if (Array.isArray(answer)) return answer;
  if ('items' in (answer as object)) return (answer as Paged<T>).items;
  if ('data' in (answer as object)) return (answer as { data: readonly T[] }).data;
  return [];
}

/** A figure with the honesty labels every number carries. */
export interface Valued {
  readonly value: number | null;
  readonly period: string | null;
  /** final, approved, submitted, draft, synthetic, estimated, reported, aggregated */
  readonly quality: string | null;
}

export interface ScorecardRow {
  readonly indicator: string;
  readonly name: Bilingual;
  readonly unit: string;
  readonly group: string | null;
  readonly groupName: Bilingual;
  readonly nature: string | null;
  readonly polarity?: string;
  readonly latest: Valued | null;
  readonly target: { value: number | null; year: number; wording: string; kind: string; verification: string } | null;
  /** Attainment as a percentage (100 = target met). */
  readonly attainment: number | null;
  readonly status: { code: string; label?: Bilingual } | null;
  readonly series: readonly { period: string; value: number | null; quality?: string | null }[];
  /** Share of expected values present, 0–100. */
  readonly completeness: number | null;
}

export interface WarningItem {
  readonly indicator: string;
  readonly indicatorName: Bilingual;
  readonly region: string;
  readonly regionName: Bilingual;
  readonly level: string;
  readonly text: Bilingual;
  readonly period: string | null;
}
