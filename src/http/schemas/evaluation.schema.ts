/**
 * Schemas of /evaluations: runs (immutable result snapshots) and their results.
 * Provenance, requirements and summaries are open JSON objects: their shape is that of the
 * method that produced them (docs/evaluation-runs.md).
 */
import { Type } from '@sinclair/typebox';
import { Body, NullableTimestamp, RegionCode, Timestamp, pagedQuery } from './common.schema.js';

const Year = Type.Integer({ minimum: 1949, maximum: 2100 });

export const MethodRecordView = Type.Object({
  kind: Type.String(),
  name: Type.String(),
  version: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const RunView = Type.Object({
  id: Type.Integer(),
  framework: Type.String(),
  frameworkVersion: Type.Integer(),
  region: Type.String({ description: 'scope root: this region and every region below it down to county level' }),
  provinceCode: Type.String(),
  year: Type.Integer(),
  inputsHash: Type.String({ description: 'SHA-256 over the canonical sorted input values used' }),
  inputCount: Type.Integer(),
  methods: Type.Array(MethodRecordView),
  options: Type.Record(Type.String(), Type.Unknown()),
  summary: Type.Unknown({ description: 'counts by kind and status, top lagging indicators' }),
  resultCount: Type.Integer(),
  previousRunId: Type.Union([Type.Integer(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  published: Type.Boolean(),
  publishedAt: NullableTimestamp,
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});

const Kind = Type.Union([
  Type.Literal('value'), Type.Literal('attainment'), Type.Literal('progress'), Type.Literal('warning'),
  Type.Literal('score'), Type.Literal('rank'), Type.Literal('index'),
]);

export const ResultView = Type.Object({
  ordinal: Type.Integer(),
  region: Type.String(),
  indicator: Type.Union([Type.String(), Type.Null()]),
  milestoneYear: Type.Union([Type.Integer(), Type.Null()]),
  period: Type.String(),
  kind: Kind,
  method: Type.String(),
  status: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  required: Type.Unknown(),
  gapAbsolute: Type.Union([Type.Number(), Type.Null()]),
  gapPercent: Type.Union([Type.Number(), Type.Null()]),
  provenance: Type.Unknown({ description: 'method, version, parameters and the inputs used' }),
});

export const RunListQuery = pagedQuery({
  framework: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(RegionCode),
  year: Type.Optional(Year),
  published: Type.Optional(Type.Boolean()),
});

export const ResultQuery = pagedQuery({
  region: Type.Optional(RegionCode),
  indicator: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(Kind),
});

export const RunIdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

const MethodChoice = Type.Union([
  Type.String({ minLength: 1, maxLength: 64 }),
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), params: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }),
]);

export const RunBody = Body({
  framework: Type.String({ minLength: 1, maxLength: 64 }),
  region: RegionCode,
  year: Year,
  methods: Type.Optional(Type.Array(MethodChoice, { minItems: 1, maxItems: 8, description: 'progress methods; default: the framework profile, else trajectory + statcan' })),
  inheritTargets: Type.Optional(Type.Boolean()),
  scheme: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'assessment scheme (docs/methods/scoring.md)' })),
  indexConfig: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'index definition (docs/methods/composite.md)' })),
  indexLevel: Type.Optional(Type.Union([Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county')])),
  publish: Type.Optional(Type.Boolean({ description: 'publish at once (needs results.publish)' })),
});

export const RunCreated = Type.Object({ run: RunView, aggregatesRebuilt: Type.Boolean() });

/** A framework's evaluation defaults (`PUT /frameworks/:code/evaluation-profile`). */
export const ProfileBody = Body({
  methods: Type.Array(MethodChoice, { minItems: 1, maxItems: 8, description: 'default progress methods of runs (docs/methods.md)' }),
  scheme: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'default assessment scheme (docs/methods/scoring.md); null: none' })),
  indexConfig: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'default index definition (docs/methods/composite.md); null: none' })),
  options: Type.Optional(Type.Object({ inheritTargets: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
});

export const ProfileView = Type.Object({
  framework: Type.String(),
  methods: Type.Array(MethodChoice),
  scheme: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  indexConfig: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  options: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
