/**
 * Collects every problem of an import with its row and column, in both languages. Errors use
 * the catalogue in src/core/errors.ts; the import's own warnings have their templates here.
 */
import { formatMessage, type ErrorCode } from '../../core/errors.js';
import type { ImportProblem, ImportWarningCode, LocalizedMessage } from './types.js';

const WARNINGS: Readonly<Record<ImportWarningCode, LocalizedMessage>> = {
  VITALS_W_DUPLICATE_ROW: { zh: '与第 {first} 行完全相同，已忽略', en: 'identical to row {first}; ignored' },
  VITALS_W_EMPTY_VALUE: {
    zh: '{count} 行没有数值（空白、—、-、NA 等），已跳过，库中原有数值不变：第 {rows} 行',
    en: '{count} row(s) without a value (blank, —, -, NA…) were skipped and stored values left as they were: rows {rows}',
  },
  VITALS_W_IGNORED_COLUMN: { zh: '未识别的列已忽略：{columns}', en: 'columns not recognised and ignored: {columns}' },
  VITALS_W_ALREADY_IMPORTED: {
    zh: '相同内容的文件已于批次 {batchId} 导入；未变化的数值不会重复写入',
    en: 'a file with the same content was imported as batch {batchId}; unchanged values are not written again',
  },
};

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`));
}

/** Both messages for a code. */
export function messageFor(code: ErrorCode | ImportWarningCode, params: Record<string, unknown>): LocalizedMessage {
  if (code in WARNINGS) {
    const t = WARNINGS[code as ImportWarningCode];
    return { zh: fill(t.zh, params), en: fill(t.en, params) };
  }
  return { zh: formatMessage(code as ErrorCode, params, 'zh-CN'), en: formatMessage(code as ErrorCode, params, 'en') };
}

export interface Where {
  readonly row: number | null;
  readonly column: string | null;
  readonly value?: string;
  /** A problem with the whole file (a missing column) even though it sits on a row (the header). */
  readonly fileLevel?: boolean;
}

export class ProblemList {
  private readonly items: ImportProblem[] = [];
  private readonly badRows = new Set<number>();
  private fileErrors = 0;

  error(code: ErrorCode, params: Record<string, unknown>, where: Where): void {
    this.push('error', code, params, where);
    if (where.row === null || where.fileLevel) this.fileErrors++;
    else this.badRows.add(where.row);
  }

  warn(code: ImportWarningCode, params: Record<string, unknown>, where: Where): void {
    this.push('warning', code, params, where);
  }

  private push(severity: 'error' | 'warning', code: ErrorCode | ImportWarningCode, params: Record<string, unknown>, where: Where): void {
    this.items.push({
      severity,
      code,
      row: where.row,
      column: where.column,
      ...(where.value !== undefined ? { value: where.value } : {}),
      message: messageFor(code, params),
      params,
    });
  }

  /** Mark a row rejected without a new message (the other row of a conflicting pair). */
  reject(row: number): void {
    this.badRows.add(row);
  }

  isRejected(row: number): boolean {
    return this.badRows.has(row);
  }

  get rejectedRows(): number {
    return this.badRows.size;
  }

  get errorCount(): number {
    return this.items.filter((p) => p.severity === 'error').length;
  }

  /** Problems about the whole file (missing columns, encoding): nothing can be loaded. */
  get hasFileErrors(): boolean {
    return this.fileErrors > 0;
  }

  /** File-level problems first, then by row and column order of appearance. */
  sorted(): ImportProblem[] {
    return this.items
      .map((p, i) => [p, i] as const)
      .sort(([a, i], [b, j]) => (a.row ?? -1) - (b.row ?? -1) || i - j)
      .map(([p]) => p);
  }
}
