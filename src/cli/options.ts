/**
 * Option parsing shared by the `vitals` commands, so that every command rejects a bad value
 * with the same wording (`VITALS_E_INVALID_INPUT` naming the option and the value given).
 */
import type { Command } from 'commander';
import { VitalsError } from '../core/errors.js';
import { parseFormat, type OutputOptions } from './files.js';

function invalid(detail: string): VitalsError {
  return new VitalsError('VITALS_E_INVALID_INPUT', { detail });
}

/**
 * A whole-number option within an optional range.
 * Messages: `--x must be a whole number, got "…"`; with both bounds `--x must be a whole
 * number from MIN to MAX, got "…"`; with one bound `--x must be at least MIN` / `at most MAX`.
 * @example parseWholeNumber('2025', '--year', { min: 1900, max: 2200 }) // 2025
 */
export function parseWholeNumber(raw: string, option: string, range: { readonly min?: number; readonly max?: number } = {}): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${option} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  }
  if (!Number.isInteger(value)) throw invalid(`${option} must be a whole number, got "${raw}"`);
  if (min !== undefined && value < min) throw invalid(`${option} must be at least ${min}, got "${raw}"`);
  if (max !== undefined && value > max) throw invalid(`${option} must be at most ${max}, got "${raw}"`);
  return value;
}

/** `parseWholeNumber` for an option that may be absent (undefined stays undefined). */
export function maybeWholeNumber(raw: string | undefined, option: string, range: { readonly min?: number; readonly max?: number } = {}): number | undefined {
  return raw === undefined ? undefined : parseWholeNumber(raw, option, range);
}

/** An option holding a JSON object, e.g. `--params '{"windowYears":5}'`. */
export function parseJsonOption(raw: string | undefined, option: string): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw invalid(`${option} must be a JSON object: ${(error as Error).message}`);
  }
}

/** Adds the `--format` and `--out` options every row-writing command has. */
export function withOutputOptions(command: Command, formatHelp = 'csv or json'): Command {
  return command.option('--format <format>', formatHelp, 'csv').option('--out <file>', 'write to a file instead of standard output');
}

/** Checks `--format` and keeps `--out`: the second argument of `writeRows`. */
export function outputOptions(options: { readonly format?: string | undefined; readonly out?: string | undefined }): OutputOptions & { readonly format: 'csv' | 'json' } {
  return { format: parseFormat(options.format), ...(options.out ? { out: options.out } : {}) };
}
