import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress-printer.js';

function capture(tty: boolean) {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (c: Buffer) => (out += c.toString('utf8')));
  // A huge interval: only phase changes and finished phases print.
  const print = createProgressPrinter(stream, { tty, intervalMs: 1e9 });
  return { print, text: () => out };
}

describe('progress printer', () => {
  it('prints plain lines off a terminal: one per phase change and at completion', () => {
    const { print, text } = capture(false);
    print({ phase: 'read', done: 1000 });
    print({ phase: 'read', done: 2000 }); // throttled
    print({ phase: 'write', done: 0, total: 400 });
    print({ phase: 'write', done: 200, total: 400 }); // throttled
    print({ phase: 'write', done: 400, total: 400 });
    print.end();
    expect(text()).toBe('读取校验 read: 1000 rows\n写入 write: 0/400 rows\n写入 write: 400/400 rows\n');
  });

  it('redraws one bar line on a terminal', () => {
    const { print, text } = capture(true);
    print({ phase: 'write', done: 0, total: 400 });
    print({ phase: 'write', done: 400, total: 400 });
    print.end();
    // 400/400 = 100 %: 30 of 30 marks.
    expect(text()).toBe(`\r\x1b[2K写入 write [${'.'.repeat(30)}] 0% 0/400 rows\r\x1b[2K写入 write [${'#'.repeat(30)}] 100% 400/400 rows\n`);
  });
});
