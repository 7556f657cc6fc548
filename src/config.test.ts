import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVitalsError } from './core/errors.js';
import { CONFIG_ENV, loadConfig, type VitalsConfig } from './config.js';
import { authSettingsFrom } from './services/auth/settings.js';

const base = { VITALS_DATA_DIR: '/tmp/vitals-config-test' };

function configError(env: Record<string, string>, overrides: Partial<VitalsConfig> = {}): string {
  try {
    loadConfig({ ...base, ...env }, overrides);
  } catch (error) {
    if (isVitalsError(error) && error.code === 'VITALS_E_INVALID_CONFIG') return String(error.params.detail);
    throw error;
  }
  throw new Error('expected VITALS_E_INVALID_CONFIG');
}

describe('loadConfig: authentication settings from the environment', () => {
  it('has the documented defaults (docs/security.md)', () => {
    const config = loadConfig(base);
    expect({
      sessionMinutes: config.sessionMinutes, sessionIdleMinutes: config.sessionIdleMinutes, lockoutThreshold: config.lockoutThreshold,
      lockoutMinutes: config.lockoutMinutes, loginAttemptsPerIp: config.loginAttemptsPerIp, loginAttemptsPerAccount: config.loginAttemptsPerAccount,
      loginWindowMinutes: config.loginWindowMinutes, tokenMaxDays: config.tokenMaxDays, tokenDefaultDays: config.tokenDefaultDays,
    }).toEqual({
      sessionMinutes: 480, sessionIdleMinutes: 30, lockoutThreshold: 5, lockoutMinutes: 15, loginAttemptsPerIp: 30,
      loginAttemptsPerAccount: 10, loginWindowMinutes: 5, tokenMaxDays: 366, tokenDefaultDays: 90,
    });
    expect(config.geoDir).toBeUndefined();
  });

  const cases: Array<[string, string, keyof VitalsConfig, number]> = [
    ['VITALS_SESSION_MINUTES', '600', 'sessionMinutes', 600],
    ['VITALS_SESSION_IDLE_MINUTES', '20', 'sessionIdleMinutes', 20],
    ['VITALS_LOCKOUT_THRESHOLD', '3', 'lockoutThreshold', 3],
    ['VITALS_LOCKOUT_MINUTES', '60', 'lockoutMinutes', 60],
    ['VITALS_LOGIN_ATTEMPTS_PER_IP', '100', 'loginAttemptsPerIp', 100],
    ['VITALS_LOGIN_ATTEMPTS_PER_ACCOUNT', '4', 'loginAttemptsPerAccount', 4],
    ['VITALS_LOGIN_WINDOW_MINUTES', '10', 'loginWindowMinutes', 10],
    ['VITALS_TOKEN_MAX_DAYS', '30', 'tokenMaxDays', 30],
    ['VITALS_TOKEN_DEFAULT_DAYS', '7', 'tokenDefaultDays', 7],
    ['VITALS_BODY_LIMIT', '2048', 'bodyLimit', 2048],
  ];
  it.each(cases)('%s=%s sets %s', (name, text, key, expected) => {
    expect(CONFIG_ENV[key]).toBe(name);
    expect(loadConfig({ ...base, [name]: text })[key]).toBe(expected);
  });

  it.each([
    ['VITALS_LOCKOUT_THRESHOLD', 'five'],
    ['VITALS_LOCKOUT_THRESHOLD', '0'],
    ['VITALS_LOCKOUT_THRESHOLD', '2.5'],
    ['VITALS_SESSION_IDLE_MINUTES', ''],
    ['VITALS_SESSION_IDLE_MINUTES', '-5'],
    ['VITALS_TOKEN_MAX_DAYS', '99999'],
    ['VITALS_LOGIN_WINDOW_MINUTES', ' '],
    ['VITALS_SESSION_MINUTES', '4'],
  ])('%s=%j is refused, naming the variable', (name, text) => {
    const detail = configError({ [name]: text });
    expect(detail).toContain(name);
  });

  it('refuses a default token lifetime longer than the longest one', () => {
    expect(configError({ VITALS_TOKEN_MAX_DAYS: '30', VITALS_TOKEN_DEFAULT_DAYS: '31' })).toMatch(/VITALS_TOKEN_DEFAULT_DAYS.*31.*VITALS_TOKEN_MAX_DAYS.*30/);
    expect(loadConfig({ ...base, VITALS_TOKEN_MAX_DAYS: '30', VITALS_TOKEN_DEFAULT_DAYS: '30' }).tokenDefaultDays).toBe(30);
    // Unset, the default (90 days) follows a shorter maximum: min(90, 30) = 30.
    expect(loadConfig({ ...base, VITALS_TOKEN_MAX_DAYS: '30' }).tokenDefaultDays).toBe(30);
  });

  it('names every bad setting at once', () => {
    const detail = configError({ VITALS_LOCKOUT_MINUTES: 'x', PORT: '70000' });
    expect(detail).toContain('VITALS_LOCKOUT_MINUTES');
    expect(detail).toContain('PORT');
  });

  it('validates overrides as well', () => {
    expect(configError({}, { lockoutThreshold: 0 })).toContain('VITALS_LOCKOUT_THRESHOLD');
  });

  it('reads VITALS_GEO_DIR into geoDir, resolved to an absolute path', () => {
    expect(loadConfig({ ...base, VITALS_GEO_DIR: 'maps/official' }).geoDir).toBe(resolve('maps/official'));
    expect(loadConfig({ ...base, VITALS_GEO_DIR: '' }).geoDir).toBeUndefined();
  });

  it('any whole number in range round-trips; the idle timeout is capped at the session lifetime', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (session, idle) => {
        const config = loadConfig({ ...base, VITALS_SESSION_MINUTES: String(session), VITALS_SESSION_IDLE_MINUTES: String(idle) });
        expect(config.sessionMinutes).toBe(session);
        expect(config.sessionIdleMinutes).toBe(idle);
        expect(authSettingsFrom(config).sessionIdleMinutes).toBe(Math.min(idle, session));
      }),
    );
  });

  it('text that is not a whole number is always refused', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/^\s*[+]?\d+(\.0*)?\s*$/.test(s) && !/^\s*0x[0-9a-f]+\s*$/i.test(s) && !/^\s*0[bo][0-7]+\s*$/i.test(s) && !/^\s*\d*\.?\d+e\+?\d+\s*$/i.test(s)), (text) => {
        expect(configError({ VITALS_LOCKOUT_MINUTES: text })).toContain('VITALS_LOCKOUT_MINUTES');
      }),
    );
  });

  it('authSettingsFrom carries every configured value', () => {
    const config = loadConfig({ ...base, VITALS_LOCKOUT_THRESHOLD: '7', VITALS_LOCKOUT_MINUTES: '45', VITALS_TOKEN_MAX_DAYS: '100', VITALS_TOKEN_DEFAULT_DAYS: '10', VITALS_LOGIN_ATTEMPTS_PER_IP: '50', VITALS_LOGIN_ATTEMPTS_PER_ACCOUNT: '6', VITALS_LOGIN_WINDOW_MINUTES: '2' });
    expect(authSettingsFrom(config)).toMatchObject({ lockoutThreshold: 7, lockoutMinutes: 45, tokenMaxDays: 100, tokenDefaultDays: 10, loginAttemptsPerIp: 50, loginAttemptsPerAccount: 6, loginWindowMinutes: 2 });
  });
});
