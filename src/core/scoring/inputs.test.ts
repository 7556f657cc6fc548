import { describe, expect, it } from 'vitest';
import { VitalsError } from '../errors.js';
import { miniScheme } from './__fixtures__/schemes.js';
import { inputsFromItemRows, inputsFromObservations } from './inputs.js';
import { parseScheme } from './scheme.js';

const scheme = parseScheme(miniScheme);

describe('inputsFromItemRows', () => {
  it('groups rows by region and reads every optional column', () => {
    const inputs = inputsFromItemRows(
      [
        { region: '130100', item: 'IMR', value: '4.1', target: '4.0' },
        { region: '130100', item: 'LEDGER', value: '推进中' },
        { region: '130200', item: 'LE', value: '', attained: '达标' },
        { region: '130100', item: 'IMR_WORSE', value: '4.1', previous: '4.0' },
        { region: '130200', item: 'AWARD', value: '', attained: 'no' },
      ],
      scheme,
    );
    expect(inputs).toEqual([
      { region: '130100', items: { IMR: { value: 4.1, target: 4.0 }, LEDGER: { status: '推进中' }, IMR_WORSE: { value: 4.1, previous: 4.0 } } },
      { region: '130200', items: { LE: { attained: true }, AWARD: { attained: false } } },
    ]);
  });

  it('names file, row and column of every bad row', () => {
    let thrown: unknown;
    try {
      inputsFromItemRows(
        [
          { region: '130100', item: 'IMR', value: 'abc' },
          { region: '', item: 'LE', value: '78' },
          { region: '130100', item: 'NOPE', value: '1' },
          { region: '130100', item: 'LE', value: '78', attained: 'maybe' },
          { region: '130100', item: 'LE', value: '79' },
        ],
        scheme,
        'data.csv',
      );
    } catch (error) {
      thrown = error;
    }
    expect((thrown as VitalsError).code).toBe('VITALS_E_INVALID_INPUT');
    const lines = ((thrown as VitalsError).details as { path: string[]; message: string }[]).map((d) => `${d.path.join(' ')}: ${d.message}`);
    expect(lines).toEqual([
      'data.csv row 2: column "value": "abc" is not a number',
      'data.csv row 3: column "region": value is required',
      'data.csv row 4: column "item": "NOPE" is not an item of scheme mini',
      'data.csv row 5: column "attained": "maybe" is not true/false (also 1/0, yes/no, 是/否, 达标/未达标)',
      'data.csv row 6: region 130100, item LE appears twice',
    ]);
  });
});

describe('inputsFromObservations', () => {
  const rows = [
    { region: '130100', indicator: 'IMR', period: '2025', value: '4.1' },
    { region: '130100', indicator: 'IMR', period: '2024', value: '4.0' },
    { region: '130100', indicator: 'LE', period: '2025', value: '78.3' },
    { region: '130100', indicator: 'LEDGER', period: '2025', value: '50' },
    { region: '130100', indicator: 'LE', period: '2023', value: '77' }, // neither scored period nor last year: ignored
    { region: '130200', indicator: 'IMR', period: '2025年', value: '' }, // empty = missing
  ];

  it('takes the period value and the same period last year', () => {
    expect(inputsFromObservations(rows, scheme, '2025')).toEqual([
      {
        region: '130100',
        items: {
          IMR: { value: 4.1, previous: 4.0 },
          LE: { value: 78.3 },
          LEDGER: { value: 50 }, // task item read by its own code
          IMR_WORSE: { value: 4.1, previous: 4.0 }, // shares the IMR indicator
        },
      },
      { region: '130200', items: {} },
    ]);
  });

  it('uses the same half-year a year earlier for in-year periods', () => {
    const half = [
      { region: '130100', indicator: 'IMR', period: '2025H1', value: '4.2' },
      { region: '130100', indicator: 'IMR', period: '2024H1', value: '4.4' },
      { region: '130100', indicator: 'IMR', period: '2024', value: '4.0' },
    ];
    expect(inputsFromObservations(half, scheme, '2025H1')[0]!.items.IMR).toEqual({ value: 4.2, previous: 4.4 });
  });

  it('rejects bad periods and duplicates by row', () => {
    const bad = [
      { region: '130100', indicator: 'IMR', period: 'last year', value: '4' },
      { region: '130100', indicator: 'LE', period: '2025', value: '78' },
      { region: '130100', indicator: 'LE', period: '2025', value: '78.1' },
    ];
    expect(() => inputsFromObservations(bad, scheme, '2025')).toThrow(
      'obs.csv → row 2: column "period": "last year" is not a period code (2025, 2025H1, 2025Q3, 2025M07); obs.csv → row 4: region 130100, indicator LE, period 2025 appears twice',
    );
    expect(() => inputsFromObservations([], scheme, 'soon')).toThrow(VitalsError);
  });
});
