export interface VisualCluster {
  /** Index of the cluster within its level; larger clusters first. */
  id: number;
  level: number;
  /** The cluster it refines at level - 1 (-1 at level 0). */
  parent: number;
  size: number;
  /** Unit mean direction of the members. */
  centroid: Float32Array;
  /** Rows nearest the centroid, nearest first: what a browser shows for the cluster. */
  preview: number[];
  /** Mean cosine of the members to the centroid: how tight the cluster is. */
  cohesion: number;
}

export interface VisualLevel {
  level: number;
  clusters: VisualCluster[];
  /** Cluster id (within this level) of every row. */
  assignment: Int32Array;
}

/** Levels from coarse (0) to fine; every cluster of level l + 1 lies inside one cluster of level l. */
export interface VisualClusters {
  levels: VisualLevel[];
  parameters: Record<string, number>;
}
