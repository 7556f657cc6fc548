/** Schemas of the data-entry routes: the form view and the save body. */
import { Type } from '@sinclair/typebox';
import { Body, LocalizedText, NullableTimestamp, Timestamp } from './common.schema.js';

export const AllowedActionsSchema = Type.Object({
  mayEdit: Type.Boolean(),
  maySubmit: Type.Boolean(),
  mayApprove: Type.Boolean(),
  mayReturn: Type.Boolean(),
  mayReopen: Type.Boolean(),
  pendingStep: Type.Union([Type.Object({ index: Type.Integer(), level: Type.String() }), Type.Null()]),
});

export const TransitionSchema = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  from: Type.String(),
  to: Type.String(),
  actor: Type.String(),
  at: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  step: Type.Union([Type.Integer(), Type.Null()]),
  stepLevel: Type.Union([Type.String(), Type.Null()]),
  versionBefore: Type.Integer(),
  versionAfter: Type.Integer(),
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  dataSet: Type.String(),
  region: Type.String(),
  period: Type.String(),
  elementKey: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.String(),
  contentType: Type.String({ description: 'sniffed from the bytes at upload' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  uploadedAt: Timestamp,
});

const Cell = Type.Object({
  element: Type.String({ description: 'element key on the form, e.g. BIRTHS or BIRTHS|sex=female' }),
  dataElement: Type.String(),
  name: LocalizedText,
  unit: Type.String(),
  section: Type.Union([Type.String(), Type.Null()]),
  sex: Type.String(),
  ageGroup: Type.String(),
  area: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  valueVersion: Type.Integer({ description: "the value's own row version (0: never stored)" }),
  comment: Type.Union([Type.String(), Type.Null()]),
  previousValue: Type.Union([Type.Number(), Type.Null()]),
  flags: Type.Array(Type.Unknown(), { description: 'outlier flags: method, threshold, score, direction, reference, message {zh,en}' }),
  explanationKey: Type.String(),
  explanation: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: NullableTimestamp,
});

export const FormViewSchema = Type.Object({
  dataSet: Type.Object({ code: Type.String(), name: LocalizedText, periodType: Type.String(), sections: Type.Array(Type.Unknown()) }),
  region: Type.Object({ code: Type.String(), level: Type.String() }),
  period: Type.String(),
  previousPeriod: Type.String(),
  window: Type.Object({ period: Type.String(), opensAt: Type.String(), dueAt: Type.String(), closesAt: Type.String(), timelyUntil: Type.String(), open: Type.Boolean() }),
  status: Type.Object({ state: Type.String(), approvals: Type.Integer(), version: Type.Integer(), updatedBy: Type.Union([Type.String(), Type.Null()]), updatedAt: NullableTimestamp }),
  allowedActions: AllowedActionsSchema,
  cells: Type.Array(Cell),
  rules: Type.Array(Type.Unknown(), { description: 'every rule result: outcome, values seen, missing inputs' }),
  blockers: Type.Array(Type.Unknown(), { description: 'what still blocks submission, each with the explanation key that clears it' }),
  explanations: Type.Record(Type.String(), Type.String()),
  attachments: Type.Array(AttachmentSchema),
  history: Type.Array(TransitionSchema),
});

export const SaveFormBody = Body({
  expectedVersion: Type.Integer({ minimum: 0, description: "the form's status.version as read" }),
  values: Type.Optional(
    Type.Array(
      Type.Object(
        {
          element: Type.String({ minLength: 1, maxLength: 200 }),
          value: Type.Union([Type.Number(), Type.Null()]),
          comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          explanation: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
          expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
  ),
  explanations: Type.Optional(Type.Record(Type.String({ maxLength: 300 }), Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]))),
});
