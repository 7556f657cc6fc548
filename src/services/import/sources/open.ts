/**
 * Open a source in the format detected: CSV streams, XLSX and JSON are read whole.
 */
import iconv from 'iconv-lite';
import { VitalsError } from '../../../core/errors.js';
import { chooseEncoding, openBytes, type ScanResult } from '../detect.js';
import type { ProblemList } from '../problems.js';
import type { EncodingChoice, Dhis2IdMap, ImportFormat, ImportSource, TextEncoding } from '../types.js';
import { openCsv } from './csv.source.js';
import { openJson } from './json.source.js';
import type { ParsedSource } from './table.js';
import { openXlsx } from './xlsx.source.js';

export interface OpenedSource {
  readonly format: ImportFormat;
  readonly encoding?: TextEncoding;
  /** Undefined when no header row was found. */
  readonly parsed: ParsedSource | undefined;
}

async function readAll(source: ImportSource): Promise<Buffer> {
  if (source.bytes) return Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength);
  const parts: Buffer[] = [];
  for await (const chunk of openBytes(source)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export interface OpenOptions {
  readonly encoding?: EncodingChoice;
  readonly sheet?: string;
  readonly idMap?: Dhis2IdMap;
}

export async function openSource(source: ImportSource, scan: ScanResult, format: ImportFormat, problems: ProblemList, options: OpenOptions): Promise<OpenedSource> {
  if (format === 'xlsx') return { format, parsed: await openXlsx(await readAll(source), options.sheet) };
  const encoding = chooseEncoding(scan, options.encoding);
  if (format === 'csv') return { format, encoding, parsed: await openCsv(openBytes(source), encoding, scan.head) };
  const bytes = await readAll(source);
  if (bytes.length === 0) throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'the file is empty' });
  // iconv-lite drops the byte-order mark, which JSON.parse would refuse.
  const opened = openJson(iconv.decode(bytes, encoding), format, problems, options.idMap);
  return { format: opened.format, encoding, parsed: opened.source };
}
