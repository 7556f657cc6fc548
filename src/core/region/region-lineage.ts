/**
 * Lineage: following predecessor → successor links to find the regions that cover the same
 * ground on another date. Split (one → many), merge (many → one) and rename (one → one, new
 * code) are all edges of one directed graph; the answer says whether it is an exact
 * equivalent (same ground) or only an overlap.
 */
import { isActiveAt } from './region-dates.js';
import type { Region } from './types.js';

/** What `RegionTree.currentEquivalent` returns. */
export interface LineageEquivalent {
  /** Regions active on the requested day that cover the ground of the queried region (sorted). */
  readonly codes: readonly string[];
  /**
   * True when `codes` together cover exactly the queried region's ground: every link followed
   * was a clean hand-over (predecessor ended the day the successor began) and no outside
   * region shares a successor or predecessor. A split seen from one of its parts, a partial
   * cession, or an absorption into an existing region is not exact.
   */
  readonly exact: boolean;
  /** `same`: the region itself is active; `forward`: followed successors; `backward`: predecessors. */
  readonly direction: 'same' | 'forward' | 'backward';
  /** Intermediate regions passed through (neither the start nor the answer). */
  readonly via: readonly string[];
}

/** The minimum the lineage walk needs from a tree. */
export interface LineageIndex {
  get(code: string): Region | undefined;
  successorCodes(code: string): readonly string[];
}

function predecessorCodes(region: Region): readonly string[] {
  return region.predecessors ?? [];
}

/** A hand-over is clean when the predecessor ends exactly when the successor begins. */
function cleanEdge(predecessor: Region, successor: Region): boolean {
  return predecessor.validTo !== null && predecessor.validTo === successor.validFrom;
}

/**
 * Regions active on `iso` that cover the ground of `code`, following lineage forward (the
 * region had ended by then) or backward (it did not exist yet). See `LineageEquivalent`.
 */
export function lineageEquivalentAt(index: LineageIndex, start: Region, iso: string): LineageEquivalent {
  if (isActiveAt(start, iso)) return { codes: [start.code], exact: true, direction: 'same', via: [] };
  const forward = start.validTo !== null && iso >= start.validTo;
  const direction = forward ? 'forward' : 'backward';
  const next = (r: Region) => (forward ? index.successorCodes(r.code) : predecessorCodes(r));
  const back = (r: Region) => (forward ? predecessorCodes(r) : index.successorCodes(r.code));

  let exact = true;
  const visited = new Map<string, Region>([[start.code, start]]);
  const answer: string[] = [];
  const queue: Region[] = [start];
  while (queue.length > 0) {
    const region = queue.shift()!;
    if (region !== start && isActiveAt(region, iso)) {
      answer.push(region.code);
      continue;
    }
    const following = next(region);
    // A dead end (abolished without successor, or a gap in time) loses ground.
    if (following.length === 0) exact = false;
    for (const code of following) {
      const other = index.get(code);
      if (!other) {
        exact = false;
        continue;
      }
      if (!(forward ? cleanEdge(region, other) : cleanEdge(other, region))) exact = false;
      // Walking forward past `iso` (or backward before it) would overshoot: a gap in time.
      const overshoot = forward ? other.validFrom > iso : other.validTo !== null && other.validTo <= iso;
      if (overshoot) {
        exact = false;
        continue;
      }
      if (!visited.has(code)) {
        visited.set(code, other);
        queue.push(other);
      }
    }
  }
  // Closure: any visited region that also draws ground from (or gives ground to) a region
  // outside the walk means the answer covers a different area.
  for (const region of visited.values()) {
    if (region === start) continue;
    if (back(region).some((code) => !visited.has(code))) exact = false;
  }
  if (answer.length === 0) exact = false;
  const answered = new Set(answer);
  const via = [...visited.keys()].filter((code) => code !== start.code && !answered.has(code)).sort();
  return { codes: answer.sort(), exact, direction, via };
}
