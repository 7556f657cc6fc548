/**
 * Metadata: regions (the whole tree is loaded once and cached — about 3,200 nodes down to
 * counties — so that the region picker can search it locally), frameworks, indicators, targets.
 */
import type { Static } from '@sinclair/typebox';
import type { FrameworkDetail, FrameworkView, IndicatorView, ParsedWordingView, RegionTreeNode, TargetView } from '../../../src/http/schemas/metadata.schema.js';
import { api } from './client.js';
import type { Page } from './endpoints.js';
import type { RegionNode } from './types.js';

export type Framework = Static<typeof FrameworkView>;
export type FrameworkDetailView = Static<typeof FrameworkDetail>;
export type Indicator = Static<typeof IndicatorView>;
export type Target = Static<typeof TargetView>;
export type ParsedWording = Static<typeof ParsedWordingView>;
type TreeNode = Static<typeof RegionTreeNode> & { children?: TreeNode[] };

let regionCache: Promise<RegionNode[]> | null = null;

function flatten(node: TreeNode, parent: string | null, out: RegionNode[]): void {
  out.push({ code: node.code, name: { zh: node.name, ...(node.nameEn ? { en: node.nameEn } : {}) }, level: node.level, parent });
  for (const child of node.children ?? []) flatten(child, node.code, out);
}

export const metadata = {
  /** Provinces, prefectures and counties (the nation itself is left out of the picker). */
  regions(): Promise<RegionNode[]> {
    regionCache ??= api.get<TreeNode>('/regions/tree', { root: '000000', depth: 3 }).then(
      (tree) => {
        const out: RegionNode[] = [];
        for (const child of tree.children ?? []) flatten(child, null, out);
        return out;
      },
      (error) => {
        regionCache = null;
        throw error;
      },
    );
    return regionCache;
  },
  frameworks: () => api.get<Page<Framework> | Framework[]>('/frameworks', { limit: 100 }),
  framework: (code: string) => api.get<FrameworkDetailView>(`/frameworks/${encodeURIComponent(code)}`),
  indicators: (query: { q?: string; framework?: string; limit?: number } = {}) => api.get<Page<Indicator> | Indicator[]>('/indicators', { limit: 500, ...query }),
  indicator: (code: string) => api.get<Indicator>(`/indicators/${encodeURIComponent(code)}`),
  targets: (query: { framework?: string; indicator?: string; limit?: number }) => api.get<Page<Target> | Target[]>('/targets', { limit: 500, ...query }),
  parseWording: (wording: string, indicator?: string, milestoneYear?: number) =>
    api.post<ParsedWording>('/targets/parse-wording', { wording, ...(indicator ? { indicator } : {}), ...(milestoneYear ? { milestoneYear } : {}) }),
  createTarget: (body: unknown) => api.post<Target>('/targets', body),
};
