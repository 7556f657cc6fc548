import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

const options = { perIp: 3, perAccount: 2, windowMs: 60_000, lockoutThreshold: 3, lockoutMs: 600_000 };

describe('LoginLimiter', () => {
  it('refuses the attempt after the per-account limit within the window, and allows it again after the window', () => {
    const limiter = new LoginLimiter(options);
    // perAccount 2: attempts 1 and 2 pass, the third in the same window is refused.
    expect(limiter.hit('10.0.0.1', 'li', 0)).toBeUndefined();
    expect(limiter.hit('10.0.0.2', 'li', 1_000)).toBeUndefined();
    expect(limiter.hit('10.0.0.3', 'li', 2_000)).toBe('account');
    // The window started at 0 and lasts 60 s: at 60 s a new one starts.
    expect(limiter.hit('10.0.0.4', 'li', 60_000)).toBeUndefined();
  });

  it('refuses the attempt after the per-address limit whatever the account', () => {
    const limiter = new LoginLimiter(options);
    expect(limiter.hit('10.0.0.9', 'a', 0)).toBeUndefined();
    expect(limiter.hit('10.0.0.9', 'b', 0)).toBeUndefined();
    expect(limiter.hit('10.0.0.9', 'c', 0)).toBeUndefined();
    // Fourth attempt from the address (perIp 3).
    expect(limiter.hit('10.0.0.9', 'd', 0)).toBe('ip');
  });

  it('simulates a lockout for names without an account, ending after the lockout time', () => {
    const limiter = new LoginLimiter(options);
    expect(limiter.phantomFailure('ghost', 0)).toBe(false);
    expect(limiter.phantomFailure('ghost', 0)).toBe(false);
    expect(limiter.phantomFailure('ghost', 0)).toBe(true); // third failure = threshold
    // 600 000 ms = 10 minutes left at t=0; 1 minute left at t=540 000.
    expect(limiter.phantomLockMinutes('ghost', 0)).toBe(10);
    expect(limiter.phantomLockMinutes('ghost', 540_000)).toBe(1);
    expect(limiter.phantomLockMinutes('ghost', 600_000)).toBe(0);
    // After the lockout a fresh count starts.
    expect(limiter.phantomFailure('ghost', 600_001)).toBe(false);
  });
});
