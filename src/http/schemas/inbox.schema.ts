/** Schemas of the inbox route. */
import { Type } from '@sinclair/typebox';
import { LocalizedText } from './common.schema.js';
import { AllowedActionsSchema } from './data-entry.schema.js';
import { DataSetCode } from './datasets.schema.js';

export const InboxReason = Type.Union([Type.Literal('awaiting_my_action'), Type.Literal('returned_to_me'), Type.Literal('overdue')]);

export const InboxQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
    reason: Type.Optional(InboxReason),
    dataSet: Type.Optional(DataSetCode),
  },
  { additionalProperties: false },
);

export const InboxSchema = Type.Object({
  today: Type.String({ description: 'the reporting day (UTC+8) the inbox was computed for' }),
  counts: Type.Object({ awaiting_my_action: Type.Integer(), returned_to_me: Type.Integer(), overdue: Type.Integer() }),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(
    Type.Object({
      dataSet: Type.String(),
      dataSetName: LocalizedText,
      region: Type.String(),
      regionName: Type.String(),
      period: Type.String(),
      state: Type.String(),
      approvals: Type.Integer(),
      version: Type.Integer(),
      dueAt: Type.String(),
      reasons: Type.Array(InboxReason),
      allowedActions: AllowedActionsSchema,
    }),
  ),
});
