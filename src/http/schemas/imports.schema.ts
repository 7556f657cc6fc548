/** Schemas of the bulk-import routes. */
import { Type } from '@sinclair/typebox';

export const ImportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union(['auto', 'csv', 'xlsx', 'json', 'dhis2'].map((f) => Type.Literal(f)))),
    encoding: Type.Optional(Type.Union(['auto', 'utf8', 'gb18030'].map((f) => Type.Literal(f)))),
    dryRun: Type.Optional(Type.Boolean({ description: 'report what would change; write nothing' })),
    partial: Type.Optional(Type.Boolean({ description: 'load the valid rows even when other rows have errors' })),
    sheet: Type.Optional(Type.String({ maxLength: 100 })),
    fileName: Type.Optional(Type.String({ maxLength: 255, description: 'name for the report when the body is sent raw' })),
  },
  { additionalProperties: false },
);

export const ImportReportSchema = Type.Object({
  batchId: Type.Integer(),
  status: Type.Union([Type.Literal('committed'), Type.Literal('rejected'), Type.Literal('dry_run')]),
  dryRun: Type.Boolean(),
  partial: Type.Boolean(),
  file: Type.Unknown({ description: 'name, sha256 hash, format, encoding, sheet, header row' }),
  columns: Type.Unknown(),
  counts: Type.Object({
    read: Type.Integer(), valid: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
    empty: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer(),
  }),
  problems: Type.Array(Type.Unknown(), { description: 'every error and warning: severity, code, row (as Excel numbers it), column, value, message {zh,en}' }),
  changes: Type.Array(Type.Unknown(), { description: 'the first planned changes (previews)' }),
  previousImport: Type.Optional(Type.Unknown()),
});

export const ImportBatchSchema = Type.Object({
  id: Type.Integer(),
  actor: Type.String(),
  fileName: Type.Union([Type.String(), Type.Null()]),
  fileHash: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: Type.Unknown(),
  report: Type.Unknown(),
});
