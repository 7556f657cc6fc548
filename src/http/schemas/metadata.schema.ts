/** Schemas of the metadata routes: regions, periods, frameworks, indicators, targets. */
import { Type } from '@sinclair/typebox';
import { Body, LocalizedText, RegionCode } from './common.schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RegionLevelName = Type.Union(['nation', 'province', 'prefecture', 'county', 'township', 'unit'].map((l) => Type.Literal(l)));
export const PeriodTypeName = Type.Union(['year', 'half_year', 'quarter', 'month'].map((l) => Type.Literal(l)));

export const RegionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
  provinceCode: Type.String(),
  depth: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  statisticalOnly: Type.Boolean(),
});

export const RegionDetail = Type.Object({
  region: RegionView,
  /** Root first: nation, province, … parent. */
  ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() })),
  childCount: Type.Integer(),
  predecessors: Type.Array(Type.Object({ code: Type.String(), kind: Type.String(), effectiveDate: Type.String() })),
  successors: Type.Array(Type.Object({ code: Type.String(), kind: Type.String(), effectiveDate: Type.String() })),
});

export const RegionTreeNode = Type.Recursive(
  (Node) =>
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      level: Type.String(),
      /** Absent below the requested depth: load them with /regions/{code}/children. */
      children: Type.Optional(Type.Array(Node)),
      childCount: Type.Integer(),
    }),
  { $id: 'RegionTreeNode' },
);

export const PeriodView = Type.Object({
  code: Type.String(),
  type: Type.String(),
  year: Type.Integer(),
  index: Type.Integer(),
  /** First day (ISO date, inclusive). */
  start: Type.String(),
  /** First day after the period (ISO date, exclusive). */
  end: Type.String(),
  label: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
});

const ProvenanceSchema = Type.Object({
  source: Type.Object({
    document: Type.String({ minLength: 1, maxLength: 500 }),
    clause: Type.Optional(Type.String({ maxLength: 500 })),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  }),
  verification: Type.Union(
    ['confirmed_text', 'confirmed_text_tonghua_copy', 'confirmed_text_oriental_daily', 'confirmed_name_only', 'recalled_structure_confirmed', 'recalled_unverified', 'synthetic'].map((v) =>
      Type.Literal(v),
    ),
  ),
});

const Text = (max = 500) => Type.String({ minLength: 1, maxLength: max });
const LocalizedInput = Type.Object({ zh: Text(500), en: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const FrameworkView = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  name: LocalizedText,
  jurisdiction: Nullable(Type.String()),
  startYear: Nullable(Type.Integer()),
  endYear: Nullable(Type.Integer()),
  issuer: Nullable(Type.String()),
  document: Nullable(Type.String()),
  status: Type.String(),
});

export const FrameworkDetail = Type.Object({
  framework: FrameworkView,
  groups: Type.Array(Type.Object({ code: Type.String(), name: LocalizedText, parent: Type.Optional(Type.String()), sortOrder: Type.Optional(Type.Integer()) })),
  indicators: Type.Array(
    Type.Object({
      indicator: Type.String(),
      indicatorName: LocalizedText,
      unit: Type.String(),
      group: Type.Optional(Type.String()),
      label: Type.Optional(Type.String()),
      nature: Type.Optional(Type.String()),
      kind: Type.Optional(Type.String()),
      baseline: Type.Optional(Type.Object({ year: Type.Optional(Type.Integer()), value: Type.Optional(Type.Number()), text: Type.Optional(Type.String()) })),
      sortOrder: Type.Optional(Type.Integer()),
    }),
  ),
});

export const FrameworkBody = Body({
  code: Type.String({ pattern: '^[^\\s|]{1,64}$' }),
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  name: LocalizedInput,
  jurisdiction: RegionCode,
  startYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  endYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  parent: Type.Optional(Type.String({ maxLength: 64 })),
  issuer: Type.Optional(Type.String({ maxLength: 500 })),
  document: Type.Optional(Type.String({ maxLength: 1000 })),
  status: Type.Optional(Type.Union(['draft', 'active', 'superseded', 'archived'].map((s) => Type.Literal(s)))),
  provenance: Type.Optional(ProvenanceSchema),
});

export const FrameworkPatchBody = Body({
  name: Type.Optional(LocalizedInput),
  startYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  endYear: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100 })),
  issuer: Type.Optional(Type.String({ maxLength: 500 })),
  document: Type.Optional(Type.String({ maxLength: 1000 })),
  status: Type.Optional(Type.Union(['draft', 'active', 'superseded', 'archived'].map((s) => Type.Literal(s)))),
});

export const FrameworkGroupsBody = Body({
  groups: Type.Array(
    Body({ code: Type.String({ pattern: '^[^\\s|]{1,64}$' }), name: LocalizedInput, parent: Type.Optional(Type.String({ maxLength: 64 })), sortOrder: Type.Optional(Type.Integer()) }),
    { minItems: 1, maxItems: 500 },
  ),
});

