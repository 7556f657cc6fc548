/**
 * What still blocks submission of one form (data set × region × period):
 * - a violated `error` rule: fix the data (an explanation does not help);
 * - a violated `warning` rule without a written explanation;
 * - a flagged outlier value without a written explanation (one per cell, whatever the methods).
 */
import { VitalsError } from '../errors.js';
import type { OutlierFlag, RuleViolation, SubmissionBlocker } from './types.js';

/** Explanations by key (`rule:CODE` or `value:ELEMENT|REGION|PERIOD`); blank text does not count. */
export type Explanations = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** The key an explanation of a rule violation is stored under. */
export function ruleExplanationKey(rule: string): string {
  return `rule:${rule}`;
}

/** The key an explanation of a flagged value is stored under. */
export function valueExplanationKey(cell: { readonly element: string; readonly region: string; readonly period: string }): string {
  return `value:${cell.element}|${cell.region}|${cell.period}`;
}

function explained(explanations: Explanations, key: string): boolean {
  const text = explanations instanceof Map ? explanations.get(key) : Object.prototype.hasOwnProperty.call(explanations, key) ? (explanations as Record<string, string>)[key] : undefined;
  return typeof text === 'string' && text.trim() !== '';
}

/**
 * Everything that still blocks submission, errors first, each with the key that would clear it.
 * @example submissionBlockers([warningViolation], [], { 'rule:BEDS_GROWTH': '新院区投入使用' }) → []
 */
export function submissionBlockers(violations: readonly RuleViolation[], outliers: readonly OutlierFlag[], explanations: Explanations = {}): SubmissionBlocker[] {
  const blockers: SubmissionBlocker[] = [];
  for (const v of violations) {
    const key = ruleExplanationKey(v.rule);
    const shown = `${v.left} ${v.operator} ${v.right} (${v.leftValue} vs ${v.rightValue})`;
    if (v.importance === 'error') {
      blockers.push({ kind: 'error_rule', key, rule: v.rule, message: { zh: `校验未通过，须修改数据：${shown}。${v.instruction.zh}`, en: `validation failed, fix the data: ${shown}. ${v.instruction.en ?? v.instruction.zh}` } });
    } else if (!explained(explanations, key)) {
      blockers.push({ kind: 'unexplained_warning', key, rule: v.rule, message: { zh: `校验警告需填写说明：${shown}`, en: `validation warning needs an explanation: ${shown}` } });
    }
  }
  const cells = new Map<string, OutlierFlag[]>();
  for (const flag of outliers) {
    const key = valueExplanationKey(flag);
    cells.set(key, [...(cells.get(key) ?? []), flag]);
  }
  for (const [key, flags] of cells) {
    if (explained(explanations, key)) continue;
    const first = flags[0]!;
    blockers.push({
      kind: 'unexplained_outlier',
      key,
      element: first.element,
      message: { zh: `异常值需填写说明：${first.element} = ${first.value}（${flags.map((f) => f.method).join('、')}）`, en: `unusual value needs an explanation: ${first.element} = ${first.value} (${flags.map((f) => f.method).join(', ')})` },
    });
  }
  const order = { error_rule: 0, unexplained_warning: 1, unexplained_outlier: 2 } as const;
  return blockers.sort((a, b) => order[a.kind] - order[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Refuse submission while anything blocks it.
 * @throws VITALS_E_SUBMISSION_BLOCKED with the blockers in `details`
 */
export function assertSubmittable(blockers: readonly SubmissionBlocker[]): void {
  if (blockers.length > 0) throw new VitalsError('VITALS_E_SUBMISSION_BLOCKED', { count: blockers.length }, { blockers });
}
