import { VisibleError } from '../../errors/index.ts';
import {
  type CurationRow,
  type CurationStore,
  type Store,
  type SubjectKind,
  where,
} from '../../store/index.ts';
import {
  type CurationIssue,
  decodeUnjudged,
  ISSUE_SPECS,
  type Issue,
  type IssueEvidence,
  type IssueThresholds,
  isQualityIssue,
  type QualityIssue,
} from '../../vocabulary/index.ts';
import { CURATION_ISSUES } from './predicates.ts';
import { type ResultsView, requireResults, resultsView } from './view.ts';

export { ISSUES, type Issue, type IssueThresholds } from '../../vocabulary/index.ts';

export interface IssueQuery {
  issue: Issue;
  /** Overrides the default threshold: confidences are stored, so this needs no re-run. */
  threshold?: number;
  /** Only subjects with this (given) label. */
  label?: string;
  /** Default 100, at most 10,000. */
  limit?: number;
  /** Objects instead of images (curation issues only). */
  kind?: SubjectKind;
}

export interface IssueRow {
  id: string;
  kind: SubjectKind;
  imageId: string;
  key: string;
  label: string | null;
  confidence: number;
  suggestedLabel?: string | null;
  /** Duplicate cluster: the id of its representative. */
  cluster?: string | null;
  /** The member of the cluster to keep, and its key. */
  representative?: string | null;
  representativeKey?: string | null;
  /** Duplicates: how it matches the keeper ('exact-bytes', 'exact-pixels', 'near: resized, cropped'). */
  match?: string | null;
  /** Mislabels and outliers: the stored evidence (JSON, see LabelEvidence), null when none was kept. */
  labelEvidence?: string | null;
}

export interface IssueList {
  issue: Issue;
  /** The threshold applied; null for the select-uniques subset. */
  threshold: number | null;
  /** The full run read (null when only incremental runs exist or for quality issues). */
  runId: string | null;
  rows: IssueRow[];
  /** Quality issues: the images the check could not judge (scored 0, so never in `rows`), and why. */
  unjudged?: UnjudgedList;
}

export interface UnjudgedList {
  count: number;
  /** The first `limit` by key. */
  rows: { id: string; key: string; label: string | null; reason: string }[];
}

/** The listing's fields of each kind of evidence an issue carries (the vocabulary says which it carries). */
const EVIDENCE: Record<IssueEvidence, (row: CurationRow) => Partial<IssueRow>> = {
  cluster: (row) => ({
    cluster: row.duplicateCluster,
    representative: row.duplicateCluster,
    match: row.duplicateMatch ?? null,
  }),
  suggestedLabel: (row) => ({ suggestedLabel: row.suggestedLabel }),
  labelEvidence: (row) => ({ labelEvidence: row.labelEvidence ?? null }),
};

export interface IssueDeps {
  store: Store;
  curation: CurationStore;
}

/** Subjects with an issue at or above the threshold, most confident first; deleted images are left out. */
export async function listIssue(
  deps: IssueDeps,
  dataset: string,
  query: IssueQuery,
  thresholds: IssueThresholds,
): Promise<IssueList> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new VisibleError(
      `limit must be a whole number from 1 to 10000; got ${query.limit}.`,
      'invalid_limit',
    );
  }
  const threshold = query.threshold ?? thresholds[query.issue] ?? null;
  if (threshold !== null && !(threshold >= 0 && threshold <= 1)) {
    throw new VisibleError(
      `The threshold must be a number from 0 to 1; got ${threshold}.`,
      'invalid_threshold',
    );
  }
  if (isQualityIssue(query.issue)) {
    if (query.kind === 'object')
      throw new VisibleError(`${query.issue} is scored per image, not per object.`, 'invalid_input');
    const rows = await listQuality(deps.store, dataset, query.issue, threshold as number, query.label, limit);
    const unjudged = await listUnjudged(deps.store, dataset, query.issue, query.label, limit);
    return { issue: query.issue, threshold, runId: null, rows, unjudged };
  }
  const { runId, rows } = await listCuration(deps, dataset, query.issue, threshold, query, limit);
  return { issue: query.issue, threshold, runId, rows };
}

async function listQuality(
  store: Store,
  dataset: string,
  issue: QualityIssue,
  threshold: number,
  label: string | undefined,
  limit: number,
): Promise<IssueRow[]> {
  const filter = where.and(
    where.range(issue, { gte: threshold }),
    label === undefined ? undefined : where.eq('label', label),
  );
  const images = await store.images.list(dataset, {
    where: filter,
    limit,
    orderBy: { column: issue, ascending: false },
  });
  return images.map((image) => ({
    id: image.id,
    kind: 'image',
    imageId: image.id,
    key: image.key,
    label: image.label,
    confidence: image[issue],
  }));
}

