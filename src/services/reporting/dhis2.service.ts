/**
 * DHIS2-compatible `POST /api/v1/dataValueSets`: existing DHIS2 clients and scripts push data
 * keyed by codes (`idScheme=CODE`). The import service parses and validates the payload; this
 * module adds the caller's capture scope and the workflow locks, and answers with a DHIS2-like
 * import summary.
 *
 * Conventions (see docs/api.md): counts follow DHIS2 2.42 (classic): `imported` = new values,
 * `updated` = changed values, `ignored` = unchanged + rejected, `deleted` = 0 (Vitals never
 * deletes through an import). `atomicMode=ALL` (the default, as in DHIS2 2.43+) writes nothing
 * when any value is rejected (status ERROR); `atomicMode=NONE` writes the valid values (status
 * WARNING with the conflicts).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access/index.js';
import { isVitalsError, VitalsError } from '../../core/errors.js';
import { normalizePeriodCode } from '../../core/period/index.js';
import { DataValueRepository, dataValueKeyString, type DB } from '../../storage/index.js';
import { DHIS2_DEFAULT_COMBOS, type ImportProblem, type ImportReport } from '../import/index.js';
import { importForActor, refusalsFor, type Refusal } from './guarded-import.js';

export interface Dhis2Options {
  readonly dryRun?: boolean;
  readonly atomicMode?: 'ALL' | 'NONE';
  readonly importStrategy?: string;
  readonly idScheme?: string;
}

export interface Dhis2Conflict {
  readonly object: string;
  readonly value: string;
  readonly errorCode: string;
  readonly property?: string;
  readonly indexes: number[];
}

export interface Dhis2Summary {
  readonly responseType: 'ImportSummary';
  readonly status: 'SUCCESS' | 'WARNING' | 'ERROR';
  readonly description: string;
  readonly importOptions: { readonly dryRun: boolean; readonly atomicMode: 'ALL' | 'NONE'; readonly importStrategy: string; readonly idSchemes: { readonly idScheme: 'CODE' } };
  readonly importCount: { readonly imported: number; readonly updated: number; readonly ignored: number; readonly deleted: number };
  readonly conflicts: Dhis2Conflict[];
  readonly dataSetComplete: 'false';
  /** The Vitals import batch (absent when nothing was run). */
  readonly batchId?: number;
}

/** Our codes → the classic DHIS2 error codes clients know (others keep the Vitals code). */
const DHIS2_CODES: Partial<Record<string, string>> = {
  VITALS_E_UNKNOWN_DATA_ELEMENT: 'E7610',
  VITALS_E_INVALID_PERIOD: 'E7611',
  VITALS_E_PERIOD_TYPE_MISMATCH: 'E7611',
  VITALS_E_UNKNOWN_REGION: 'E7612',
  VITALS_E_REGION_INACTIVE: 'E7612',
  VITALS_E_DHIS2_UNMAPPED: 'E7613',
  VITALS_E_OUT_OF_SCOPE: 'E7617',
  VITALS_E_MISSING_FIELD: 'E7618',
  VITALS_E_VALUE_NOT_NUMBER: 'E7619',
  VITALS_E_VALUE_OUT_OF_RANGE: 'E7619',
  VITALS_E_VALUE_NOT_INTEGER: 'E7619',
  VITALS_E_VALUE_UNEXPECTED_PERCENT: 'E7619',
};

type Item = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/**
 * Import a dataValueSets payload for `actor`.
 * @throws VITALS_E_INVALID_INPUT when the body is not a dataValueSets object
 */
