/**
 * Authentication settings. Derived from the validated `VitalsConfig`; fields the config does
 * not (yet) carry fall back to the defaults below, so a deployment can tighten them without a
 * code change once the config exposes them.
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

const positive = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

/** Settings for a configuration (optional keys such as `sessionIdleMinutes` are honoured when present). */
export function authSettingsFrom(config: VitalsConfig, overrides: Partial<AuthSettings> = {}): AuthSettings {
  const extra = config as VitalsConfig & Partial<Record<keyof AuthSettings, unknown>>;
  const pick = <K extends keyof typeof DEFAULT_AUTH_SETTINGS>(key: K): number => positive(extra[key]) ?? DEFAULT_AUTH_SETTINGS[key];
  const sessionMinutes = config.sessionMinutes;
  return {
    sessionMinutes,
    // An idle timeout longer than the session itself would mean nothing.
    sessionIdleMinutes: Math.min(pick('sessionIdleMinutes'), sessionMinutes),
    lockoutThreshold: pick('lockoutThreshold'),
    lockoutMinutes: pick('lockoutMinutes'),
    loginAttemptsPerIp: pick('loginAttemptsPerIp'),
    loginAttemptsPerAccount: pick('loginAttemptsPerAccount'),
    loginWindowMinutes: pick('loginWindowMinutes'),
    tokenMaxDays: pick('tokenMaxDays'),
    tokenDefaultDays: pick('tokenDefaultDays'),
    secureCookies: config.secureCookies,
    ...overrides,
  };
}