export const FrameworkIndicatorsBody = Body({
  indicators: Type.Array(
    Body({
      indicator: Type.String({ maxLength: 64 }),
      group: Type.Optional(Type.String({ maxLength: 64 })),
      label: Type.Optional(Type.String({ maxLength: 100 })),
      nature: Type.Optional(Type.Union(['binding', 'expected', 'advocacy'].map((s) => Type.Literal(s)))),
      kind: Type.Optional(Type.Union(['outcome', 'process', 'government_work', 'advocacy'].map((s) => Type.Literal(s)))),
      baseline: Type.Optional(Body({ year: Type.Optional(Type.Integer()), value: Type.Optional(Type.Number()), text: Type.Optional(Type.String({ maxLength: 200 })) })),
      sortOrder: Type.Optional(Type.Integer()),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});

export const IndicatorView = Type.Object({
  code: Type.String(),
  name: LocalizedText,
  unit: Type.String(),
  polarity: Type.String(),
  periodType: Type.String(),
  aggregation: Type.String(),
  numerator: Type.Optional(Type.String()),
  denominator: Type.Optional(Type.String()),
  factor: Type.Optional(Type.Integer()),
  formula: Type.Optional(Type.String()),
  bounds: Type.Optional(Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) })),
  definition: Type.Optional(LocalizedText),
  source: Type.Optional(Type.String()),
  responsibleDepartment: Type.Optional(Type.String()),
  owner: Type.Optional(Type.String({ description: 'region whose planners may edit the definition' })),
});

const indicatorFields = {
  name: LocalizedInput,
  unit: Type.String({ maxLength: 50 }),
  polarity: Type.Union(['higher_is_better', 'lower_is_better', 'neutral'].map((s) => Type.Literal(s))),
  periodType: PeriodTypeName,
  aggregation: Type.Union(['sum', 'ratio_of_sums', 'population_weighted_mean', 'last_value', 'not_aggregatable'].map((s) => Type.Literal(s))),
  numerator: Type.Optional(Type.String({ maxLength: 2000 })),
  denominator: Type.Optional(Type.String({ maxLength: 2000 })),
  factor: Type.Optional(Type.Union([1, 100, 1000, 10000, 100000].map((f) => Type.Literal(f)))),
  formula: Type.Optional(Type.String({ maxLength: 2000 })),
  bounds: Type.Optional(Body({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) })),
  definition: Type.Optional(Body({ zh: Type.String({ maxLength: 5000 }), en: Type.Optional(Type.String({ maxLength: 5000 })) })),
  source: Type.Optional(Type.String({ maxLength: 1000 })),
  responsibleDepartment: Type.Optional(Type.String({ maxLength: 500 })),
};

export const IndicatorBody = Body({
  code: Type.String({ pattern: '^[^\\s|]{1,64}$' }),
  ...indicatorFields,
  ownerRegion: Type.Optional(RegionCode),
});

export const IndicatorPatchBody = Type.Partial(Type.Object(indicatorFields), { additionalProperties: false });

export const TargetScopeSchema = Type.Union([
  Body({ region: RegionCode }),
  Body({ level: RegionLevelName, within: Type.Optional(RegionCode) }),
]);

export const TargetView = Type.Object({
  id: Type.Integer(),
  framework: Type.String(),
  frameworkVersion: Type.Integer(),
  indicator: Type.String(),
  indicatorName: LocalizedText,
  unit: Type.String(),
  group: Nullable(Type.String()),
  scope: Type.Object({ region: Type.Optional(Type.String()), level: Type.Optional(Type.String()), within: Type.Optional(Type.String()) }),
  milestoneYear: Type.Integer(),
  kind: Type.String(),
  spec: Type.Unknown(),
  /** The plan's original wording, verbatim. */
  wording: Type.String(),
  baseline: Type.Optional(Type.Object({ year: Type.Integer(), value: Type.Optional(Type.Number()) })),
  source: Type.Object({ document: Type.String(), clause: Type.Optional(Type.String()), url: Type.Optional(Type.String()), note: Type.Optional(Type.String()) }),
  verification: Type.String(),
  /** True only when the figure was read in the source text itself. */
  verified: Type.Boolean(),
});

export const TargetBody = Body({
  framework: Type.String({ maxLength: 64 }),
  indicator: Type.String({ maxLength: 64 }),
  scope: TargetScopeSchema,
  milestoneYear: Type.Integer({ minimum: 1949, maximum: 2100 }),
  wording: Text(1000),
  /** Omitted: parsed from the wording (the response says how confidently). */
  spec: Type.Optional(Type.Unknown()),
  baseline: Type.Optional(Body({ year: Type.Integer({ minimum: 1949, maximum: 2100 }), value: Type.Optional(Type.Number()) })),
  provenance: ProvenanceSchema,
});

export const ParsedWordingView = Type.Object({
  spec: Type.Unknown(),
  kind: Type.String(),
  confidence: Type.String(),
  notes: Type.Array(Type.String()),
});
