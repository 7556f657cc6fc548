/**
 * Delimited text, streamed: bytes → iconv-lite decoder (UTF-8/GB18030/UTF-16, BOM removed) →
 * csv-parse → rows. Only the first rows are held (to find the header); the rest flow through.
 * Row numbers count every record, blank ones included, so they match what Excel shows.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { VitalsError } from '../../../core/errors.js';
import { text, type Cell, type RawRow } from '../cells.js';
import { detectDelimiter } from '../detect.js';
import type { TextEncoding } from '../types.js';
import { HEADER_SEARCH_ROWS, splitHeader, toRawRow, type ParsedSource } from './table.js';

const ICONV_NAME: Record<TextEncoding, string> = { utf8: 'utf8', gb18030: 'gb18030', utf16le: 'utf16le', utf16be: 'utf16be' };

/** Decode the first bytes to judge the delimiter. */
export function decodeSample(head: Buffer, encoding: TextEncoding): string {
  return iconv.decode(head, ICONV_NAME[encoding]);
}

function cellsOf(record: readonly string[]): (Cell | undefined)[] {
  return record.map((v) => (v === '' ? undefined : text(v)));
}

/** Open a delimited text stream; resolves once the header is known (undefined when none is found). */
export async function openCsv(bytes: Readable, encoding: TextEncoding, head: Buffer): Promise<ParsedSource | undefined> {
  const delimiter = detectDelimiter(decodeSample(head, encoding));
  const parser = bytes.pipe(iconv.decodeStream(ICONV_NAME[encoding])).pipe(
    parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }),
  );
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let rowNumber = 0;
  // A record csv-parse cannot read (an unclosed quote) ends the file; its message names the line.
  const iterator = {
    next: async (): Promise<IteratorResult<string[]>> => {
      try {
        return await records.next();
      } catch (error) {
        throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: `cannot read the file as CSV: ${(error as Error).message}` });
      }
    },
  };
  const first: { row: number; cells: (Cell | undefined)[] }[] = [];
  while (first.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    first.push({ row: ++rowNumber, cells: cellsOf(next.value) });
  }
  const split = splitHeader(first);
  if (!split) {
    parser.destroy();
    bytes.destroy();
    return undefined;
  }
  const { mapping, headerRow, rest } = split;
  async function* rows(): AsyncGenerator<RawRow> {
    for (const r of rest) {
      const raw = toRawRow(r.row, r.cells, mapping);
      if (raw) yield raw;
    }
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const raw = toRawRow(++rowNumber, cellsOf(next.value), mapping);
      if (raw) yield raw;
    }
  }
  return { labels: mapping.labels, headerRow, ignored: [...mapping.ignored, ...mapping.repeated], rows: rows() };
}
