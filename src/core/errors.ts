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
  VITALS_E_SUBMISSION_BLOCKED: { status: 422, exitCode: 3, zh: '尚有 {count} 个问题须修改或说明，不能上报', en: 'cannot submit: {count} problem(s) must be fixed or explained first' },
  VITALS_E_WEAK_PASSWORD: { status: 400, exitCode: 2, zh: '密码不符合安全要求：至少 10 个字符，不能包含用户名，不能是常见密码，须包含小写字母、大写字母、数字、其他字符中的至少三类', en: 'the password does not meet the policy: at least 10 characters, not containing the user name, not a common password, at least three of lower case, upper case, digits and other characters' },
  VITALS_E_INVALID_CREDENTIALS: { status: 401, exitCode: 6, zh: '用户名或密码错误', en: 'wrong user name or password' },
  VITALS_E_ACCOUNT_LOCKED: { status: 423, exitCode: 6, zh: '登录失败次数过多，账户已临时锁定，请 {minutes} 分钟后再试', en: 'too many failed logins: the account is locked for {minutes} minute(s)' },
  VITALS_E_SESSION_EXPIRED: { status: 401, exitCode: 6, zh: '会话已过期，请重新登录', en: 'the session has expired; log in again' },
  VITALS_E_CSRF: { status: 403, exitCode: 6, zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试', en: 'missing or invalid CSRF token; reload the page and retry' },
  VITALS_E_INTERNAL: { status: 500, exitCode: 1, zh: '内部错误', en: 'internal error' },
  // Data-value import (src/services/import): one code per reason so both languages stay exact.
  VITALS_E_IMPORT_MISSING_COLUMN: { status: 400, exitCode: 2, zh: '缺少必需的列：{column}（可用列名：{accepted}）', en: 'missing required column: {column} (accepted names: {accepted})' },
  VITALS_E_MISSING_FIELD: { status: 400, exitCode: 2, zh: '必填项为空：{field}', en: 'required field is empty: {field}' },
  VITALS_E_UNKNOWN_DATA_ELEMENT: { status: 400, exitCode: 2, zh: '未知数据元：{value}', en: 'unknown data element: {value}' },
  VITALS_E_AMBIGUOUS_DATA_ELEMENT: { status: 400, exitCode: 2, zh: '数据元名称不唯一：{value}（候选：{candidates}）', en: 'ambiguous data element name: {value} (candidates: {candidates})' },
  VITALS_E_PERIOD_TYPE_MISMATCH: { status: 400, exitCode: 2, zh: '期间 {period} 的类型为 {actual}，而数据元 {element} 按 {expected} 报告', en: 'period {period} is of type {actual} but data element {element} is reported by {expected}' },
  VITALS_E_REGION_INACTIVE: { status: 400, exitCode: 2, zh: '地区 {region} 在期间 {period} 不存在（有效期 {validFrom} 至 {validTo}）', en: 'region {region} does not exist in period {period} (valid {validFrom} to {validTo})' },
  VITALS_E_VALUE_NOT_NUMBER: { status: 400, exitCode: 2, zh: '不是有效的数值：{value}', en: 'not a number: {value}' },
  VITALS_E_VALUE_FORMULA: { status: 400, exitCode: 2, zh: '公式没有可用的计算结果：{value}（请在 Excel 中重新计算并保存）', en: 'formula has no cached result: {value} (recalculate and save the file in Excel)' },
  VITALS_E_VALUE_OUT_OF_RANGE: { status: 400, exitCode: 2, zh: '数值 {value} 超出允许范围 {range}（单位：{unit}）', en: 'value {value} is outside the allowed range {range} (unit: {unit})' },
  VITALS_E_VALUE_NOT_INTEGER: { status: 400, exitCode: 2, zh: '数值 {value} 应为整数（单位：{unit}）', en: 'value {value} must be a whole number (unit: {unit})' },
  VITALS_E_VALUE_UNEXPECTED_PERCENT: { status: 400, exitCode: 2, zh: '数值 {value} 带有百分号，但数据元 {element} 的单位是 {unit}', en: 'value {value} has a % sign but data element {element} is measured in {unit}' },
  VITALS_E_INVALID_DISAGGREGATION: { status: 400, exitCode: 2, zh: '分组值无效：{value}（可选：{allowed}）', en: 'invalid disaggregation value: {value} (allowed: {allowed})' },
  VITALS_E_DUPLICATE_CONFLICT: { status: 400, exitCode: 2, zh: '与第 {first} 行是同一数据（{key}），但数值不同：{firstValue} ≠ {value}', en: 'same data as row {first} ({key}) but a different value: {firstValue} ≠ {value}' },
  VITALS_E_DHIS2_UNMAPPED: { status: 400, exitCode: 2, zh: '{kind} {value} 没有对应的 Vitals 映射（请在 id 映射文件中配置）', en: 'no Vitals mapping for {kind} {value} (add it to the id map)' },
  VITALS_E_DHIS2_DELETE: { status: 400, exitCode: 2, zh: '导入不执行删除（deleted=true）：{value}', en: 'import does not apply deletions (deleted=true): {value}' },
  VITALS_E_ENCODING: { status: 400, exitCode: 2, zh: '文件不是有效的 {encoding} 编码（第 {offset} 字节附近）', en: 'the file is not valid {encoding} (near byte {offset})' },
  // Reporting (src/services/reporting).
  VITALS_E_WINDOW_CLOSED: { status: 423, exitCode: 5, zh: '{period} 的填报期为 {opensAt} 至 {closesAt}，当前不能填报', en: 'the reporting window for {period} runs from {opensAt} to {closesAt}; data cannot be entered now' },
  // Authentication (src/http/plugins/auth.plugin.ts).
  VITALS_E_PASSWORD_CHANGE_REQUIRED: { status: 403, exitCode: 6, zh: '请先修改密码，再进行其他操作', en: 'change your password before doing anything else' },
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
