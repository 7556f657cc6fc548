/**
 * First pass over the file, in constant memory: SHA-256 (for the import-batch table and
 * idempotency), whether the bytes are valid UTF-8 (otherwise a CSV is read as GB18030, the
 * encoding Chinese Excel saves in), a byte-order mark, and the first bytes for format sniffing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { VitalsError } from '../../core/errors.js';
import type { EncodingChoice, ImportFormat, ImportSource, TextEncoding } from './types.js';

const HEAD_BYTES = 64 * 1024;

export interface ScanResult {
  readonly hash: string;
  readonly size: number;
  /** The first bytes (up to 64 KiB). */
  readonly head: Buffer;
  /** Byte offset of the first invalid UTF-8 sequence, or undefined when the file is valid UTF-8. */
  readonly invalidUtf8At?: number;
  readonly bom?: TextEncoding;
}

/** A fresh stream of the source's bytes (call once per pass). */
export function openBytes(source: ImportSource): Readable {
  if (source.bytes) return Readable.from([Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength)]);
  if (!source.path) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'no file given' });
  return createReadStream(source.path, { highWaterMark: 256 * 1024 });
}

export function sourceName(source: ImportSource): string {
  return source.fileName ?? (source.path ? basename(source.path) : 'upload');
}

function bomOf(head: Buffer): TextEncoding | undefined {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  return undefined;
}

/** Hash the bytes and check UTF-8 validity in one streaming pass. */
export async function scanSource(source: ImportSource, onBytes?: (done: number) => void): Promise<ScanResult> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let invalidUtf8At: number | undefined;
  try {
    for await (const chunk of openBytes(source)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (headLength < HEAD_BYTES) {
        headParts.push(buf.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(buf.length, HEAD_BYTES - headLength);
      }
      if (invalidUtf8At === undefined) {
        try {
          decoder.decode(buf, { stream: true });
        } catch {
          invalidUtf8At = size;
        }
      }
      size += buf.length;
      onBytes?.(size);
    }
    if (invalidUtf8At === undefined) {
      try {
        decoder.decode();
      } catch {
        invalidUtf8At = size;
      }
    }
  } catch (error) {
    if (error instanceof VitalsError) throw error;
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `cannot read ${sourceName(source)}: ${(error as Error).message}` });
  }
  const head = Buffer.concat(headParts);
  const bom = bomOf(head);
  return { hash: hash.digest('hex'), size, head, ...(invalidUtf8At !== undefined ? { invalidUtf8At } : {}), ...(bom ? { bom } : {}) };
}

/**
 * The format: asked for, or sniffed from the bytes (a ZIP container is XLSX, `{`/`[` is JSON),
 * then from the extension. Old binary `.xls` is refused with a hint.
 */
export function detectFormat(fileName: string, head: Buffer, asked: ImportFormat | 'auto' = 'auto'): ImportFormat {
  if (asked !== 'auto') return asked;
  const ext = extname(fileName).toLowerCase();
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  // OLE2 compound file: Excel 97–2003.
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: `${fileName}: Excel 97–2003 .xls; save it as .xlsx (Excel 工作簿) or CSV` });
  }
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  const text = head.subarray(bomOf(head) === 'utf8' ? 3 : 0, 256).toString('utf8').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (ext === '.json') return 'json';
  if (['.csv', '.tsv', '.txt', ''].includes(ext)) return 'csv';
  if (ext === '.xls' || ext === '.xml' || ext === '.adx') {
    throw new VitalsError('VITALS_E_UNSUPPORTED_FORMAT', { detail: `${fileName}: use CSV, XLSX, JSON or DHIS2 dataValueSets JSON` });
  }
  return 'csv';
}

/**
 * The text encoding: a byte-order mark wins, then the choice; `auto` is UTF-8 when every byte
 * sequence is valid UTF-8 and GB18030 (a superset of GBK and GB2312) otherwise.
 * @throws VITALS_E_ENCODING when `utf8` is forced on bytes that are not UTF-8.
 */
export function chooseEncoding(scan: ScanResult, choice: EncodingChoice = 'auto'): TextEncoding {
  if (scan.bom) return scan.bom;
  if (choice === 'gb18030') return 'gb18030';
  if (choice === 'utf8') {
    if (scan.invalidUtf8At !== undefined) throw new VitalsError('VITALS_E_ENCODING', { encoding: 'UTF-8', offset: scan.invalidUtf8At });
    return 'utf8';
  }
  return scan.invalidUtf8At === undefined ? 'utf8' : 'gb18030';
}

/** Column delimiter of a delimited text file, judged from its first lines. */
export function detectDelimiter(sample: string): ',' | '\t' | ';' {
  const lines = sample.split(/\r?\n/).slice(0, 30);
  const count = (d: string) => lines.reduce((n, line) => n + line.split(d).length - 1, 0);
  const scores: [',' | '\t' | ';', number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  return scores[0]![1] > 0 ? scores[0]![0] : ',';
}
