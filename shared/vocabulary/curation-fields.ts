/**
 * The scores a curation run stores per subject (image or object): the `curation` table's columns after the
 * subject's identity, the API's CurationScores, the export's columns and the blank row of a subject no pass has
 * judged. No imports: the page bundles this file as it is.
 */

/** score: float32 in [0, 1] (nearestSimilarity: a cosine); int: int32; levels: one int32 per visual level. */
export type FieldKind = 'score' | 'flag' | 'text' | 'int' | 'levels';

export interface FieldSpec {
  kind: FieldKind;
  nullable?: boolean;
  /** What a subject no pass has judged gets, and what rows written before the column existed read back as. */
  blank: number | boolean | string | null | readonly number[];
  /** Absent in rows written before the column existed (null then): optional in the row type. */
  late?: boolean;
  /** Added to stores after their first rows: those rows are filled with the blank. */
  added?: boolean;
  /** A column of the export (CSV, JSONL, Parquet). */
  exported?: boolean;
  /** A listing may sort by it (within the latest run). */
  sortable?: boolean;
  /** Shown in the API's CurationScores (the evidence has its own field in the image detail). */
  api?: boolean;
  /** What the value means, in the OpenAPI document. */
  describe?: string;
}

const MATCH_WORDS =
  "how a cluster member matches its keeper: 'exact-bytes' (same file), 'exact-pixels' (same decoded pixels), " +
  "'near: <transforms>' (resized, cropped, flipped, rotated, bordered, tone-shifted, re-encoded); 'keeper' for " +
  'the keeper; null outside clusters';
const KEPT_WORDS =
  "why the cluster's keeper is kept: 'resolution', 'quality', 'oldest', 'newest', 'key', 'already-kept', " +
  "'identical-order'; null outside clusters";

/** In the `curation` table's column order (visual clusters are stored as cluster0 .. cluster4). */
export const CURATION_FIELDS = {
  /** The keeper's id, null when the subject has no duplicate. */
  duplicateCluster: { kind: 'text', nullable: true, blank: null, exported: true, api: true },
  /** True for the member to keep in its duplicate cluster (and for subjects without duplicates). */
  representative: { kind: 'flag', blank: true, exported: true, api: true },
  /** Graded duplicate confidence; 0.5 sits at the near-duplicate threshold. */
  duplicateScore: { kind: 'score', blank: 0, exported: true, sortable: true, api: true },
  exactDuplicate: { kind: 'flag', blank: false, exported: true, api: true },
  nearestId: { kind: 'text', nullable: true, blank: null, api: true },
  nearestSimilarity: { kind: 'score', blank: -1, api: true },
  /** 0 = exact duplicate, 1 = nothing like it; a fixed scale. */
  uniqueness: { kind: 'score', blank: 1, exported: true, sortable: true, api: true },
  /** In the select-uniques subset computed with the run's default target. */
  selected: { kind: 'flag', blank: true, exported: true, api: true },
  mislabelConfidence: { kind: 'score', blank: 0, exported: true, sortable: true, api: true },
  suggestedLabel: { kind: 'text', nullable: true, blank: null, exported: true, api: true },
  /** Class outlier confidence (a valid label, unlike its class). */
  outlierConfidence: { kind: 'score', blank: 0, exported: true, sortable: true, api: true },
  /** Dataset outlier confidence (unlike anything). */
  datasetOutlierConfidence: { kind: 'score', blank: 0, exported: true, sortable: true, api: true },
  typicality: {
    kind: 'score',
    blank: 0.5,
    added: true,
    exported: true,
    sortable: true,
    api: true,
    describe: 'how central in its neighbourhood; 0.5 = as dense as its neighbours',
  },
  /** Place in the "select representatives" order (typical and diverse; any prefix is a subset). */
  representativeRank: {
    kind: 'int',
    blank: -1,
    added: true,
    sortable: true,
    api: true,
    describe: 'place in the select-representatives order; -1 = not ranked yet',
  },
  /** Visual cluster id at each browsing level 0 (coarse) .. 4 (fine); -1 where the subject has none. */
  visualClusters: { kind: 'levels', blank: [], api: true },
  /** Why the label checks scored it so, as JSON (LabelEvidence in shared/curate/labels); null below 0.25. */
  labelEvidence: { kind: 'text', nullable: true, blank: null, late: true },
  /** In a duplicate cluster: why its keeper is kept (docs/curation.md, "The keeper rule"). */
  keptBecause: { kind: 'text', nullable: true, blank: null, late: true, api: true, describe: KEPT_WORDS },
  /** How this member matches its keeper ('keeper' for the keeper itself); null outside clusters. */
  duplicateMatch: { kind: 'text', nullable: true, blank: null, late: true, api: true, describe: MATCH_WORDS },
  /** Position on the embedding map in [0, 1] (docs/explorer-map.md); -1 for objects and runs before the map. */
  mapX: { kind: 'score', blank: -1, added: true },
  mapY: { kind: 'score', blank: -1, added: true },
  /** A seeded permutation of the run's images: rank < N is a uniform sample of N; -1 off the map. */
  mapRank: { kind: 'int', blank: -1, added: true },
} as const satisfies Record<string, FieldSpec>;

export type CurationField = keyof typeof CURATION_FIELDS;
type Spec<F extends CurationField> = (typeof CURATION_FIELDS)[F];

/** The value a field holds, from its kind. */
export type FieldValue<S extends FieldSpec> = S extends { kind: 'levels' }
  ? number[]
  : S extends { kind: 'flag' }
    ? boolean
    : S extends { kind: 'text' }
      ? S extends { nullable: true }
        ? string | null
        : string
      : number;

type Late = { [F in CurationField]: Spec<F> extends { late: true } ? F : never }[CurationField];
/** The scores of a curation row, typed from the table. */
export type CurationFieldValues = { [F in Exclude<CurationField, Late>]: FieldValue<Spec<F>> } & {
  [F in Late]?: FieldValue<Spec<F>>;
};

type Flagged<Flag extends 'exported' | 'sortable' | 'api'> = {
  [F in CurationField]: Spec<F> extends { [K in Flag]: true } ? F : never;
}[CurationField];
export type ExportedField = Flagged<'exported'>;
export type SortableField = Flagged<'sortable'>;
export type ApiField = Flagged<'api'>;

const fieldsWhere = <F extends CurationField>(flag: 'exported' | 'sortable' | 'api') =>
  (Object.keys(CURATION_FIELDS) as CurationField[]).filter(
    (field) => (CURATION_FIELDS[field] as FieldSpec)[flag] === true,
  ) as F[];

export const CURATION_FIELD_NAMES = Object.keys(CURATION_FIELDS) as CurationField[];
export const EXPORTED_FIELDS: readonly ExportedField[] = fieldsWhere('exported');
export const SORTABLE_FIELDS: readonly SortableField[] = fieldsWhere('sortable');
export const API_FIELDS: readonly ApiField[] = fieldsWhere('api');

/** The scores of a subject no pass has judged (a fresh copy each call: rows are mutated while scored). */
export function blankScores(): CurationFieldValues {
  const out: Record<string, unknown> = {};
  for (const field of CURATION_FIELD_NAMES) {
    const blank = CURATION_FIELDS[field].blank;
    out[field] = Array.isArray(blank) ? [...blank] : blank;
  }
  return out as CurationFieldValues;
}
