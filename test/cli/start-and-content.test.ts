import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The newcomer's path, for real: `vitals start` on an empty embedded database loads the
// shipped content, prints where the app is and a generated password, and stops cleanly;
// the CLI then answers from the same data directory.
const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'vitals-start-'));
const env = { ...process.env, VITALS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '' };

function vitals(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin/vitals.js'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}; output:\n${output}`));
    });
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('vitals start on a fresh embedded database', () => {
  it('loads the content, prints the URL and a one-time admin password, serves the API and stops cleanly', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/vitals.js'), 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Ctrl\+C/, 240_000);
      const url = /is running: (http:\/\/\S+)/.exec(output)?.[1];
      const password = /password:\s+(\S+)/.exec(output)?.[1];
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(password, 'a generated password is printed').toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(12);

      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { engine: string }).engine).toBe('pglite');

      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const wrong = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin' }),
      });
      expect(wrong.status).toBe(401);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 300_000);

  it('does not create or print a password on the next start', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/vitals.js'), 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Ctrl\+C/, 120_000);
      expect(output).not.toMatch(/password:/);
      expect(output).not.toContain('loading the shipped content');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 180_000);

  it('lists Hebei 2025 targets with the seed wording and verification flag', () => {
    const csv = vitals(['targets', '--framework', 'healthy-hebei-2023-2027', '--year', '2025', '--format', 'json']);
    const targets = JSON.parse(csv) as Array<{ indicator: string; wording: string; spec: { kind: string; value?: number; op?: string; parts?: Array<{ kind: string; value?: number }> }; verification: string }>;
    const thresholdOf = (indicator: string) => {
      const target = targets.find((t) => t.indicator === indicator)!;
      const parts = target.spec.kind === 'all' ? target.spec.parts! : [target.spec];
      return parts.find((p) => p.kind === 'threshold' || p.kind === 'count')?.value;
    };
    // Figures as printed in 冀卫发〔2023〕5号, 二、总体目标 and 专项行动(一)3.
    expect(thresholdOf('BEDS_PER_1000')).toBe(7.5);
    expect(thresholdOf('DOCTORS_PER_1000')).toBe(3.5);
    expect(thresholdOf('NURSES_PER_1000')).toBe(3.8);
    const healthyCounties = targets.find((t) => t.wording.includes('健康县区80个以上'));
    expect(healthyCounties?.spec).toMatchObject({ op: 'ge', value: 80 });
    expect(targets.every((t) => t.verification === 'confirmed_text')).toBe(true);
  }, 120_000);
});