async function listUnjudged(
  store: Store,
  dataset: string,
  issue: QualityIssue,
  label: string | undefined,
  limit: number,
): Promise<UnjudgedList> {
  const { count, rows } = await store.images.unjudged(dataset, issue, { limit, label });
  return {
    count,
    rows: rows.map((image) => ({
      id: image.id,
      key: image.key,
      label: image.label,
      reason: decodeUnjudged(image.qualityUnjudged)[issue] ?? 'unknown',
    })),
  };
}

async function listCuration(
  deps: IssueDeps,
  dataset: string,
  issue: CurationIssue,
  threshold: number | null,
  query: IssueQuery,
  limit: number,
): Promise<{ runId: string | null; rows: IssueRow[] }> {
  const spec = CURATION_ISSUES[issue];
  const kind = query.kind ?? 'image';
  const view = await resultsView(deps.curation, dataset, kind);
  requireResults(view, dataset);
  const ofLabel = (row: CurationRow) => query.label === undefined || row.label === query.label;
  const candidates = new Map<string, CurationRow>();
  for (const row of view.overrides.values())
    if (spec.matches(row, threshold) && ofLabel(row)) candidates.set(row.id, row);

  const full = view.full;
  const filter = where.and(
    spec.filter(threshold),
    query.label === undefined ? undefined : where.eq('label', query.label),
  );
  const page = Math.min(10_000, limit + view.overrides.size);
  const streams = spec.order.map((column) => ({ column, offset: 0, more: full !== undefined, last: 1 }));
  const present = new Set<string>();
  const checked = new Set<string>();
  let ranked: CurationRow[] = [];
  for (;;) {
    for (const stream of streams) {
      if (!stream.more || !full) continue;
      const rows = await deps.curation.rows(full.runId, {
        kind,
        where: filter,
        limit: page,
        offset: stream.offset,
        orderBy: { column: stream.column, ascending: false },
      });
      stream.offset += rows.length;
      stream.more = rows.length === page;
      if (rows.length > 0) stream.last = rows[rows.length - 1][stream.column as keyof CurationRow] as number;
      for (const row of rows) if (!view.overrides.has(row.id)) candidates.set(row.id, row);
    }
    await checkPresent(deps.store, dataset, candidates, checked, present);
    ranked = [...candidates.values()]
      .filter((row) => present.has(row.imageId))
      .sort((a, b) => spec.confidence(b) - spec.confidence(a));
    // Rows not read yet score at most the last value read in each order: stop once the top `limit` beat that.
    const bound = Math.max(...streams.filter((s) => s.more).map((s) => s.last), Number.NEGATIVE_INFINITY);
    if (streams.every((s) => !s.more)) break;
    if (ranked.length >= limit && spec.confidence(ranked[limit - 1]) >= bound) break;
  }
  const rows = ranked.slice(0, limit).map((row) => ({
    id: row.id,
    kind: row.kind,
    imageId: row.imageId,
    key: row.key,
    label: row.label,
    confidence: spec.confidence(row),
    ...Object.assign({}, ...ISSUE_SPECS[issue].evidence.map((kind) => EVIDENCE[kind](row))),
  }));
  await nameKeepers(deps, view, rows);
  return { runId: full?.runId ?? null, rows };
}

/** The keeper's key beside its id, so a listed duplicate says which file to keep. */
async function nameKeepers(deps: IssueDeps, view: ResultsView, rows: IssueRow[]): Promise<void> {
  const keepers = [...new Set(rows.map((row) => row.representative).filter((id): id is string => !!id))];
  const keyOf = new Map<string, string>();
  for (const id of keepers) {
    const row = view.overrides.get(id);
    if (row) keyOf.set(id, row.key);
  }
  const missing = keepers.filter((id) => !keyOf.has(id));
  if (view.full && missing.length > 0) {
    for (const row of await deps.curation.rowsFor(view.full.runId, missing)) keyOf.set(row.id, row.key);
  }
  for (const row of rows)
    if (row.representative) row.representativeKey = keyOf.get(row.representative) ?? null;
}

/** Images deleted since the run are dropped from the answer; each image is looked up once. */
async function checkPresent(
  store: Store,
  dataset: string,
  candidates: Map<string, CurationRow>,
  checked: Set<string>,
  present: Set<string>,
): Promise<void> {
  const unchecked = [...new Set([...candidates.values()].map((row) => row.imageId))].filter(
    (id) => !checked.has(id),
  );
  if (unchecked.length === 0) return;
  for (const image of await store.images.getMany(dataset, unchecked)) present.add(image.id);
  for (const id of unchecked) checked.add(id);
}
