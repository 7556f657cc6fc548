/**
 * Assertion helper shared by unit and integration tests: run a function that must fail with a
 * `VitalsError` and return that error, so the test can check its code, params and message.
 */
import { VitalsError } from '../../src/core/errors.js';

/**
 * The `VitalsError` `fn` throws. Any other exception is rethrown (the test fails with it), and
 * a function that does not throw fails the test with "expected a VitalsError".
 * @example expect(vitalsErrorOf(() => parsePeriod('2025Q5')).code).toBe('VITALS_E_INVALID_PERIOD')
 */
export function vitalsErrorOf(fn: () => unknown): VitalsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VitalsError) return e;
    throw e;
  }
  throw new Error('expected a VitalsError');
}
