/**
 * Reading shipped content files. Content lives in `content/` at the repository root (an
 * installed app has only the repository), or wherever `VITALS_CONTENT_DIR` points.
 * Loaders are synchronous: the files are small and read once at start or on reload.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { VitalsError } from '../core/errors.js';

/** Options every loader accepts. */
export interface ContentOptions {
  /** Content directory; defaults to `VITALS_CONTENT_DIR` or the repository's `content/`. */
  readonly dir?: string;
}

const REPO_CONTENT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'content');

/** The content directory to read from. */
export function contentDir(options: ContentOptions = {}): string {
  return options.dir ?? process.env.VITALS_CONTENT_DIR ?? REPO_CONTENT;
}

function readBytes(dir: string, file: string): Buffer {
  const path = join(dir, file);
  if (!existsSync(path)) throw new VitalsError('VITALS_E_NOT_FOUND', { what: `content file ${file} (in ${dir})` });
  return readFileSync(path);
}

/** A UTF-8 text file (BOM stripped); `.gz` files are decompressed first. */
export function readContentText(dir: string, file: string): string {
  const bytes = readBytes(dir, file);
  const raw = file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  return raw.toString('utf8').replace(/^\uFEFF/, '');
}

/** A CSV file with a header row, as records of trimmed strings. CRLF and BOM are accepted. */
export function readContentCsv(dir: string, file: string): Record<string, string>[] {
  const text = readContentText(dir, file);
  try {
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail: `${file}: ${(error as Error).message}` });
  }
}

/** A YAML file as plain data; a syntax error names the file, line and column. */
export function readContentYaml(dir: string, file: string): unknown {
  const doc = parseDocument(readContentText(dir, file), { prettyErrors: true });
  if (doc.errors.length > 0) {
    const detail = doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`).join('; ');
    throw new VitalsError('VITALS_E_INVALID_CONFIG', { detail }, doc.errors);
  }
  return doc.toJS();
}
