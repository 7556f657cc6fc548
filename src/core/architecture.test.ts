import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The domain core must stay pure: no I/O, no frameworks, nothing from outer layers.
const coreDir = dirname(fileURLToPath(import.meta.url));
const forbidden = /^(node:|fs$|path$|pg$|kysely|fastify|react|exceljs|@electric-sql)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('core purity', () => {
  const files = sourceFiles(coreDir);

  it('finds core sources', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [relative(coreDir, f), f]))('%s imports nothing impure', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const specifier of specifiers) {
      expect(forbidden.test(specifier), `${specifier} is not allowed in core`).toBe(false);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        expect(target.startsWith(coreDir), `${specifier} leaves src/core`).toBe(true);
      }
    }
  });
});
