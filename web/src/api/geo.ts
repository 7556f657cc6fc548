/** Schematic boundary layers (GET /geo/:region → GeoJSON of the region's children), cached. */
import { api } from './client.js';

const cache = new Map<string, Promise<unknown>>();

export function childBoundaries(region: string): Promise<unknown> {
  let hit = cache.get(region);
  if (!hit) {
    hit = api.get<unknown>(`/geo/${region}`).catch((error) => {
      cache.delete(region);
      throw error;
    });
    cache.set(region, hit);
  }
  return hit;
}
