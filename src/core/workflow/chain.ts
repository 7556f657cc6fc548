/** Approval chains: which levels approve a region's data, in which order. */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { ALL_REGION_LEVELS, REGION_LEVEL_RANK } from '../region/index.js';
import type { RegionLevel } from '../region/types.js';
import type { DataSetWorkflow } from './types.js';

/**
 * Validate a workflow configuration: at least one level, geographic levels only, each level
 * strictly coarser than the one before (prefecture then province, never the reverse).
 * @throws VITALS_E_INVALID_CONFIG listing every problem
 */
export function parseDataSetWorkflow(raw: unknown): DataSetWorkflow {
  const d = new Diagnostics(['workflow']);
  const workflow = checkDataSetWorkflow(raw, d);
  d.throwIfAny();
  return workflow;
}

/** `parseDataSetWorkflow` reporting into a collector instead of throwing (for data set parsing). */
export function checkDataSetWorkflow(raw: unknown, d: Diagnostics): DataSetWorkflow {
  const levels = (raw as { approvalLevels?: unknown } | null | undefined)?.approvalLevels;
  if (!Array.isArray(levels) || levels.length === 0) {
    d.error('VITALS_E_INVALID_CONFIG', 'approvalLevels must list at least one region level, e.g. ["prefecture", "province"]');
    return { approvalLevels: [] };
  }
  levels.forEach((level, i) => {
    if (!ALL_REGION_LEVELS.includes(level as RegionLevel) || level === 'unit') {
      d.error('VITALS_E_INVALID_CONFIG', `approvalLevels[${i}] ${JSON.stringify(level)} is not a geographic region level`);
    } else if (i > 0 && ALL_REGION_LEVELS.includes(levels[i - 1] as RegionLevel)) {
      const previous = levels[i - 1] as RegionLevel;
      if (REGION_LEVEL_RANK[level as RegionLevel] >= REGION_LEVEL_RANK[previous]) {
        d.error('VITALS_E_INVALID_CONFIG', `approvalLevels[${i}] ${level} must be above ${previous} (levels approve from the finest up)`);
      }
    }
  });
  return { approvalLevels: levels.filter((level) => ALL_REGION_LEVELS.includes(level as RegionLevel)) as RegionLevel[] };
}

/**
 * The approval steps for data of a region at `regionLevel`: the configured levels strictly
 * above it, in order. County data with `['prefecture', 'province']` → both; prefecture data → `['province']`.
 */
export function approvalChain(workflow: DataSetWorkflow, regionLevel: RegionLevel): RegionLevel[] {
  const rank = REGION_LEVEL_RANK[regionLevel];
  return workflow.approvalLevels.filter((level) => REGION_LEVEL_RANK[level] < rank);
}

/**
 * `approvalChain`, but a region with no level above it in the configuration cannot be
 * approved by anyone: that is a configuration error, raised rather than silently finalised.
 * @throws VITALS_E_INVALID_CONFIG
 */
export function requireApprovalChain(workflow: DataSetWorkflow, regionLevel: RegionLevel): RegionLevel[] {
  const chain = approvalChain(workflow, regionLevel);
  if (chain.length === 0) {
    throw new VitalsError('VITALS_E_INVALID_CONFIG', {
      detail: `no approval level above ${regionLevel} in [${workflow.approvalLevels.join(', ')}]`,
    });
  }
  return chain;
}
