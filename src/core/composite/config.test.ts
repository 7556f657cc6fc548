import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { parseIndexConfig, parseJudgement } from './config.js';

const minimal = {
  id: 't',
  indicators: [
    { code: 'a', direction: 'higher_is_better' },
    { code: 'b', direction: 'lower_is_better' },
  ],
  structure: { code: 'I', children: ['a', 'b'] },
};

function problems(input: unknown): string {
  try {
    parseIndexConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(VitalsError);
    return (error as VitalsError).message;
  }
  throw new Error('expected a VitalsError');
}

describe('index definition', () => {
  it('fills defaults', () => {
    const c = parseIndexConfig(minimal);
    expect(c.normalisation).toEqual({ method: 'minmax', range: [0, 1] });
    expect(c.weights).toEqual({ method: 'equal' });
    expect(c.aggregation).toBe('arithmetic');
    expect(c.imputation.method).toBe('none');
    expect(c.outliers.method).toBe('none');
    expect(c.missing).toBe('reweight');
  });

  it('reads AHP judgements written as fractions', () => {
    expect(parseJudgement('1/3')).toBeCloseTo(1 / 3, 15);
    expect(parseJudgement(' 5 ')).toBe(5);
    expect(parseJudgement('x')).toBeNaN();
    const c = parseIndexConfig({ ...minimal, structure: { code: 'I', weights: { method: 'ahp', matrix: [[1, 3], ['1/3', 1]] }, children: ['a', 'b'] } });
    expect(c.structure.weights!.matrix![1]![0]).toBeCloseTo(1 / 3, 15);
  });

  it('reports every problem at once, naming where', () => {
    const message = problems({
      id: '',
      indicators: [{ code: 'a', direction: 'up' }, { code: 'a', direction: 'higher_is_better' }, { code: 'c', direction: 'higher_is_better' }],
      structure: { code: 'I', aggregation: 'median', children: ['a', 'zzz'] },
    });
    expect(message).toMatch(/id is required/);
    expect(message).toMatch(/indicator a: direction must be one of/);
    expect(message).toMatch(/indicator "a" is declared twice/);
    expect(message).toMatch(/child "zzz" is not a declared indicator/);
    expect(message).toMatch(/aggregation must be one of/);
    expect(message).toMatch(/indicator "c" is not placed in the structure/);
  });

  it('rejects bad AHP matrices', () => {
    const withMatrix = (matrix: unknown) => ({ ...minimal, structure: { code: 'I', weights: { method: 'ahp', matrix }, children: ['a', 'b'] } });
    expect(problems(withMatrix([[1, 3]]))).toMatch(/AHP matrix must be 2×2/);
    expect(problems(withMatrix([[1, 3], [3, 1]]))).toMatch(/not reciprocal at \(1,2\)/);
    expect(problems(withMatrix([[1, 'x'], [1, 1]]))).toMatch(/row 1, column 2: "x" is not a positive number/);
  });

  it('rejects explicit weights that do not match the children, and index-wide AHP', () => {
    expect(problems({ ...minimal, structure: { code: 'I', weights: { method: 'explicit', values: { a: 1, q: 2 } }, children: ['a', 'b'] } })).toMatch(
      /explicit weight for "b" must be a number.*explicit weight for unknown child "q"/,
    );
    expect(problems({ ...minimal, weights: { method: 'ahp', matrix: [[1]] } })).toMatch(/set them on a node/);
  });

  it('rejects geometric means and entropy weights over z-scores', () => {
    expect(problems({ ...minimal, normalisation: { method: 'zscore' }, aggregation: 'geometric' })).toMatch(/geometric aggregation needs positive values/);
    expect(problems({ ...minimal, normalisation: { method: 'zscore' }, weights: { method: 'entropy' } })).toMatch(/entropy weights need non-negative/);
  });

  it('needs a target for distance-to-target and sane ranges', () => {
    expect(problems({ ...minimal, normalisation: { method: 'target' } })).toMatch(/indicator "a": distance-to-target needs a "target"/);
    expect(problems({ ...minimal, normalisation: { method: 'minmax', range: [1, 0] } })).toMatch(/range must be two numbers/);
    expect(problems({ ...minimal, rsr: { cuts: [6, 4] } })).toMatch(/increasing probit values/);
  });
});
