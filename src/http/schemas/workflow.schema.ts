/** Schemas of the workflow routes. */
import { Type } from '@sinclair/typebox';
import { Body, NullableTimestamp, RegionCode } from './common.schema.js';
import { AllowedActionsSchema, TransitionSchema } from './data-entry.schema.js';
import { DataSetCode, PeriodCode } from './datasets.schema.js';

export const WorkflowAction = Type.Union([Type.Literal('submit'), Type.Literal('approve'), Type.Literal('return'), Type.Literal('reopen')]);

export const StatusSchema = Type.Object({
  dataSet: Type.String(),
  region: Type.String(),
  period: Type.String(),
  state: Type.String(),
  approvals: Type.Integer(),
  version: Type.Integer(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: NullableTimestamp,
});

export const StatusViewSchema = Type.Object({ status: StatusSchema, allowedActions: AllowedActionsSchema, history: Type.Array(TransitionSchema) });

export const ActionBody = Body({
  action: WorkflowAction,
  expectedVersion: Type.Integer({ minimum: 0, description: 'the status version the user saw' }),
  reason: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
});

export const ActionResultSchema = Type.Object({ status: StatusSchema, transition: TransitionSchema, allowedActions: AllowedActionsSchema });

export const StatusListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
    dataSet: Type.Optional(DataSetCode),
    period: Type.Optional(PeriodCode),
    state: Type.Optional(Type.Union(['draft', 'submitted', 'approved', 'returned', 'final'].map((s) => Type.Literal(s)))),
    within: Type.Optional(RegionCode),
  },
  { additionalProperties: false },
);

export const BulkBody = Body({
  action: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
  reason: Type.Optional(Type.String({ maxLength: 4000 })),
  items: Type.Array(Type.Object({ dataSet: DataSetCode, region: RegionCode, period: PeriodCode, expectedVersion: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
});

export const BulkResultSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      dataSet: Type.String(),
      region: Type.String(),
      period: Type.String(),
      ok: Type.Boolean(),
      status: Type.Optional(StatusSchema),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});
