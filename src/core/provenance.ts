/**
 * Where a shipped figure or target came from, and how sure we are of it.
 * The reference tables flag every row; Vitals keeps the flag verbatim and never
 * presents a recalled value as confirmed.
 */
export type VerificationFlag =
  | 'confirmed_text' // read in the source text itself (e.g. the Healthy Hebei seed)
  | 'confirmed_text_tonghua_copy'
  | 'confirmed_text_oriental_daily'
  | 'confirmed_name_only' // indicator name confirmed, figure recalled
  | 'recalled_structure_confirmed'
  | 'recalled_unverified'
  | 'synthetic'; // generated demo data

export interface SourceRef {
  /** Document title or seed file, e.g. `健康河北建设行动方案(2023—2027年)（冀卫发〔2023〕5号）`. */
  readonly document: string;
  /** Clause or section inside the document, e.g. `二、总体目标`. */
  readonly clause?: string;
  readonly url?: string;
  readonly note?: string;
}

export interface Provenance {
  readonly source: SourceRef;
  readonly verification: VerificationFlag;
}

/** Confirmed means the figure itself was read in a source text, not recalled. */
export function isConfirmed(flag: VerificationFlag): boolean {
  return flag.startsWith('confirmed_text');
}
