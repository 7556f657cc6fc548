import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password.js';

const rules = (password: string, username = 'zhangsan') => checkPasswordPolicy(password, username).map((v) => v.rule);

describe('password policy', () => {
  it.each([
    // [password, username, broken rules]
    ['Short-1a', 'zhangsan', ['min_length']], // 8 characters < 10
    ['abcdefghij', 'zhangsan', ['classes']], // 10 characters, lower case only: 1 class
    ['abcdefgh12', 'zhangsan', ['classes']], // lower + digits: 2 classes
    ['Abcdefgh12', 'zhangsan', []], // lower + upper + digits: 3 classes, 10 characters
    ['abcdefgh-12', 'zhangsan', []], // lower + other + digits
    ['健康河北建设行动abc1', 'zhangsan', []], // CJK counts as "other": other + lower + digit, 12 code points
    ['Zhangsan-2025', 'zhangsan', ['not_username']], // contains the user name, case-insensitively
    ['P@ssw0rd123', 'zhangsan', ['not_common']], // on the common list (lower-cased), passes the rest
    ['password', 'zhangsan', ['min_length', 'not_common', 'classes']],
    ['a'.repeat(257) + 'A1', 'zhangsan', ['max_length']],
  ])('%s for %s breaks %j', (password, username, expected) => {
    expect(rules(password, username)).toEqual(expected);
  });

  it('gives every broken rule in both languages', () => {
    const [violation] = checkPasswordPolicy('short', 'x1');
    expect(violation!.messages['zh-CN']).toContain('10');
    expect(violation!.messages.en).toContain('10');
  });

  it('generated passwords always pass the policy for that user name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,20}$/), (username) => {
        const password = generatePassword(username);
        expect(checkPasswordPolicy(password, username)).toEqual([]);
        expect(password).toHaveLength(20);
      }),
      { numRuns: 200 },
    );
  });

  it('generated passwords do not repeat', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generatePassword()));
    expect(seen.size).toBe(500);
  });
});

describe('argon2id hashing', () => {
  it('stores an argon2id PHC string that verifies only the right password', async () => {
    const hash = await hashPassword('Correct-Horse-9');
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(hash).not.toContain('Correct-Horse-9');
    expect(await verifyPassword(hash, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPassword(hash, 'Correct-Horse-8')).toBe(false);
    expect(await verifyPassword('not a hash', 'Correct-Horse-9')).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('Same-Pass-123')).not.toBe(await hashPassword('Same-Pass-123'));
  });
});
