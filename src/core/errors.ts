/**
 * The one catalogue of Vitals error codes.
 *
 * Every failure that reaches a user carries a stable `VITALS_E_*` code, a message in
 * zh-CN and en, and (for the HTTP layer) a status. The core never throws HTTP errors:
 * the API maps `status`, the CLI maps `exitCode`.
 *
 * ATTENTION: codes are part of the public API. Never rename or reuse a retired code;
 * add a new one. `errors.test.ts` checks that every code is documented in docs/errors.md.
 */
export interface ErrorDefinition {
  readonly status: number;
  readonly exitCode: number;
  /** Message templates; `{name}` placeholders are filled from `params`. */
  readonly zh: string;
  readonly en: string;
}

export const ERRORS = {
  VITALS_E_INVALID_PERIOD: { status: 400, exitCode: 2, zh: '无效的期间代码：{value}', en: 'invalid period: {value}' },
  VITALS_E_INVALID_REGION_CODE: { status: 400, exitCode: 2, zh: '无效的行政区划代码：{value}', en: 'invalid region code: {value}' },
  VITALS_E_UNKNOWN_REGION: { status: 404, exitCode: 2, zh: '未知地区：{value}', en: 'unknown region: {value}' },
  VITALS_E_AMBIGUOUS_REGION: { status: 400, exitCode: 2, zh: '地区名称不唯一：{value}（候选：{candidates}）', en: 'ambiguous region name: {value} (candidates: {candidates})' },
  VITALS_E_EXPRESSION_SYNTAX: { status: 400, exitCode: 2, zh: '公式语法错误：{detail}', en: 'formula syntax error: {detail}' },
  VITALS_E_EXPRESSION_REFERENCE: { status: 400, exitCode: 2, zh: '公式引用了未知的数据元：{name}', en: 'formula references an unknown data element: {name}' },
  VITALS_E_EXPRESSION_CYCLE: { status: 400, exitCode: 2, zh: '公式存在循环引用：{path}', en: 'formula reference cycle: {path}' },
  VITALS_E_EXPRESSION_TYPE: { status: 400, exitCode: 2, zh: '公式类型错误：{detail}', en: 'formula type error: {detail}' },
  VITALS_E_INVALID_TARGET: { status: 400, exitCode: 2, zh: '无效的目标定义：{detail}', en: 'invalid target: {detail}' },
  VITALS_E_UNKNOWN_METHOD: { status: 400, exitCode: 2, zh: '未知方法：{kind} "{name}"', en: 'invalid {kind} method: "{name}"' },
  VITALS_E_INVALID_CONFIG: { status: 400, exitCode: 2, zh: '配置无效：{detail}', en: 'invalid configuration: {detail}' },
  VITALS_E_INVALID_INPUT: { status: 400, exitCode: 2, zh: '输入无效：{detail}', en: 'invalid input: {detail}' },
  VITALS_E_IMPORT_REJECTED: { status: 422, exitCode: 3, zh: '导入被拒绝：{count} 个问题，未写入任何数据', en: 'import rejected: {count} problem(s), nothing was written' },
  VITALS_E_UNSUPPORTED_FORMAT: { status: 415, exitCode: 2, zh: '不支持的文件格式：{detail}', en: 'unsupported file format: {detail}' },
  VITALS_E_NOT_FOUND: { status: 404, exitCode: 4, zh: '未找到：{what}', en: 'not found: {what}' },
  VITALS_E_CONFLICT: { status: 409, exitCode: 5, zh: '数据已被他人修改，请刷新后重试（{detail}）', en: 'the data was changed by someone else; reload and retry ({detail})' },
  VITALS_E_INVALID_TRANSITION: { status: 409, exitCode: 5, zh: '当前状态不允许此操作：{detail}', en: 'this action is not allowed in the current state: {detail}' },
  VITALS_E_LOCKED: { status: 423, exitCode: 5, zh: '数据已锁定（{state}），不能修改', en: 'the data is locked ({state}) and cannot be changed' },
  VITALS_E_UNAUTHENTICATED: { status: 401, exitCode: 6, zh: '请先登录', en: 'authentication required' },
  VITALS_E_FORBIDDEN: { status: 403, exitCode: 6, zh: '无权执行此操作', en: 'not allowed' },
  VITALS_E_OUT_OF_SCOPE: { status: 403, exitCode: 6, zh: '该地区不在您的权限范围内：{region}', en: 'region outside your scope: {region}' },
  VITALS_E_RATE_LIMITED: { status: 429, exitCode: 6, zh: '尝试次数过多，请稍后再试', en: 'too many attempts; try again later' },
  VITALS_E_PAYLOAD_TOO_LARGE: { status: 413, exitCode: 2, zh: '内容过大（上限 {limit}）', en: 'payload too large (limit {limit})' },
  VITALS_E_DATABASE: { status: 503, exitCode: 7, zh: '数据库不可用：{detail}', en: 'database unavailable: {detail}' },
  VITALS_E_MIGRATION: { status: 500, exitCode: 7, zh: '数据库迁移失败：{detail}', en: 'database migration failed: {detail}' },
  VITALS_E_INTERNAL: { status: 500, exitCode: 1, zh: '内部错误', en: 'internal error' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;
export type Locale = 'zh-CN' | 'en';

export function formatMessage(code: ErrorCode, params: Record<string, unknown> = {}, locale: Locale = 'en'): string {
  const template = locale === 'zh-CN' ? ERRORS[code].zh : ERRORS[code].en;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`));
}

/** An error a user can act on. `details` carries structured context (row, field, span…). */
export class VitalsError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly details: unknown;

  constructor(code: ErrorCode, params: Record<string, unknown> = {}, details?: unknown) {
    super(formatMessage(code, params, 'en'));
    this.name = 'VitalsError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  message_zh(): string {
    return formatMessage(this.code, this.params, 'zh-CN');
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  get exitCode(): number {
    return ERRORS[this.code].exitCode;
  }
}

export function isVitalsError(error: unknown): error is VitalsError {
  return error instanceof VitalsError;
}
