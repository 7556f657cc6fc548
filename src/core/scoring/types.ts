/**
 * Assessment schemes (考核方案) as data, and the scores they produce.
 *
 * A scheme groups items into dimensions; every item has a maximum number of points and a
 * scoring rule (see `rules/`). Scoring a region turns its item inputs into an explainable
 * `RegionScore`: every point earned or lost is traceable to one item and a bilingual "why".
 */
import type { Diagnostic } from '../diagnostics.js';

/** Text shown in both languages; schemes must name everything in zh-CN and English. */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** Grades (等次): 优秀 良好 合格 不合格, or 示范 合格 待改进. */
export type GradeCode = 'excellent' | 'good' | 'pass' | 'fail' | 'model' | 'needs_improvement';

export const GRADE_CODES: readonly GradeCode[] = ['excellent', 'good', 'pass', 'fail', 'model', 'needs_improvement'];

/** A grade band: totals ≥ `minScore` (and below the next band) get `grade`. */
export interface GradeBand {
  readonly grade: GradeCode;
  readonly label: BilingualText;
  readonly minScore: number;
}

/** What a triggered veto (一票否决) does: the grade always drops to the lowest band. */
export interface VetoPolicy {
  /** Also set the total to 0 (some schemes "取消评优资格" only; others zero the score). */
  readonly zeroTotal: boolean;
}

/** Indicator items are scored from an indicator's value; task items (工作任务) from a completion value or status. */
export type ItemKind = 'indicator' | 'task';

export type ScoredPolarity = 'higher_is_better' | 'lower_is_better';

export type ScoringRuleName = 'full_if_met' | 'linear' | 'improvement' | 'deterioration' | 'bonus' | 'veto' | 'banded';

/**
 * How an item's points enter the total:
 * `base` counts towards the declared total; `bonus` adds (capped by `Scheme.bonusCap`);
 * `deduction` subtracts; `veto` earns nothing and may force the grade.
 */
export type ItemCategory = 'base' | 'bonus' | 'deduction' | 'veto';

export interface SchemeItem {
  readonly code: string;
  readonly name: BilingualText;
  readonly kind: ItemKind;
  /** Indicator code for indicator items. */
  readonly indicator?: string;
  /** Unit shown in explanations, e.g. `‰`, `%`, {zh: 岁, en: years}. */
  readonly unit?: BilingualText;
  readonly polarity?: ScoredPolarity;
  /**
   * Maximum points: what a base item can earn, a bonus item can add, a deduction item can
   * take away. Veto items carry 0. Given directly, or resolved from `weight × totalPoints`.
   */
  readonly points: number;
  /** Present when the scheme stated a weight instead of points. */
  readonly weight?: number;
  readonly rule: ScoringRuleName;
  /** Rule parameters, validated by the rule module. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Task status label → completion value, e.g. {已完成: 100, 推进中: 50, 未启动: 0}. */
  readonly statuses?: Readonly<Record<string, number>>;
}

export interface SchemeDimension {
  readonly code: string;
  readonly name: BilingualText;
  /** Declared maximum of the dimension's base items; checked when present. */
  readonly points?: number;
  readonly items: readonly SchemeItem[];
}

export interface Scheme {
  readonly code: string;
  readonly name: BilingualText;
  readonly version: string;
  readonly description?: BilingualText;
  /** Declared maximum of all base items (usually 100). */
  readonly totalPoints: number;
  readonly dimensions: readonly SchemeDimension[];
  /** Sorted by `minScore`, highest first. The last band is the lowest grade. */
  readonly gradeBands: readonly GradeBand[];
  readonly vetoPolicy: VetoPolicy;
  /** Cap on the sum of bonus points; absent = the sum of the bonus items' points. */
  readonly bonusCap?: number;
  /** True for shipped demonstration schemes that are not an official scheme. */
  readonly demonstration?: boolean;
  readonly source?: string;
}

/** What a region reports for one item. Only the fields the rule needs are required. */
export interface ItemInput {
  readonly value?: number | null;
  /** Reported attainment (达标), used when no value is given. */
  readonly attained?: boolean;
  /** Last year's value, for improvement and deterioration rules. */
  readonly previous?: number | null;
  /** Region-specific target overriding `params.target` (full_if_met, linear). */
  readonly target?: number;
  /** Task status label, mapped to a value through `SchemeItem.statuses`. */
  readonly status?: string;
}

export interface RegionScoringInput {
  readonly region: string;
  readonly items: Readonly<Record<string, ItemInput>>;
}

/** Values a rule actually used (and derived quantities such as the fraction of the range covered). */
export type UsedValues = Readonly<Record<string, number | boolean | string | null>>;

export interface ItemScore {
  readonly item: string;
  readonly dimension: string;
  readonly name: BilingualText;
  readonly kind: ItemKind;
  readonly indicator?: string;
  readonly rule: ScoringRuleName;
  readonly category: ItemCategory;
  /** Points earned: ≥ 0 for base and bonus items, ≤ 0 for deductions, 0 for vetoes. */
  readonly earned: number;
  /** Bonus before the scheme-wide bonus cap scaled it down; absent when not capped. */
  readonly earnedBeforeCap?: number;
  /** Contribution to the maximum total: item points for base items, 0 for the others. */
  readonly max: number;
  /** Item points as declared (bonus ceiling, deduction ceiling). */
  readonly points: number;
  readonly used: UsedValues;
  readonly why: BilingualText;
  readonly missing: boolean;
  readonly vetoTriggered: boolean;
}

export interface DimensionScore {
  readonly code: string;
  readonly name: BilingualText;
  /** Sum of the dimension's item points (bonus after cap, deductions negative). */
  readonly earned: number;
  /** Sum of the dimension's base item points. */
  readonly max: number;
}

export interface ScoringProvenance {
  readonly method: 'scoring.scheme';
  readonly methodVersion: string;
  readonly params: {
    readonly scheme: string;
    readonly schemeVersion: string;
    readonly vetoPolicy: VetoPolicy;
    readonly bonusCap: number | null;
    readonly ruleVersions: Readonly<Record<string, string>>;
  };
  /** Inputs used, sorted by item code with a fixed key order: ready to hash. */
  readonly inputs: ReadonlyArray<readonly [string, ItemInput]>;
}

export interface RegionScore {
  readonly region: string;
  readonly items: readonly ItemScore[];
  readonly dimensions: readonly DimensionScore[];
  /** Sum of base items. */
  readonly base: number;
  /** Bonus after the cap. */
  readonly bonus: number;
  readonly bonusBeforeCap: number;
  /** Sum of deductions (≤ 0). */
  readonly deductions: number;
  /** Final total: max(0, base + bonus + deductions), or 0 when a veto zeroes it. */
  readonly total: number;
  /** Maximum of the base items (the scheme's declared total). */
  readonly maxTotal: number;
  readonly grade: GradeCode;
  readonly gradeLabel: BilingualText;
  readonly vetoed: boolean;
  /** Codes of the veto items that were triggered. */
  readonly vetoItems: readonly string[];
  readonly flags: { readonly bonusCapped: boolean; readonly flooredAtZero: boolean; readonly zeroedByVeto: boolean };
  /** Explanations of total-level adjustments (bonus cap, veto, floor). */
  readonly notes: readonly BilingualText[];
  readonly warnings: readonly Diagnostic[];
  readonly provenance: ScoringProvenance;
}
