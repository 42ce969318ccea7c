export { buildVisualClusters, type VisualClusterOptions, visualClusterOptionsSchema } from './build.ts';
export { assign, type KMeansResult, sphericalKMeans } from './kmeans.ts';
export { dominantLabels } from './labels.ts';
export type { VisualCluster, VisualClusters, VisualLevel } from './types.ts';
