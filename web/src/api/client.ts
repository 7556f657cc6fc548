/**
 * The one way the app talks to the server: `/api/v1`, the session cookie (same origin), the
 * CSRF token on every state-changing request, the reader's language, and the uniform error
 * body turned into `ApiError`. The server decides every permission; the client only reacts
 * to 401/403 answers.
 */
import { currentLocale } from '../i18n/index.js';

export const API_BASE = '/api/v1';

/** `{ error: { code, message, messages, details } }` from src/http/errors.ts. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly endpoint?: string,
  ) {
    super(message);
  }

  /** The endpoint does not exist on this server (yet). */
  get missingEndpoint(): boolean {
    // The not-found handler names the request itself ("GET /api/v1/…"); a missing record names the record.
    return this.status === 404 && this.code === 'VITALS_E_NOT_FOUND' && /(GET|POST|PUT|PATCH|DELETE) \/api\//.test(this.message);
  }
}

const CSRF_STORAGE = 'vitals.csrf';
let csrfToken: string | null = (() => {
  try {
    return sessionStorage.getItem(CSRF_STORAGE);
  } catch {
    return null;
  }
})();

/** Remember the CSRF token the server handed out at login (or in /auth/session). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
  try {
    if (token) sessionStorage.setItem(CSRF_STORAGE, token);
    else sessionStorage.removeItem(CSRF_STORAGE);
  } catch {
    /* storage unavailable: the in-memory copy serves this page */
  }
}

/** A readable CSRF cookie (double-submit) wins over the stored copy when the server sets one. */
function csrfFromCookie(): string | null {
  const match = /(?:^|;\s*)(vitals_csrf|csrf_token|XSRF-TOKEN)=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[2]!) : null;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Record<string, string | number | boolean | null | undefined | readonly string[]>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Return the raw Response (downloads). */
  readonly raw?: boolean;
}

let unauthenticatedHandler: (() => void) | null = null;
/** Called on 401 so the shell can show the login page. */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const token = csrfFromCookie() ?? csrfToken;
    if (token) headers['X-CSRF-Token'] = token;
  }
  const url = buildUrl(path, options.query);
  const response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  if (!response.ok) throw await toApiError(response, `${method} ${path}`);
  if (options.raw) return response as unknown as T;
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

async function toApiError(response: Response, endpoint: string): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText;
  let details: unknown;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; messages?: Record<string, string>; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.messages?.[currentLocale] ?? body.error.message ?? message;
      details = body.error.details;
    }
  } catch {
    /* not JSON: keep the status text */
  }
  if (response.status === 401 && !endpoint.includes('/auth/login')) unauthenticatedHandler?.();
  return new ApiError(response.status, code, message, details, endpoint);
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

/** Download a file from the API (Excel exports and templates) with the session and CSRF. */
export async function download(path: string, query: RequestOptions['query'], fallbackName: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<void> {
  const response = await request<Response>(path, { query, raw: true, method, body });
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]!) : plain ? plain[1]! : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
