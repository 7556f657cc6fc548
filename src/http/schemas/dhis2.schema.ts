/** Schemas of the DHIS2-compatible dataValueSets route. */
import { Type } from '@sinclair/typebox';

export const Dhis2Query = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean()),
    atomicMode: Type.Optional(Type.Union([Type.Literal('ALL'), Type.Literal('NONE')])),
    importStrategy: Type.Optional(Type.String({ maxLength: 40 })),
    idScheme: Type.Optional(Type.String({ maxLength: 40 })),
    dataElementIdScheme: Type.Optional(Type.String({ maxLength: 40 })),
    orgUnitIdScheme: Type.Optional(Type.String({ maxLength: 40 })),
    async: Type.Optional(Type.Boolean({ description: 'accepted for compatibility; imports always run synchronously' })),
  },
  { additionalProperties: true },
);

export const Dhis2Body = Type.Object(
  {
    dataSet: Type.Optional(Type.String()),
    period: Type.Optional(Type.String()),
    orgUnit: Type.Optional(Type.String()),
    completeDate: Type.Optional(Type.String()),
    attributeOptionCombo: Type.Optional(Type.String()),
    dataValues: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'dataElement, period, orgUnit, categoryOptionCombo, value, comment (codes as identifiers)' }),
  },
  { additionalProperties: true },
);

const Conflict = Type.Object({
  object: Type.String(),
  value: Type.String(),
  errorCode: Type.String(),
  property: Type.Optional(Type.String()),
  indexes: Type.Array(Type.Integer()),
});

export const Dhis2WebMessage = Type.Object({
  httpStatus: Type.String(),
  httpStatusCode: Type.Integer(),
  status: Type.String(),
  message: Type.String(),
  response: Type.Object({
    responseType: Type.Literal('ImportSummary'),
    status: Type.Union([Type.Literal('SUCCESS'), Type.Literal('WARNING'), Type.Literal('ERROR')]),
    description: Type.String(),
    importOptions: Type.Unknown(),
    importCount: Type.Object({ imported: Type.Integer(), updated: Type.Integer(), ignored: Type.Integer(), deleted: Type.Integer() }),
    conflicts: Type.Array(Conflict),
    dataSetComplete: Type.String(),
    batchId: Type.Optional(Type.Integer()),
  }),
});
