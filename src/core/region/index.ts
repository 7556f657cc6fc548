/** Regions: codes, the effective-dated hierarchy, lineage and name resolution. */
export { NATION_CODE, REGION_LEVELS, type Region, type RegionLevel } from './types.js';
export {
  ALL_REGION_LEVELS,
  REGION_LEVEL_RANK,
  descendantPrefix,
  inferRegionLevel,
  isGeographicLevel,
  isValidRegionCode,
  provinceCodeFromCode,
  validateRegionCode,
} from './region-code.js';
export { dayBefore, isActiveAt, isActiveAtClose, isActiveAtOpening, isActiveDuring, isIsoDate } from './region-dates.js';
export { RegionTree, type DescendantQuery } from './region-tree.js';
export { buildRegionTree } from './region-tree-build.js';
export type { LineageEquivalent } from './region-lineage.js';
export { resolveRegionName, type ResolveRegionOptions } from './region-name.js';
export { normalizeRegionName, stripRegionSuffix } from './region-name-key.js';
