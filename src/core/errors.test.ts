import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, VitalsError, formatMessage, type ErrorCode } from './errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const diagnosticsSource = readFileSync(new URL('./diagnostics.ts', import.meta.url), 'utf8');

describe('error catalogue', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it.each(codes)('%s is documented with its status and exit code', (code) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| ${code} |`));
    expect(row, `${code} missing from docs/errors.md`).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(Number(cells[2])).toBe(ERRORS[code].status);
    expect(Number(cells[3])).toBe(ERRORS[code].exitCode);
  });

  it.each(codes)('%s has both languages and matching placeholders', (code) => {
    const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(ERRORS[code].zh.length).toBeGreaterThan(0);
    expect(names(ERRORS[code].zh)).toEqual(names(ERRORS[code].en));
  });

  it('every warning code is documented', () => {
    const warnings = [...diagnosticsSource.matchAll(/'(VITALS_W_\w+)'/g)].map((m) => m[1]);
    expect(warnings.length).toBeGreaterThan(5);
    for (const code of warnings) expect(doc, code).toContain(`| ${code} |`);
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(formatMessage('VITALS_E_INVALID_PERIOD', { value: '2025Q5' })).toBe('invalid period: 2025Q5');
    expect(formatMessage('VITALS_E_INVALID_PERIOD', {}, 'zh-CN')).toBe('无效的期间代码：{value}');
  });

  it('VitalsError carries code, status and both messages', () => {
    const error = new VitalsError('VITALS_E_CONFLICT', { detail: 'version 3 ≠ 4' });
    expect(error.status).toBe(409);
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain('version 3 ≠ 4');
    expect(error.message_zh()).toContain('数据已被他人修改');
  });
});
