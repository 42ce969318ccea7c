/** What the duplicate pass needs to know about each image, in graph row order. */
export interface DuplicateImage {
  id: string;
  key: string;
  /** Hash of the file's bytes: equal means the same file. */
  sha256: string;
  /** Hash of the decoded, normalised pixels: equal means the same picture in another format or size. */
  pixelHash: string | null;
  width: number;
  height: number;
  /** The image's highest quality-defect confidence in [0, 1] (blur, dark, ...): lower is better. */
  quality: number;
  /** Milliseconds since the epoch. */
  ingestedAt: number;
}

/** Orders a cluster's members to pick the one to keep; earlier criteria win, `key` then row order break ties. */
export type RepresentativeCriterion = 'resolution' | 'quality' | 'oldest' | 'newest' | 'key';

/**
 * Why a cluster's keeper is the keeper: the keeper rule's deciding criterion, 'already-kept' when it was the
 * keeper before the others arrived (a newcomer never takes the role silently), 'identical-order' when nothing but
 * the row order told them apart, 'only-copy' for a cluster of one.
 */
export type KeptBecause = RepresentativeCriterion | 'already-kept' | 'identical-order' | 'only-copy';

/** How a member matches its cluster's representative. */
export type DuplicateMatch = 'representative' | 'sha256' | 'pixels' | 'near';

export interface DuplicateMember {
  /** Row index. */
  index: number;
  match: DuplicateMatch;
  /** Cosine to the representative (1 for the representative and exact matches). */
  similarity: number;
  /** Near members: what verification saw between the keeper and this copy ('resized', 'cropped', 'flipped'...). */
  transforms?: string[];
  /** Near members: the verification confidence in [0, 1]; null where the pair could not be verified. */
  verified?: number | null;
}

export interface DuplicateCluster {
  id: number;
  /** Row index of the image to keep; the other members are the duplicates to drop. */
  representative: number;
  /** Representative first, then by similarity to it. */
  members: DuplicateMember[];
  /** The lowest cosine between any two members: never below the threshold (the clusters do not chain). */
  minSimilarity: number;
  /** 'exact' when every member has the representative's bytes or pixels. */
  kind: 'exact' | 'near';
  /** Why the representative is the one to keep. */
  keptBecause: KeptBecause;
}

export interface DuplicateResult {
  /** The cosine threshold used (fixed, or derived from the data in 'relative' mode). */
  threshold: number;
  clusters: DuplicateCluster[];
  /** Cluster id per row, -1 outside every cluster. */
  clusterOf: Int32Array;
  /** 1 for rows to drop: cluster members other than the representative. */
  drop: Uint8Array;
  /** Graded duplicate score per row in [0, 1]; 0.5 at the threshold, 1 for an exact duplicate. */
  score: Float32Array;
  /** Most similar other row (from the kNN graph, or an exact match), -1 when none. */
  nearest: Int32Array;
  nearestSimilarity: Float32Array;
  counts: { clusters: number; exactClusters: number; nearClusters: number; inClusters: number; drop: number };
}
