/**
 * Authentication settings, derived from the validated `VitalsConfig` (environment variables
 * `VITALS_SESSION_*`, `VITALS_LOCKOUT_*`, `VITALS_LOGIN_*`, `VITALS_TOKEN_*`: docs/security.md).
 */
import type { VitalsConfig } from '../../config.js';

export interface AuthSettings {
  /** Absolute session lifetime (minutes since login). */
  readonly sessionMinutes: number;
  /** Idle timeout (minutes since the last request). */
  readonly sessionIdleMinutes: number;
  /** Consecutive failed logins that lock an account… */
  readonly lockoutThreshold: number;
  /** …for this many minutes. */
  readonly lockoutMinutes: number;
  /** Login attempts allowed per client address per window. */
  readonly loginAttemptsPerIp: number;
  /** Login attempts allowed per account name per window. */
  readonly loginAttemptsPerAccount: number;
  /** The rate-limit window (minutes). */
  readonly loginWindowMinutes: number;
  /** Longest lifetime of a personal API token (days); default lifetime when none is asked for. */
  readonly tokenMaxDays: number;
  readonly tokenDefaultDays: number;
  /** Mark cookies Secure (HTTPS deployments). */
  readonly secureCookies: boolean;
}

/** The defaults, as in the config schema (src/config.ts); kept for callers that build settings without a config. */
export const DEFAULT_AUTH_SETTINGS: Omit<AuthSettings, 'sessionMinutes' | 'secureCookies'> = {
  sessionIdleMinutes: 30,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  loginAttemptsPerIp: 30,
  loginAttemptsPerAccount: 10,
  loginWindowMinutes: 5,
  tokenMaxDays: 366,
  tokenDefaultDays: 90,
};

/** Settings for a validated configuration; `overrides` (tests) win over it. */
export function authSettingsFrom(config: VitalsConfig, overrides: Partial<AuthSettings> = {}): AuthSettings {
  return {
    sessionMinutes: config.sessionMinutes,
    // An idle timeout longer than the session itself would mean nothing.
    sessionIdleMinutes: Math.min(config.sessionIdleMinutes, config.sessionMinutes),
    lockoutThreshold: config.lockoutThreshold,
    lockoutMinutes: config.lockoutMinutes,
    loginAttemptsPerIp: config.loginAttemptsPerIp,
    loginAttemptsPerAccount: config.loginAttemptsPerAccount,
    loginWindowMinutes: config.loginWindowMinutes,
    tokenMaxDays: config.tokenMaxDays,
    tokenDefaultDays: config.tokenDefaultDays,
    secureCookies: config.secureCookies,
    ...overrides,
  };
}
