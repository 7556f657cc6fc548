/**
 * The one table of progress methods. Frameworks select a method by name with parameters;
 * an unknown name fails with VITALS_E_UNKNOWN_METHOD (kind `progress`).
 */
import { VitalsError } from '../errors.js';
import { eurostatMethod } from './eurostat.method.js';
import { sdsnMethod } from './sdsn.method.js';
import { statcanMethod } from './statcan.method.js';
import { trajectoryMethod } from './trajectory.method.js';
import type { ProgressInput, ProgressMethod, ProgressResult } from './types.js';

export const PROGRESS_METHODS = {
  trajectory: trajectoryMethod,
  statcan: statcanMethod,
  eurostat: eurostatMethod,
  sdsn: sdsnMethod,
} as const;

export type ProgressMethodName = keyof typeof PROGRESS_METHODS;

/** Names of every registered method, in table order. */
export const PROGRESS_METHOD_NAMES = Object.keys(PROGRESS_METHODS) as ProgressMethodName[];

/**
 * The method registered under `name`.
 * @throws VitalsError VITALS_E_UNKNOWN_METHOD `{ kind: 'progress', name }` for any other name.
 */
export function getProgressMethod(name: string): ProgressMethod<object> {
  if (!Object.prototype.hasOwnProperty.call(PROGRESS_METHODS, name)) {
    throw new VitalsError('VITALS_E_UNKNOWN_METHOD', { kind: 'progress', name }, { known: PROGRESS_METHOD_NAMES });
  }
  return PROGRESS_METHODS[name as ProgressMethodName] as unknown as ProgressMethod<object>;
}

/**
 * Judges one series with the named method and raw parameters (validated, defaults filled).
 * @example assessProgress('statcan', { series, polarity: 'lower_is_better', baseline, target }).status
 */
export function assessProgress(name: string, input: ProgressInput, rawParams?: Readonly<Record<string, unknown>>): ProgressResult {
  const method = getProgressMethod(name);
  return method.evaluate(input, method.resolveParams(rawParams));
}
