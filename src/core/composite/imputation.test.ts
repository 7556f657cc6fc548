import { describe, expect, it } from 'vitest';
import { imputeIndicator } from './imputation.js';

const units = ['a', 'b', 'c', 'd', 'e'];
const values = [1, 2, null, 10, null];
const noHistory = () => null;

describe('imputation', () => {
  it('leaves gaps with none', () => {
    expect(imputeIndicator({ method: 'none' }, 'x', units, values, noHistory).values).toEqual(values);
  });

  it('fills with the mean or median of all observed peers', () => {
    // mean(1, 2, 10) = 13/3, median = 2
    const mean = imputeIndicator({ method: 'mean' }, 'x', units, values, noHistory);
    expect(mean.values[2]).toBeCloseTo(13 / 3, 12);
    expect(mean.records[0]).toEqual({ unit: 'c', indicator: 'x', method: 'mean', value: 13 / 3, peers: ['a', 'b', 'd'] });
    expect(imputeIndicator({ method: 'median' }, 'x', units, values, noHistory).values).toEqual([1, 2, 2, 10, 2]);
  });

  it('uses peer groups', () => {
    // group g1 = a, b, c → mean(1, 2) = 1.5; group g2 = d, e → 10
    const peers = { a: 'g1', b: 'g1', c: 'g1', d: 'g2', e: 'g2' };
    expect(imputeIndicator({ method: 'mean', peers }, 'x', units, values, noHistory).values).toEqual([1, 2, 1.5, 10, 10]);
  });

  it('carries the last observation forward and records its period', () => {
    const previous = (unit: string) => (unit === 'c' ? { period: '2024Q2', value: 7 } : null);
    const r = imputeIndicator({ method: 'locf' }, 'x', units, values, previous);
    expect(r.values).toEqual([1, 2, 7, 10, null]);
    expect(r.records).toEqual([{ unit: 'c', indicator: 'x', method: 'locf', value: 7, fromPeriod: '2024Q2' }]);
  });

  it('cannot impute an indicator nobody reported', () => {
    expect(imputeIndicator({ method: 'mean' }, 'x', ['a', 'b'], [null, null], noHistory).values).toEqual([null, null]);
  });
});
