/** The words for duplicates the API, the report and docs/curation.md use ("exact" / "near (...)", keptBecause). */

/** How a member matches its keeper: 'exact (same bytes)', 'exact (same pixels)', 'near (resized, cropped)'. */
export function matchWords(match: string | null | undefined, exact: boolean): string {
  if (match === 'exact-bytes') return 'exact (same bytes)';
  if (match === 'exact-pixels') return 'exact (same pixels)';
  if (match?.startsWith('near')) {
    const transforms = match.slice('near'.length).replace(/^:\s*/, '');
    return transforms ? `near (${transforms})` : 'near';
  }
  return exact ? 'exact' : 'near';
}

const KEPT: Record<string, string> = {
  resolution: 'the largest resolution',
  quality: 'the best quality',
  oldest: 'the oldest',
  newest: 'the newest',
  key: 'the first key',
  'already-kept': 'already kept before its copies arrived',
  'identical-order': 'identical to its copies; the first of them',
  'only-copy': 'the only copy',
};

/** Why the keeper is kept, as a phrase: 'kept: the largest resolution'. */
export function keptWords(because: string | null | undefined): string {
  return because ? `kept: ${KEPT[because] ?? because}` : 'kept';
}