export async function importDataValueSet(db: Kysely<DB>, actor: Actor, payload: unknown, options: Dhis2Options = {}): Promise<Dhis2Summary> {
  const atomicMode = options.atomicMode ?? 'ALL';
  const importStrategy = (options.importStrategy ?? 'CREATE_AND_UPDATE').toUpperCase();
  const base = {
    responseType: 'ImportSummary' as const,
    importOptions: { dryRun: !!options.dryRun, atomicMode, importStrategy, idSchemes: { idScheme: 'CODE' as const } },
    dataSetComplete: 'false' as const,
  };
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !Array.isArray((payload as Item).dataValues)) {
    throw new VitalsError('VITALS_E_INVALID_INPUT', { detail: 'expected a dataValueSets object: { "dataValues": [ { "dataElement", "period", "orgUnit", "value" }, … ] }' });
  }
  const envelope = payload as Item;
  const items = envelope.dataValues as unknown[];
  if (importStrategy !== 'CREATE_AND_UPDATE' && importStrategy !== 'NEW_AND_UPDATES') {
    return { ...base, status: 'ERROR', description: `importStrategy ${importStrategy} is not supported; Vitals imports with CREATE_AND_UPDATE and never deletes`, importCount: { imported: 0, updated: 0, ignored: items.length, deleted: 0 }, conflicts: [] };
  }
  if (options.idScheme && !/^code$/i.test(options.idScheme)) {
    return { ...base, status: 'ERROR', description: `idScheme ${options.idScheme} is not supported: Vitals identifies data elements and org units by CODE`, importCount: { imported: 0, updated: 0, ignored: items.length, deleted: 0 }, conflicts: [] };
  }

  // Scope and locks first, on the values we can read with certainty, so that atomicMode=NONE
  // can leave out exactly the refused values.
  const refused = await preCheck(db, actor, envelope, items);
  const conflicts: Dhis2Conflict[] = refused.map((r) => conflictOf(r.key, r.code, r.message.en, r.code === 'VITALS_E_LOCKED' ? 'value' : 'orgUnit', [r.index]));
  if (refused.length > 0 && atomicMode === 'ALL') {
    return { ...base, status: 'ERROR', description: 'Import rejected: some values may not be changed by this user; nothing was imported', importCount: { imported: 0, updated: 0, ignored: items.length, deleted: 0 }, conflicts: merge(conflicts) };
  }
  const refusedIndexes = new Set(refused.map((r) => r.index));
  const kept = items.map((item, index) => ({ item, index })).filter(({ index }) => !refusedIndexes.has(index));
  const body = Buffer.from(JSON.stringify({ ...envelope, dataValues: kept.map((k) => k.item) }), 'utf8');
  const name = `dataValueSets-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.json`;
  let report: ImportReport;
  try {
    report = await importForActor(db, actor, { bytes: body, fileName: name }, { format: 'dhis2', dryRun: !!options.dryRun, partial: atomicMode === 'NONE', reason: 'DHIS2 dataValueSets' });
  } catch (error) {
    if (!isVitalsError(error) || error.code !== 'VITALS_E_IMPORT_REJECTED') throw error;
    // Refused by the guard (a form was locked meanwhile): nothing was written.
    for (const r of (error.details as Refusal[]) ?? []) conflicts.push(conflictOf(r.key, r.code, r.message.en, 'value', []));
    return { ...base, status: 'ERROR', description: 'Import rejected: a form was submitted or approved during the import; nothing was imported', importCount: { imported: 0, updated: 0, ignored: items.length, deleted: 0 }, conflicts: merge(conflicts) };
  }
  for (const p of report.problems) {
    if (p.severity !== 'error') continue;
    const index = p.row === null ? [] : [kept[p.row - 1]?.index ?? p.row - 1];
    conflicts.push(conflictOf(problemObject(p), p.code, p.message.en, p.column ?? undefined, index));
  }
  const c = report.counts;
  const rejected = report.status === 'rejected';
  const importCount = rejected
    ? { imported: 0, updated: 0, ignored: items.length, deleted: 0 }
    : { imported: c.inserted, updated: c.updated, ignored: c.unchanged + c.rejected + c.empty + c.duplicates + refused.length, deleted: 0 };
  const status = rejected ? 'ERROR' : conflicts.length > 0 ? 'WARNING' : 'SUCCESS';
  const description = rejected
    ? 'Import rejected: nothing was imported (atomicMode=ALL); see the conflicts'
    : `Import ${options.dryRun ? 'dry run ' : ''}complete with status ${status}, ${importCount.imported} created, ${importCount.updated} updated, 0 deleted, ${importCount.ignored} ignored`;
  return { ...base, status, description, importCount, conflicts: merge(conflicts), batchId: report.batchId };
}

function problemObject(p: ImportProblem): string {
  return p.value ?? String(p.params.value ?? p.params.key ?? p.column ?? '');
}

function conflictOf(object: string, code: string, message: string, property: string | undefined, indexes: number[]): Dhis2Conflict {
  return { object, value: message, errorCode: DHIS2_CODES[code] ?? code, ...(property ? { property } : {}), indexes };
}

/** One conflict per (code, object, message) with all its indexes, as DHIS2 groups them. */
function merge(conflicts: readonly Dhis2Conflict[]): Dhis2Conflict[] {
  const byKey = new Map<string, Dhis2Conflict>();
  for (const c of conflicts) {
    const key = `${c.errorCode}|${c.object}|${c.value}`;
    const found = byKey.get(key);
    if (found) found.indexes.push(...c.indexes);
    else byKey.set(key, { ...c, indexes: [...c.indexes] });
  }
  return [...byKey.values()].map((c) => ({ ...c, indexes: [...new Set(c.indexes)].sort((a, b) => a - b) }));
}

/** Values whose region is outside the capture scope or whose form is locked (changed values only). */
async function preCheck(db: Kysely<DB>, actor: Actor, envelope: Item, items: readonly unknown[]): Promise<(Refusal & { index: number })[]> {
  const cells: { index: number; dataElement: string; region: string; period: string; value: number | null; comment: string | undefined }[] = [];
  items.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object') return;
    const item = raw as Item;
    const dataElement = str(item.dataElement);
    const region = str(item.orgUnit) ?? str(envelope.orgUnit);
    const periodText = str(item.period) ?? str(envelope.period);
    const combo = str(item.categoryOptionCombo);
    if (!dataElement || !region || !periodText || (combo !== undefined && !DHIS2_DEFAULT_COMBOS.includes(combo))) return;
    let period: string;
    try {
      period = normalizePeriodCode(periodText);
    } catch {
      return;
    }
    const text = str(item.value);
    const value = text === undefined ? null : text === 'true' ? 1 : text === 'false' ? 0 : Number(text);
    cells.push({ index, dataElement, region, period, value: Number.isFinite(value) ? value : null, comment: str(item.comment) });
  });
  if (cells.length === 0) return [];
  const stored = await new DataValueRepository(db).find({
    regions: [...new Set(cells.map((c) => c.region))], periods: [...new Set(cells.map((c) => c.period))], dataElements: [...new Set(cells.map((c) => c.dataElement))],
  });
  const byKey = new Map(stored.map((s) => [dataValueKeyString(s), s]));
  const full = cells.map((c) => ({ ...c, sex: 'total', ageGroup: 'total', area: 'total' }));
  const changed = full.filter((c) => {
    const old = byKey.get(dataValueKeyString(c));
    return !old || old.value !== c.value || (c.comment !== undefined && c.comment !== old.comment);
  });
  const { refusals } = await refusalsFor(db, actor, changed);
  return refusals.map((r) => ({ ...r, index: changed[r.index]!.index }));
}
