/**
 * The one table of item scoring rules. Add a rule here and nowhere else.
 */
import { VitalsError } from '../../errors.js';
import type { ScoringRule } from '../rule.js';
import type { ScoringRuleName } from '../types.js';
import { bandedRule } from './banded.rule.js';
import { bonusRule } from './bonus.rule.js';
import { deteriorationRule } from './deterioration.rule.js';
import { fullIfMetRule } from './full-if-met.rule.js';
import { improvementRule } from './improvement.rule.js';
import { linearRule } from './linear.rule.js';
import { vetoRule } from './veto.rule.js';

export const SCORING_RULES: Readonly<Record<ScoringRuleName, ScoringRule>> = {
  full_if_met: fullIfMetRule,
  linear: linearRule,
  improvement: improvementRule,
  deterioration: deteriorationRule,
  bonus: bonusRule,
  veto: vetoRule,
  banded: bandedRule,
};

export const SCORING_RULE_NAMES = Object.keys(SCORING_RULES) as ScoringRuleName[];

export function isScoringRuleName(name: unknown): name is ScoringRuleName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCORING_RULES, name);
}

/**
 * The rule registered under `name`.
 * @throws VitalsError VITALS_E_UNKNOWN_METHOD with kind `scoring rule`.
 */
export function requireScoringRule(name: string): ScoringRule {
  if (!isScoringRuleName(name)) throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'scoring rule', name }, { known: SCORING_RULE_NAMES });
  return SCORING_RULES[name];
}

export { linearRangeProblem } from './linear.rule.js';
export { bandContains, bandText, type BandClosedEnd, type ValueBand } from './banded.rule.js';
