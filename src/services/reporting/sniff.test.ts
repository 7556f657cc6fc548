import { describe, expect, it } from 'vitest';
import { contentDisposition, safeDisplayName, sniffContentType } from './sniff.js';

const bytes = (...parts: (number[] | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContentType', () => {
  it.each([
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['DOCX', bytes('PK\u0003\u0004', '[Content_Types].xml', 'word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', bytes('PK\u0003\u0004', '[Content_Types].xml', 'xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('recognises %s by its bytes', (_name, head, type) => {
    expect(sniffContentType(head)?.contentType).toBe(type);
  });

  it.each([
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['SVG (scriptable)', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')],
    ['a ZIP that is not Office', bytes('PK\u0003\u0004', 'payload.exe')],
    ['a ZIP naming Office parts without a content-types part', bytes('PK\u0003\u0004', 'word/document.xml')],
    ['a PDF signature not at the start', bytes(' %PDF-1.7')],
    ['empty', bytes('')],
  ])('refuses %s', (_name, head) => {
    expect(sniffContentType(head)).toBeNull();
  });

  it('finds Office parts named only in the central directory at the end', () => {
    const head = bytes('PK\u0003\u0004', 'docProps/app.xml');
    const tail = bytes('PK\u0001\u0002', '[Content_Types].xml', 'xl/workbook.xml');
    expect(sniffContentType(head, tail)?.extension).toBe('xlsx');
  });
});

describe('safeDisplayName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Windows\\system.ini', 'system.ini'],
    ['a\u0000b.pdf', 'ab.pdf'],
    ['..', 'attachment'],
    ['.htaccess', 'htaccess'],
    ['', 'attachment'],
    [undefined, 'attachment'],
    ['报告"<x>".pdf', '报告x.pdf'],
    ['x'.repeat(300), 'x'.repeat(120)],
  ])('%j → %j', (raw, shown) => {
    expect(safeDisplayName(raw)).toBe(shown);
  });
});

describe('contentDisposition', () => {
  it('always says attachment, with an ASCII fallback and the UTF-8 name', () => {
    // 证明 is E8 AF 81 E6 98 8E in UTF-8.
    expect(contentDisposition('证明.pdf')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E8%AF%81%E6%98%8E.pdf`);
  });
});
