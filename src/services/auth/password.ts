/**
 * Passwords: argon2id hashing, the password policy, and generated one-time passwords.
 *
 * Policy (messages in zh-CN and en, see `PASSWORD_POLICY_TEXT`): at least 10 characters, at
 * most 256, not the user name (nor containing it), not a common password, and at least three
 * of four character classes (lower case, upper case, digits, other: symbols or CJK).
 */
import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import { VitalsError } from '../../core/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1). The algorithm defaults to argon2id. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches the stored argon2id hash; a malformed hash is a mismatch. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spend the time a real verification would, so that "no such user" and "wrong password"
 * answer equally slowly (no account enumeration by timing).
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('vitals-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
}

export type PasswordRule = 'min_length' | 'max_length' | 'not_username' | 'not_common' | 'classes';

export interface PasswordViolation {
  readonly rule: PasswordRule;
  readonly messages: { readonly 'zh-CN': string; readonly en: string };
}

const RULE_TEXT: Record<PasswordRule, { 'zh-CN': string; en: string }> = {
  min_length: { 'zh-CN': `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, en: `the password needs at least ${MIN_PASSWORD_LENGTH} characters` },
  max_length: { 'zh-CN': `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`, en: `the password may have at most ${MAX_PASSWORD_LENGTH} characters` },
  not_username: { 'zh-CN': '密码不能包含用户名', en: 'the password must not contain the user name' },
  not_common: { 'zh-CN': '该密码过于常见，容易被猜中', en: 'this password is too common and easy to guess' },
  classes: {
    'zh-CN': '密码须包含小写字母、大写字母、数字、其他字符（符号或汉字）中的至少三类',
    en: 'the password needs at least three of: lower-case letters, upper-case letters, digits, other characters (symbols or CJK)',
  },
};

/** The whole policy in both languages, for forms and documentation. */
export const PASSWORD_POLICY_TEXT = {
  'zh-CN': `至少 ${MIN_PASSWORD_LENGTH} 个字符；不能包含用户名；不能是常见密码；须包含小写字母、大写字母、数字、其他字符中的至少三类。`,
  en: `At least ${MIN_PASSWORD_LENGTH} characters; must not contain the user name; must not be a common password; at least three of lower case, upper case, digits and other characters.`,
} as const;

/** Count of character classes present (0–4). */
function classCount(password: string): number {
  let lower = false, upper = false, digit = false, other = false;
  for (const ch of password) {
    if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{Lu}/u.test(ch)) upper = true;
    else if (/\p{Nd}/u.test(ch)) digit = true;
    else other = true;
  }
  return Number(lower) + Number(upper) + Number(digit) + Number(other);
}

/** Every rule the password breaks (empty when it passes). Length counts Unicode code points. */
export function checkPasswordPolicy(password: string, username: string): PasswordViolation[] {
  const rules: PasswordRule[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) rules.push('min_length');
  if (length > MAX_PASSWORD_LENGTH) rules.push('max_length');
  const lowered = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lowered.includes(name)) rules.push('not_username');
  if (COMMON_PASSWORDS.has(lowered)) rules.push('not_common');
  if (classCount(password) < 3) rules.push('classes');
  return rules.map((rule) => ({ rule, messages: RULE_TEXT[rule] }));
}

/** @throws VITALS_E_WEAK_PASSWORD with `details.violations` (each rule with both messages) */
export function assertPasswordPolicy(password: string, username: string): void {
  const violations = checkPasswordPolicy(password, username);
  if (violations.length > 0) throw new VitalsError('VITALS_E_WEAK_PASSWORD', {}, { violations, policy: PASSWORD_POLICY_TEXT });
}

// Unambiguous characters only (no 0/O, 1/l/I), so a password read off a terminal is typed right.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.!@#%+=';

/**
 * A fresh random password that passes the policy for `username`: 20 characters from all
 * four classes (≈ 118 bits of entropy), drawn with the CSPRNG.
 */
export function generatePassword(username = '', length = 20): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)]!;
  for (;;) {
    const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < length) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    // Practically always true at once; the loop only guards a two-letter user name turning up by chance.
    if (checkPasswordPolicy(password, username).length === 0) return password;
  }
}
