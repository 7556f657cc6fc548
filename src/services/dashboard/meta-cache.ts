/**
 * A short-lived, per-database cache of the metadata every dashboard read looks up (frameworks,
 * their indicators and groups, indicator definitions, evaluation settings). Dashboards are read
 * far more often than plans are edited: a read may see a metadata edit up to `METADATA_TTL_MS`
 * late, never a data change late (figures are not cached). Keyed by the Kysely instance, so a
 * transaction or another database never shares entries.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

/** How long a metadata entry is reused. */
export const METADATA_TTL_MS = 2_000;
const MAX_ENTRIES = 2_000;

const caches = new WeakMap<Kysely<DB>, Map<string, { readonly at: number; readonly value: Promise<unknown> }>>();

/** `load()` once per `key` and TTL for this database; a failed load is not kept. */
export function cachedMetadata<T>(db: Kysely<DB>, key: string, load: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return load();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < METADATA_TTL_MS) return hit.value as Promise<T>;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = load();
  cache.set(key, { at: now, value });
  value.catch(() => cache!.delete(key));
  return value;
}
