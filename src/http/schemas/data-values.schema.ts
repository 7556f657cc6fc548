/** Schemas of the data-value read route. */
import { Type } from '@sinclair/typebox';
import { RegionCode } from './common.schema.js';
import { PeriodCode } from './datasets.schema.js';

export const WorkflowStateName = Type.Union(['none', 'draft', 'submitted', 'approved', 'returned', 'final'].map((s) => Type.Literal(s)));

export const DataValuesQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
    dataElement: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
    period: Type.Optional(Type.Array(PeriodCode, { maxItems: 200 })),
    region: Type.Optional(Type.Array(RegionCode, { maxItems: 500 })),
    within: Type.Optional(RegionCode),
    finalOnly: Type.Optional(Type.Boolean({ description: 'only final data (what assessments and public outputs use)' })),
  },
  { additionalProperties: false },
);

export const DataValueSchema = Type.Object({
  dataElement: Type.String(),
  region: Type.String(),
  period: Type.String(),
  sex: Type.String(),
  ageGroup: Type.String(),
  area: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  workflowState: WorkflowStateName,
  final: Type.Boolean(),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
