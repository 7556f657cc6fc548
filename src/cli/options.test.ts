import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { vitalsErrorOf } from '../../test/support/errors.js';
import { maybeWholeNumber, outputOptions, parseJsonOption, parseWholeNumber, withOutputOptions } from './options.js';

describe('parseWholeNumber', () => {
  it.each([
    ['2025', {}, 2025],
    ['-3', {}, -3],
    [' 7 ', { min: 1 }, 7],
    ['0', { min: 0, max: 50 }, 0],
    ['50', { min: 0, max: 50 }, 50],
  ] as const)('reads %j with %j as %d', (raw, range, expected) => {
    expect(parseWholeNumber(raw, '--n', range)).toBe(expected);
  });

  it.each([
    ['20x5', {}, '--n must be a whole number, got "20x5"'],
    ['', {}, '--n must be a whole number, got ""'],
    ['2.5', { min: 1 }, '--n must be a whole number, got "2.5"'],
    ['0', { min: 1 }, '--n must be at least 1, got "0"'],
    ['11', { max: 10 }, '--n must be at most 10, got "11"'],
    ['1800', { min: 1900, max: 2200 }, '--n must be a whole number from 1900 to 2200, got "1800"'],
    ['abc', { min: 1900, max: 2200 }, '--n must be a whole number from 1900 to 2200, got "abc"'],
  ] as const)('rejects %j with %j: %s', (raw, range, message) => {
    const error = vitalsErrorOf(() => parseWholeNumber(raw, '--n', range));
    expect(error.code).toBe('VITALS_E_INVALID_INPUT');
    expect(error.message).toContain(message);
  });

  it('leaves an absent optional value absent', () => {
    expect(maybeWholeNumber(undefined, '--year')).toBeUndefined();
    expect(maybeWholeNumber('2030', '--year', { min: 1900, max: 2200 })).toBe(2030);
  });
});

describe('parseJsonOption', () => {
  it('reads a JSON object and rejects anything else naming the option', () => {
    expect(parseJsonOption('{"windowYears":5}', '--params')).toEqual({ windowYears: 5 });
    expect(parseJsonOption(undefined, '--params')).toBeUndefined();
    expect(() => parseJsonOption('[1]', '--params')).toThrow(/--params must be a JSON object: not a JSON object/);
    expect(() => parseJsonOption('{', '--params')).toThrow(/--params must be a JSON object/);
  });
});

describe('output options', () => {
  it('checks --format and keeps --out only when given', () => {
    expect(outputOptions({})).toEqual({ format: 'csv' });
    expect(outputOptions({ format: 'json', out: 'x.json' })).toEqual({ format: 'json', out: 'x.json' });
    expect(() => outputOptions({ format: 'xml' })).toThrow(/--format must be csv or json, got "xml"/);
  });

  it('adds --format (default csv) and --out to a command', () => {
    const command = withOutputOptions(new Command('x'), 'csv or json (full provenance)');
    const format = command.options.find((o) => o.long === '--format')!;
    expect([format.description, format.defaultValue]).toEqual(['csv or json (full provenance)', 'csv']);
    expect(command.options.map((o) => o.long)).toEqual(['--format', '--out']);
  });
});
