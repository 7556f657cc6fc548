/**
 * Login throttling in memory, on the injected clock: a fixed window per client address and
 * per account name, plus a lockout mirror for names that have no account (so that "locked"
 * answers do not reveal which names exist). The real lockout of existing accounts is stored
 * in `app_user` and survives restarts; this limiter is per process, which is enough to make
 * online guessing slow.
 */
export interface LimiterOptions {
  readonly perIp: number;
  readonly perAccount: number;
  readonly windowMs: number;
  readonly lockoutThreshold: number;
  readonly lockoutMs: number;
}

interface Window {
  start: number;
  count: number;
}

export class LoginLimiter {
  private readonly ips = new Map<string, Window>();
  private readonly accounts = new Map<string, Window>();
  private readonly phantom = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(private readonly options: LimiterOptions) {}

  /**
   * Count one attempt. Returns `ip` or `account` when that limit is exceeded (the attempt is
   * then refused without checking the password), otherwise undefined.
   */
  hit(ip: string, account: string, now: number): 'ip' | 'account' | undefined {
    this.sweep(now);
    const ipOver = this.bump(this.ips, ip, now) > this.options.perIp;
    const accountOver = this.bump(this.accounts, account, now) > this.options.perAccount;
    return ipOver ? 'ip' : accountOver ? 'account' : undefined;
  }

  /** For a name without an account: minutes left of its simulated lockout, or 0. */
  phantomLockMinutes(account: string, now: number): number {
    const state = this.phantom.get(account);
    return state && state.lockedUntil > now ? Math.ceil((state.lockedUntil - now) / 60_000) : 0;
  }

  /** Count a failure for a name without an account; returns true when this failure locks it. */
  phantomFailure(account: string, now: number): boolean {
    const state = this.phantom.get(account) ?? { failures: 0, lockedUntil: 0 };
    if (state.lockedUntil !== 0 && state.lockedUntil <= now) {
      state.failures = 0;
      state.lockedUntil = 0;
    }
    state.failures += 1;
    const locks = state.failures >= this.options.lockoutThreshold;
    if (locks) state.lockedUntil = now + this.options.lockoutMs;
    this.phantom.set(account, state);
    return locks;
  }

  private bump(map: Map<string, Window>, key: string, now: number): number {
    const window = map.get(key);
    if (!window || now - window.start >= this.options.windowMs) {
      map.set(key, { start: now, count: 1 });
      return 1;
    }
    window.count += 1;
    return window.count;
  }

  /** Drop finished windows now and then so that the maps stay bounded under a spray of names. */
  private sweep(now: number): void {
    if (this.ips.size + this.accounts.size < 10_000) return;
    for (const map of [this.ips, this.accounts]) for (const [key, w] of map) if (now - w.start >= this.options.windowMs) map.delete(key);
    for (const [key, s] of this.phantom) if (s.lockedUntil !== 0 && s.lockedUntil <= now) this.phantom.delete(key);
  }
}
