/**
 * Collects authoring problems instead of throwing at the first one, so that a planner
 * who uploads a framework sees every mistake at once. Stages push into one collector
 * under a context path ("framework hebei-2023 → indicator IMR → formula"); the boundary
 * calls `throwIfAny()`.
 */
import { VitalsError, type ErrorCode } from './errors.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: ErrorCode | WarningCode;
  readonly message: string;
  /** Context path, outermost first. */
  readonly path: readonly string[];
  /** Optional character span for formula errors: [start, end). */
  readonly span?: readonly [number, number];
}

/**
 * Non-fatal conditions returned alongside results (Plot's `warn`, Fastify's FSTWRN).
 * ATTENTION: stable codes, documented in docs/errors.md.
 */
export type WarningCode =
  | 'VITALS_W_MISSING_DATA'
  | 'VITALS_W_STALE_DATA'
  | 'VITALS_W_INCOMPLETE_AGGREGATE'
  | 'VITALS_W_QUALITATIVE_TARGET'
  | 'VITALS_W_UNVERIFIED_SOURCE'
  | 'VITALS_W_NEAR_NATURAL_LIMIT'
  | 'VITALS_W_INCONSISTENT_WEIGHTS'
  | 'VITALS_W_DUPLICATE_ROW'
  | 'VITALS_W_IMPUTED'
  | 'VITALS_W_ZERO_BASELINE'
  | 'VITALS_W_MET_AT_BASELINE'
  | 'VITALS_W_NO_POLARITY';

export class Diagnostics {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly path: readonly string[] = []) {}

  /** A child collector that prefixes `segment` to every path and shares the same list. */
  inContext(segment: string): Diagnostics {
    const child = new Diagnostics([...this.path, segment]);
    (child as unknown as { items: Diagnostic[] }).items = this.items;
    (child as unknown as { seen: Set<string> }).seen = this.seen;
    return child;
  }

  error(code: ErrorCode, message: string, span?: readonly [number, number]): void {
    this.push({ severity: 'error', code, message, path: this.path, ...(span ? { span } : {}) });
  }

  warn(code: WarningCode, message: string): void {
    this.push({ severity: 'warning', code, message, path: this.path });
  }

  private push(diagnostic: Diagnostic): void {
    // Duplicate messages add noise, not information.
    const key = `${diagnostic.severity}|${diagnostic.code}|${diagnostic.path.join('/')}|${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(diagnostic);
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get errors(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Raise one error carrying every problem, or do nothing. */
  throwIfAny(code: ErrorCode = 'VITALS_E_INVALID_CONFIG'): void {
    const errors = this.errors;
    if (errors.length === 0) return;
    const detail = errors.map((d) => `${d.path.length ? d.path.join(' → ') + ': ' : ''}${d.message}`).join('; ');
    throw new VitalsError(code, { detail }, errors);
  }
}
