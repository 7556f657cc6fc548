/**
 * Reporting: data sets, the data-entry form of one data set × region × period, saving,
 * Excel template and upload, evidence, workflow actions and the inbox. Shapes are the
 * server's schemas; the form's loosely typed parts (flags, rules, blockers) are narrowed to
 * the core's validation types.
 */
import type { Static } from '@sinclair/typebox';
import type { OutlierFlag, RuleResult, SubmissionBlocker } from '../../../src/core/validation/index.js';
import type { FormViewSchema, SaveFormBody } from '../../../src/http/schemas/data-entry.schema.js';
import type { DataSetView } from '../../../src/http/schemas/datasets.schema.js';
import type { InboxSchema } from '../../../src/http/schemas/inbox.schema.js';
import type { BulkResultSchema } from '../../../src/http/schemas/workflow.schema.js';
import { api, download, request } from './client.js';
import type { Page } from './endpoints.js';

type RawForm = Static<typeof FormViewSchema>;
export type FormCell = Omit<RawForm['cells'][number], 'flags'> & { flags: OutlierFlag[] };
export type FormView = Omit<RawForm, 'cells' | 'rules' | 'blockers'> & { cells: FormCell[]; rules: RuleResult[]; blockers: SubmissionBlocker[] };
export type SaveFormRequest = Static<typeof SaveFormBody>;
export type Inbox = Static<typeof InboxSchema>;
export type InboxItem = Inbox['items'][number];
export type DataSet = Static<typeof DataSetView>;

export interface InstanceRef {
  readonly dataSet: string;
  readonly region: string;
  readonly period: string;
}

const base = (k: InstanceRef) => `/datasets/${encodeURIComponent(k.dataSet)}/forms/${encodeURIComponent(k.region)}/${encodeURIComponent(k.period)}`;

/** One bad cell of an uploaded template (src/services/reporting/form-excel.service.ts). */
export interface CellProblem {
  readonly sheet: string;
  readonly cell: string;
  readonly field: string;
  readonly element: string | null;
  readonly value: string | null;
  readonly code: string;
  readonly message: { zh: string; en?: string };
}

/** The answer to an upload: committed (200), or rejected (422, the same shape in the error's details). */
export interface UploadReport {
  readonly status: 'committed' | 'dry_run' | 'rejected';
  readonly sheet: string;
  readonly counts: { rows: number; changed: number; unchanged: number };
  readonly problems: readonly CellProblem[];
  readonly form?: FormView;
}

export const reporting = {
  async dataSets(): Promise<DataSet[]> {
    return (await api.get<Page<DataSet>>('/datasets', { limit: 200 })).items;
  },
  form: (k: InstanceRef, signal?: AbortSignal) => api.get<FormView>(base(k), undefined, signal),
  save: (k: InstanceRef, body: SaveFormRequest) => api.put<FormView>(base(k), body),
  template: (k: InstanceRef) => download(`${base(k)}/template`, undefined, `${k.dataSet}-${k.region}-${k.period}.xlsx`),
  upload: (k: InstanceRef, file: File, dryRun = false) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<UploadReport>(`${base(k)}/upload`, { method: 'POST', body: form, query: { dryRun } });
  },
  attach: (k: InstanceRef, file: File, element?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<unknown>(`${base(k)}/attachments`, { method: 'POST', body: form, query: { element } });
  },
  attachmentUrl: (id: number) => `/api/v1/attachments/${id}`,
  act: (k: InstanceRef, action: 'submit' | 'approve' | 'return' | 'reopen', expectedVersion: number, reason?: string) =>
    api.post<unknown>(`${base(k)}/workflow`, { action, expectedVersion, ...(reason ? { reason } : {}) }),
  bulk: (action: 'approve' | 'return', items: Array<InstanceRef & { expectedVersion: number }>, reason?: string) =>
    api.post<Static<typeof BulkResultSchema>>('/workflow/bulk', { action, items, ...(reason ? { reason } : {}) }),
  inbox: (query: { reason?: string; dataSet?: string } = {}, signal?: AbortSignal) => api.get<Inbox>('/inbox', { limit: 200, ...query }, signal),
};
