import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// "The CLI examples in docs/methods.md run as written": every `npx vitals …` line in a
// bash block of the methods docs is executed here exactly as a reader would paste it.
const root = join(import.meta.dirname, '..', '..');
const docs = ['docs/methods.md', ...readdirSync(join(root, 'docs/methods')).map((f) => `docs/methods/${f}`)];

function examples(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = [...text.matchAll(/```(?:bash|sh|shell)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npx vitals ')),
  );
}

const cases = docs.flatMap((file) => examples(file).map((command) => [file, command] as const));

describe('documented CLI examples', () => {
  it('finds examples in the methods docs', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases)('%s: %s', (_file, command) => {
    const shellCommand = command.replace(/^npx vitals /, 'node bin/vitals.js ');
    const output = execFileSync('bash', ['-c', shellCommand], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const outFile = /--out\s+(\S+)/.exec(command)?.[1];
    if (outFile) {
      // The example writes a file instead of printing: it must exist and hold something.
      const path = join(root, outFile);
      expect(existsSync(path), `${outFile} was not written`).toBe(true);
      expect(readFileSync(path, 'utf8').trim().length).toBeGreaterThan(0);
      rmSync(path);
    } else {
      expect(output.trim().length).toBeGreaterThan(0);
    }
  });
});
