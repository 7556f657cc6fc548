/** Schemas of the data-set routes, and the form-instance path parameters shared by the reporting routes. */
import { Type } from '@sinclair/typebox';
import { Body, LocalizedText, RegionCode, Timestamp } from './common.schema.js';

export const DataSetCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'data set code' });
export const PeriodCode = Type.String({ minLength: 4, maxLength: 16, description: 'period code: 2025, 2025H1, 2025Q3, 2025M07 (lenient forms accepted)' });

/** `/datasets/:code/forms/:region/:period`: one form instance. */
export const InstanceParams = Type.Object({ code: DataSetCode, region: RegionCode, period: PeriodCode }, { additionalProperties: false });

export const DataSetParams = Type.Object({ code: DataSetCode }, { additionalProperties: false });

export const DataSetDefinition = Type.Object(
  {
    code: DataSetCode,
    name: LocalizedText,
    periodType: Type.String(),
    reportingLevels: Type.Array(Type.String()),
    sections: Type.Array(Type.Object({ code: Type.String(), name: LocalizedText })),
    elements: Type.Array(Type.Object({ element: Type.String(), section: Type.Optional(Type.String()), order: Type.Integer() })),
    schedule: Type.Object({ opensAfterDays: Type.Integer(), closesAfterDays: Type.Integer(), dueAfterDays: Type.Integer(), timelyDays: Type.Integer() }),
    workflow: Type.Object({ approvalLevels: Type.Array(Type.String()) }),
  },
  { description: 'a data set (form) as the core parses it' },
);

export const DataSetView = Type.Object({
  dataSet: DataSetDefinition,
  ownerRegion: Type.String(),
  validationRules: Type.Array(Type.Unknown(), { description: 'rules as authored: { code, expression | left/operator/right, tolerance, missing, importance, instruction }' }),
  outlierOptions: Type.Union([Type.Unknown(), Type.Null()]),
  revision: Type.Integer(),
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});

export const DataSetBody = Body({
  definition: Type.Object({}, { additionalProperties: true, description: 'the form: code, name {zh,en}, periodType, reportingLevels, sections, elements, schedule, workflow' }),
  ownerRegion: RegionCode,
  validationRules: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 500 })),
  outlierOptions: Type.Optional(
    Type.Union([
      Type.Object(
        {
          historyThreshold: Type.Optional(Type.Number({ minimum: 0 })),
          peerThreshold: Type.Optional(Type.Number({ minimum: 0 })),
          maxChangePercent: Type.Optional(Type.Number({ minimum: 0 })),
          historyLength: Type.Optional(Type.Integer({ minimum: 1 })),
          minSample: Type.Optional(Type.Integer({ minimum: 2 })),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  ),
});

export const ExpectedQuery = Type.Object({ period: PeriodCode, within: Type.Optional(RegionCode) }, { additionalProperties: false });

const Rate = Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), percent: Type.Union([Type.Number(), Type.Null()]) });

export const ExpectedReportSchema = Type.Object({
  dataSet: Type.String(),
  period: Type.String(),
  window: Type.Object({ period: Type.String(), opensAt: Type.String(), dueAt: Type.String(), closesAt: Type.String(), timelyUntil: Type.String() }),
  regions: Type.Array(Type.String()),
  expectedCells: Type.Integer(),
  completeness: Type.Object({ method: Type.String(), methodVersion: Type.String(), cells: Rate, reports: Rate, byRegion: Type.Array(Type.Unknown()), missing: Type.Array(Type.Unknown()), unexpected: Type.Integer() }),
  timeliness: Type.Object({ method: Type.String(), methodVersion: Type.String(), params: Type.Unknown(), cells: Rate, reports: Rate, byRegion: Type.Array(Type.Unknown()), late: Type.Array(Type.Unknown()) }),
});
