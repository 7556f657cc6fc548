import { describe, expect, it } from 'vitest';
import { cellOf, parseElementKey } from './element-key.js';

describe('parseElementKey', () => {
  it.each([
    ['BIRTHS', { dataElement: 'BIRTHS', sex: 'total', ageGroup: 'total', area: 'total' }],
    ['BIRTHS|sex=F', { dataElement: 'BIRTHS', sex: 'female', ageGroup: 'total', area: 'total' }],
    ['BIRTHS|sex=male', { dataElement: 'BIRTHS', sex: 'male', ageGroup: 'total', area: 'total' }],
    ['DEATHS|age_group=0-4,sex=女', { dataElement: 'DEATHS', sex: 'female', ageGroup: '0-4', area: 'total' }],
    ['POP|area=农村', { dataElement: 'POP', sex: 'total', ageGroup: 'total', area: 'rural' }],
  ])('%s', (key, parts) => {
    expect(parseElementKey(key)).toEqual(parts);
  });

  it.each(['', '|sex=F', 'A|sex=X', 'A|colour=red', 'A|sex=F|x'])('rejects %j naming the key', (key) => {
    expect(() => parseElementKey(key)).toThrow(/element key/);
  });

  it('gives the same cell to equivalent keys', () => {
    expect(cellOf(parseElementKey('B|sex=F'))).toBe(cellOf(parseElementKey('B|sex=female')));
  });
});
