import type { Provenance } from './types.ts';

/** The front matter keys an added article's provenance is written under (and read back from). */
export const PROVENANCE_KEYS = { via: 'added_via', by: 'added_by', at: 'added_at', sourceUrl: 'source_url' } as const;

/** The provenance a front matter mapping records, or undefined for an article that was simply put in the folder. */
export function readProvenance(data: Record<string, unknown>): Provenance | undefined {
  const via = data[PROVENANCE_KEYS.via];
  const by = data[PROVENANCE_KEYS.by];
  const at = data[PROVENANCE_KEYS.at];
  if ((via !== 'upload' && via !== 'link') || (typeof by !== 'string' && typeof by !== 'number')) return undefined;
  const source = data[PROVENANCE_KEYS.sourceUrl];
  return {
    via,
    by: String(by),
    at: typeof at === 'string' ? at : at instanceof Date ? at.toISOString() : '',
    sourceUrl: typeof source === 'string' && /^https?:\/\//i.test(source) ? source : null,
  };
}
