/**
 * Content sniffing for evidence uploads: the type comes from the file's own bytes, checked
 * against an allow-list, never from the client's Content-Type or the file name's extension.
 * Office files are ZIP containers; they are told apart by the part names inside
 * (`word/…` for .docx, `xl/…` for .xlsx); any other ZIP is refused.
 */

export interface SniffedType {
  readonly contentType: string;
  /** Extension for the download name. */
  readonly extension: string;
}

export const ALLOWED_TYPES: readonly SniffedType[] = [
  { contentType: 'application/pdf', extension: 'pdf' },
  { contentType: 'image/png', extension: 'png' },
  { contentType: 'image/jpeg', extension: 'jpg' },
  { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
];

const byExtension = (ext: string): SniffedType => ALLOWED_TYPES.find((t) => t.extension === ext)!;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/**
 * The allowed type of a file from its first and last bytes (64 KiB each are plenty), or null.
 * @example sniffContentType(Buffer.from('%PDF-1.7\n…')) → { contentType: 'application/pdf', … }
 */
export function sniffContentType(head: Uint8Array, tail: Uint8Array = head): SniffedType | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return byExtension('pdf'); // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return byExtension('png');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return byExtension('jpg');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Part names appear in the local headers (head) and the central directory (tail).
    const text = Buffer.from(head).toString('latin1') + Buffer.from(tail).toString('latin1');
    if (!text.includes('[Content_Types].xml')) return null;
    if (text.includes('word/document.xml')) return byExtension('docx');
    if (text.includes('xl/workbook.xml')) return byExtension('xlsx');
  }
  return null;
}

/**
 * A display name for a client-supplied file name: the last path segment, without control
 * characters, at most 120 characters. It is only ever shown and sent in Content-Disposition;
 * storage paths come from the SHA-256 alone.
 * @example safeDisplayName('../../etc/passwd') === 'passwd'; safeDisplayName('a\u0000b.pdf') === 'ab.pdf'
 */
export function safeDisplayName(raw: string | undefined): string {
  const last = String(raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 120);
  return clean === '' ? 'attachment' : clean;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
