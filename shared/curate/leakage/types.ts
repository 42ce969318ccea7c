/** One image of a duplicate cluster that crosses splits, and what to do with it. */
export interface LeakMember {
  id: string;
  key: string;
  /** null: the image has no split, so it cannot leak (and is left alone). */
  split: string | null;
  duplicateScore: number;
  exactDuplicate: boolean;
  /**
   * keep: the copy that stays, in the cluster's most evaluative split; move: a copy in another split, to move
   * into `to` (or drop: a copy stays there); none: no split, nothing to do.
   */
  action: 'keep' | 'move' | 'none';
  to: string | null;
}

export interface LeakPair {
  a: string;
  b: string;
  splits: [string, string];
  /** The lower duplicate score of the two: both are near duplicates of each other at the run's threshold. */
  confidence: number;
}

export interface LeakCluster {
  /** The duplicate cluster's id (its keeper's id in the duplicates pass). */
  cluster: string;
  /** The most evaluative split among the members: it keeps its copy, the others move or drop theirs. */
  home: string;
  keep: { id: string; key: string };
  members: LeakMember[];
  pairs: LeakPair[];
  /** The largest pair confidence: how sure the cluster is a leak. */
  confidence: number;
}

export interface LeakReport {
  dataset: string;
  /** The full run whose clusters were read (null when only incremental runs exist). */
  runId: string | null;
  /** Members count toward a leak at or above this duplicate score. */
  threshold: number;
  /** Images per split; `unsplit` have none. */
  splits: Record<string, number>;
  unsplit: number;
  /** Leaking clusters, most confident first. */
  clusters: LeakCluster[];
  counts: { clusters: number; pairs: number; toMove: number };
  /** Why the pass could not judge, when it could not (no splits recorded, a single split). */
  notice: string | null;
}
