/**
 * Validation rules (`left op right` over the expression language), their results, outlier
 * flags and what still blocks a submission.
 */
import type { ComparisonOp, Expression } from '../expression/index.js';
import type { LocalizedText } from '../indicator/types.js';

/** `error` blocks submission; `warning` needs a written explanation before submission. */
export type RuleImportance = 'error' | 'warning';

export const RULE_IMPORTANCES: readonly RuleImportance[] = ['error', 'warning'];

/** How a rule treats missing values (see the expression language's strategies). */
export type RuleMissingStrategy = 'skip_if_any_missing' | 'skip_if_all_missing' | 'never_skip';

export const RULE_MISSING_STRATEGIES: readonly RuleMissingStrategy[] = ['skip_if_any_missing', 'skip_if_all_missing', 'never_skip'];

/**
 * A rule as authored. Either `left`/`operator`/`right`, or one `expression` whose top level is
 * a comparison (`INFANT_DEATHS <= LIVE_BIRTHS`).
 */
export interface ValidationRuleInput {
  readonly code: string;
  readonly name?: LocalizedText;
  readonly expression?: string;
  readonly left?: string;
  readonly operator?: ComparisonOp;
  readonly right?: string;
  /**
   * Absolute slack, default 0: `==` holds when |left − right| ≤ tolerance; `<=`/`<` when
   * left ≤/< right + tolerance; `>=`/`>` when left ≥/> right − tolerance; `!=` when |left − right| > tolerance.
   */
  readonly tolerance?: number;
  /** Default `skip_if_any_missing`. */
  readonly missing?: RuleMissingStrategy;
  readonly importance: RuleImportance;
  /** What the reporter should check or fix, shown with a violation. */
  readonly instruction: LocalizedText;
}

/** A parsed, checked rule. */
export interface ValidationRule {
  readonly code: string;
  readonly name?: LocalizedText;
  readonly left: Expression;
  readonly operator: ComparisonOp;
  readonly right: Expression;
  readonly tolerance: number;
  readonly missing: RuleMissingStrategy;
  readonly importance: RuleImportance;
  readonly instruction: LocalizedText;
}

export type RuleOutcome = 'passed' | 'violated' | 'skipped' | 'undetermined';

/** The outcome of one rule, with the values it saw (for provenance and the reviewer). */
export interface RuleResult {
  readonly rule: string;
  readonly outcome: RuleOutcome;
  readonly importance: RuleImportance;
  readonly operator: ComparisonOp;
  readonly tolerance: number;
  readonly left: string;
  readonly right: string;
  /** Null when skipped or undetermined. */
  readonly leftValue: number | null;
  readonly rightValue: number | null;
  /** Every referenced value as found, before any missing → 0 substitution. */
  readonly inputs: Readonly<Record<string, number | null>>;
  readonly missing: readonly string[];
  /** Why a side could not be computed (division by zero…), for `undetermined`. */
  readonly issues: readonly string[];
}

/** A broken rule: both sides computed and the comparison fails. */
export interface RuleViolation extends RuleResult {
  readonly outcome: 'violated';
  readonly leftValue: number;
  readonly rightValue: number;
  readonly name?: LocalizedText;
  readonly instruction: LocalizedText;
}

export interface ValidationRun {
  readonly method: 'vitals.validation_rules';
  readonly methodVersion: string;
  readonly results: readonly RuleResult[];
  readonly violations: readonly RuleViolation[];
}

export type OutlierMethod = 'history_modified_z' | 'period_change' | 'peer_modified_z';

/** A sample-based reference: the region's own history or its peers. */
export interface SampleReference {
  readonly kind: 'sample';
  readonly median: number;
  /** MAD, or the mean absolute deviation when the MAD is 0 (see `scale`). */
  readonly spread: number;
  readonly scale: 'mad' | 'mean_ad';
  readonly n: number;
  /** The values the median and spread were computed from (periods or regions in `labels`). */
  readonly values: readonly number[];
  readonly labels: readonly string[];
}

export interface PreviousReference {
  readonly kind: 'previous';
  readonly previousPeriod: string;
  readonly previousValue: number;
}

/** One flagged value: method, threshold, score and the values compared. */
export interface OutlierFlag {
  readonly element: string;
  readonly region: string;
  readonly period: string;
  readonly value: number;
  readonly method: OutlierMethod;
  readonly methodVersion: string;
  /** |modified z| threshold, or the maximum change in percent. */
  readonly threshold: number;
  /** The modified z-score, or the change from the previous period in percent. */
  readonly score: number;
  readonly direction: 'high' | 'low';
  readonly reference: SampleReference | PreviousReference;
  readonly message: LocalizedText;
}

export interface SubmissionBlocker {
  readonly kind: 'error_rule' | 'unexplained_warning' | 'unexplained_outlier';
  /** The explanation key that would clear it (none for error rules: fix the data). */
  readonly key: string;
  readonly rule?: string;
  readonly element?: string;
  readonly message: LocalizedText;
}
