/**
 * Test fixtures: actors placed in the fixture region tree (../region/region.fixtures.ts).
 * 河北省 130000 → 石家庄市 130100 → 长安区 130102 (→ 建北街道 130102001, hospital 130102-H001),
 * 桥西区 130104; 张家口市 130700; 北京市 110000.
 */
import { buildRegionTree } from '../region/index.js';
import { FIXTURE_REGIONS } from '../region/region.fixtures.js';
import { PUBLIC_ACTOR } from './identity.js';
import type { Actor, Role } from './types.js';

export const TREE = buildRegionTree(FIXTURE_REGIONS);

function actor(id: string, roles: Role[], captureScope: string[], viewScope: string[] = captureScope): Actor {
  return { id, roles, captureScope, viewScope };
}

export const ACTORS = {
  reporterChangan: actor('reporter-changan', ['reporter'], ['130102']),
  reporterShijiazhuang: actor('reporter-sjz', ['reporter'], ['130100']),
  /** The county-level reviewer: submits 长安区's data. */
  reviewerChangan: actor('reviewer-changan', ['reviewer'], ['130102']),
  reviewerShijiazhuang: actor('reviewer-sjz', ['reviewer'], ['130100']),
  reviewerZhangjiakou: actor('reviewer-zjk', ['reviewer'], ['130700']),
  reviewerHebei: actor('reviewer-hebei', ['reviewer'], ['130000']),
  reviewerBeijing: actor('reviewer-beijing', ['reviewer'], ['110000']),
  reviewerNation: actor('reviewer-nation', ['reviewer'], ['000000']),
  /** One person who both enters and reviews at the city level. */
  officerShijiazhuang: actor('officer-sjz', ['reporter', 'reviewer'], ['130100']),
  analystHebei: actor('analyst-hebei', ['analyst'], [], ['130000']),
  plannerHebei: actor('planner-hebei', ['planner'], ['130000']),
  admin: actor('admin', ['admin'], [], ['000000']),
  public: PUBLIC_ACTOR,
} satisfies Record<string, Actor>;

export type ActorName = keyof typeof ACTORS;
