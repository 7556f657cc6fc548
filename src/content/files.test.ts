import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentDir, readContentCsv, readContentText, readContentYaml } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'vitals-content-'));

describe('content files', () => {
  it('defaults to the repository content directory', () => {
    expect(contentDir().replace(/\\/g, '/')).toMatch(/\/content$/);
    expect(contentDir({ dir: '/x' })).toBe('/x');
  });

  it('reads CSV with a BOM and CRLF line ends', () => {
    writeFileSync(join(dir, 'a.csv'), '\uFEFFcode,name\r\n130000,河北省\r\n');
    expect(readContentCsv(dir, 'a.csv')).toEqual([{ code: '130000', name: '河北省' }]);
  });

  it('decompresses .gz files', () => {
    writeFileSync(join(dir, 'b.txt.gz'), gzipSync(Buffer.from('健康河北')));
    expect(readContentText(dir, 'b.txt.gz')).toBe('健康河北');
  });

  it('names the file of a YAML syntax error and of a missing file', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'code: x\ntargets: [a, b\n');
    expect(() => readContentYaml(dir, 'bad.yaml')).toThrow(/bad\.yaml: /);
    expect(() => readContentYaml(dir, 'none.yaml')).toThrow(/content file none\.yaml/);
  });
});
