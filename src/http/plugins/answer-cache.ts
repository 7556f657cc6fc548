/**
 * A per-process cache of serialised read answers (issue 6: dashboard p95 under load).
 *
 * An answer is stored as the exact bytes sent, with its ETag, under a key the caller builds
 * from everything the answer depends on: the route, the normalised query, the caller's scope
 * and the **data epoch** (storage/repositories/dashboard.epoch.ts), read per request on the
 * connection that would answer. A committed change of the data changes the epoch, so the next
 * request misses and recomputes: the cache never shows a figure later than without it.
 *
 * - Byte-bounded LRU: entries are evicted least recently used first once `maxBytes` is passed;
 *   an answer larger than a quarter of the bound is never stored.
 * - Concurrent misses of one key compute once (single flight).
 * - `ttlMs` bounds how long an entry serves without recomputation even when the epoch stands
 *   still (metadata — names, targets' wording — is not in the epoch). An expired entry still
 *   answers while one background recomputation replaces it (stale-while-revalidate), so an
 *   expiry never stalls every connection behind one slow computation.
 * - Only 200 answers are stored: errors propagate to the callers and are not kept.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The default byte bound (64 MiB). */
export const ANSWER_CACHE_BYTES = 64 * 1024 * 1024;
/** The default lifetime of an entry without recomputation (ms). */
export const ANSWER_CACHE_TTL_MS = 2_000;
/** Bookkeeping counted per entry besides its body and key (Map slot, object, ETag). */
const ENTRY_OVERHEAD = 160;

export interface CachedAnswer {
  readonly body: Buffer;
  readonly etag: string;
  /** `now()` when computed. */
  readonly storedAt: number;
}

export interface AnswerCacheOptions {
  readonly maxBytes?: number;
  readonly ttlMs?: number;
  /** Clock (ms); tests pass their own. */
  readonly now?: () => number;
}

export interface AnswerCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

/** A strong ETag of a body: its SHA-1 (base64url, 22 chars) and length. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}-${body.length.toString(36)}"`;
}

/** Whether an `If-None-Match` header names this ETag (a list, weak forms and `*` included). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const tag = part.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export class AnswerCache {
  readonly maxBytes: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, CachedAnswer>();
  private readonly inFlight = new Map<string, Promise<CachedAnswer>>();
  private bytesUsed = 0;
  private counts = { hits: 0, misses: 0, evictions: 0 };

  constructor(options: AnswerCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? ANSWER_CACHE_BYTES;
    this.ttlMs = options.ttlMs ?? ANSWER_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  stats(): AnswerCacheStats {
    return { entries: this.entries.size, bytes: this.bytesUsed, ...this.counts };
  }

  /** The entry, marked most recently used; undefined when absent. */
  peek(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Store an entry (replacing one of the same key), then evict down to the bound. */
  put(key: string, entry: CachedAnswer): void {
    this.remove(key);
    const size = sizeOf(key, entry);
    if (size > this.maxBytes / 4) return;
    this.entries.set(key, entry);
    this.bytesUsed += size;
    for (const [oldest] of this.entries) {
      if (this.bytesUsed <= this.maxBytes) break;
      this.remove(oldest);
      this.counts.evictions++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytesUsed = 0;
  }

  /**
   * The answer of `key`: a fresh entry; else an expired one while `compute` replaces it in the
   * background; else `compute()` now, shared by every concurrent caller of the key.
   */
  async get(key: string, compute: () => Promise<Buffer>): Promise<CachedAnswer> {
    const entry = this.peek(key);
    if (entry) {
      this.counts.hits++;
      if (this.now() - entry.storedAt >= this.ttlMs) this.fill(key, compute).catch(() => undefined);
      return entry;
    }
    this.counts.misses++;
    return this.fill(key, compute);
  }

  private fill(key: string, compute: () => Promise<Buffer>): Promise<CachedAnswer> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = this.now();
    const promise = compute().then((body) => {
      const entry: CachedAnswer = { body, etag: etagOf(body), storedAt: started };
      this.put(key, entry);
      return entry;
    });
    this.inFlight.set(key, promise);
    const done = () => this.inFlight.delete(key);
    promise.then(done, done);
    return promise;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytesUsed -= sizeOf(key, entry);
  }
}

function sizeOf(key: string, entry: CachedAnswer): number {
  return entry.body.length + key.length * 2 + ENTRY_OVERHEAD;
}

/**
 * Shares one lookup among the callers that ask for the same key before it is issued: the
 * lookup runs at the next turn of the event loop (`setImmediate`), so it starts after every
 * caller that joined it arrived and reflects every commit those callers could have seen. Under
 * load, the requests of one turn then cost one epoch query instead of one each.
 */
export class NextTurnBatch<T> {
  private readonly queued = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    const waiting = this.queued.get(key);
    if (waiting) return waiting;
    const promise = new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        this.queued.delete(key);
        load().then(resolve, reject);
      });
    });
    this.queued.set(key, promise);
    return promise;
  }
}

/** A stable text of a validated query: keys sorted, values as given (JSON, so no separator can be forged). */
export function normaliseQuery(query: unknown): string {
  const q = (query ?? {}) as Record<string, unknown>;
  return JSON.stringify(Object.keys(q).filter((k) => q[k] !== undefined).sort().map((k) => [k, q[k]]));
}

/**
 * Answer a GET from the cache: `compute` yields the view object, serialised with the route's
 * 200 response schema. Sends the bytes with an ETag, or 304 when `If-None-Match` names it.
 * `Cache-Control: private, no-cache`: browsers keep the answer but revalidate it every time.
 */
export async function sendCached(cache: AnswerCache, key: string, request: FastifyRequest, reply: FastifyReply, compute: () => Promise<unknown>): Promise<FastifyReply> {
  const serialise = (reply.getSerializationFunction('200') as ((value: unknown) => string) | undefined) ?? ((value: unknown) => JSON.stringify(value));
  const answer = await cache.get(key, async () => Buffer.from(serialise(await compute()), 'utf8'));
  reply.header('etag', answer.etag).header('cache-control', 'private, no-cache');
  if (matchesIfNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(answer.body);
}
