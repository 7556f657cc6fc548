/**
 * Evidence attachments over HTTP: type by content (not by name or claimed type), size limits
 * (413), path-like names that cannot escape storage, content-addressed storage, and downloads
 * that are never served with a guessed type.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type ApiClient, type TestServer } from './helpers.js';
import { FORM, seedReporting } from './reporting.fixtures.js';

const UPLOAD_LIMIT = 8 * 1024;
let server: TestServer;
let reporter: ApiClient;
let outsider: ApiClient;
let analyst: ApiClient;
const form = `/datasets/${FORM}/forms/130102/2025M01`;

beforeAll(async () => {
  server = await startTestServer({ seed: (db) => seedReporting(db), start: new Date('2025-02-05T01:00:00Z'), config: { uploadLimit: UPLOAD_LIMIT } });
  [reporter, outsider, analyst] = await Promise.all([
    loginAs(server, { username: 'reporter', roles: ['reporter'], captureScope: ['130102'] }),
    loginAs(server, { username: 'outsider', roles: ['reporter'], captureScope: ['130202'] }),
    loginAs(server, { username: 'analyst', roles: ['analyst'], viewScope: ['130100'] }),
  ]);
});
afterAll(() => server?.close());

/** POST one file as multipart/form-data with the client's cookies and CSRF header. */
async function upload(client: ApiClient, bytes: Uint8Array, fileName: string, claimedType: string, path = `${form}/attachments`) {
  const body = new FormData();
  body.append('file', new Blob([bytes], { type: claimedType }), fileName);
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.csrfToken ?? '', 'accept-language': 'en' },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('evidence attachments', () => {
  it('stores a PDF content-addressed under a sanitised name, whatever the client claims', async () => {
    const res = await upload(reporter, pdf, '../../etc/passwd', 'text/html');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'application/pdf', fileName: 'passwd', sizeBytes: pdf.length, sha256: sha(pdf) });
    const stored = join(server.config.dataDir, 'attachments', sha(pdf).slice(0, 2), sha(pdf).slice(2, 4), sha(pdf));
    expect(readFileSync(stored)).toEqual(pdf);
    // Nothing was written outside the attachment store.
    expect(readdirSync(server.config.dataDir)).toEqual(['attachments']);

    const download = await fetch(`${server.url}/api/v1/attachments/${res.body.id}`, { headers: { cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
  });

  it('never lets a name reach the file system: absolute paths, NUL bytes, Windows paths', async () => {
    for (const [name, shown] of [['/etc/shadow', 'shadow'], ['C:\\Windows\\system.ini', 'system.ini'], ['证明\u0000.pdf', '证明.pdf'], ['..', 'attachment']] as const) {
      const bytes = Buffer.concat([pdf, Buffer.from(`% ${name}\n`)]);
      const res = await upload(reporter, bytes, name, 'application/pdf');
      expect(res.status).toBe(201);
      expect(res.body.fileName).toBe(shown);
      expect(existsSync(join(server.config.dataDir, 'attachments', res.body.sha256.slice(0, 2), res.body.sha256.slice(2, 4), res.body.sha256))).toBe(true);
    }
    expect(existsSync('/etc/shadow.pdf')).toBe(false);
    const list = await reporter.get(`${form}/attachments`);
    expect(list.body.items.map((a: { fileName: string }) => a.fileName)).toEqual(['passwd', 'shadow', 'system.ini', '证明.pdf', 'attachment']);
  });

  it('sniffs the type from the bytes: HTML called .pdf and a plain ZIP are refused, a real XLSX is accepted', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    let res = await upload(reporter, html, 'report.pdf', 'application/pdf');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('VITALS_E_UNSUPPORTED_FORMAT');
    // A ZIP local-file header with an arbitrary entry name.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('evil.exe')]);
    res = await upload(reporter, zip, 'data.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status).toBe(415);

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('佐证').addRow(['活产数', 300]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    res = await upload(reporter, xlsx, '活产登记.xlsx', 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('rejects oversized uploads with 413, whether announced or discovered while streaming', async () => {
    // Just over the limit: the request is small enough to be read, the file is cut at the limit.
    let res = await upload(reporter, Buffer.concat([pdf, Buffer.alloc(UPLOAD_LIMIT)]), 'big.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('VITALS_E_PAYLOAD_TOO_LARGE');
    // Far over: refused from Content-Length before the body is read.
    res = await upload(reporter, Buffer.concat([pdf, Buffer.alloc(200 * 1024)]), 'huge.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(readdirSync(join(server.config.dataDir, 'attachments', 'tmp'))).toEqual([]);
  });

  it('keeps attachments inside the scope and refuses changes to a locked form', async () => {
    expect((await upload(outsider, pdf, 'x.pdf', 'application/pdf')).status).toBe(403);
    expect((await upload(analyst, pdf, 'x.pdf', 'application/pdf')).status).toBe(403);
    const list = await reporter.get(`${form}/attachments`);
    const id = list.body.items[0].id;
    expect((await outsider.get(`/attachments/${id}`)).status).toBe(403);
    expect((await server.anonymous().get(`/attachments/${id}`)).status).toBe(401);

    const submitted = await reporter.post(`${form}/workflow`, { action: 'submit', expectedVersion: 0 });
    expect(submitted.status).toBe(200);
    const res = await upload(reporter, pdf, 'late.pdf', 'application/pdf');
    expect(res.status).toBe(423);
    expect((await reporter.delete(`/attachments/${id}`)).status).toBe(423);
  });
});
