/** The reports of the aggregate service (`aggregate.service.ts`). */
import type { AggregateMismatch } from './aggregate-verify.js';

export interface RebuildReport {
  readonly provinceCode: string;
  readonly elements: number;
  readonly values: number;
  readonly rows: number;
  readonly ignored: Record<string, number>;
  readonly problems: readonly string[];
  readonly milliseconds: number;
}

export interface RefreshReport {
  readonly provinceCode: string;
  readonly elements: readonly string[];
  readonly periods: readonly string[];
  /** The region and its ancestors inside the province. */
  readonly chain: readonly string[];
  readonly rowsWritten: number;
  readonly rowsDeleted: number;
  /** The nation's rows (000000) rewritten for the same elements and periods. */
  readonly nationRowsWritten: number;
}

export interface VerifyReport {
  readonly provinceCode: string;
  readonly ok: boolean;
  readonly compared: number;
  readonly mismatches: readonly AggregateMismatch[];
  /** Total number of differences (the list is capped at 100). */
  readonly differences: number;
}

/** Whether to bring the nation's rows along (default true; a bench rebuilding every province does it once at the end). */
export interface NationOption {
  readonly nation?: boolean;
}
