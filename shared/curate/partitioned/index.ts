export {
  buildPartitioned,
  type PartitionedBuild,
  partitionedKnnBuild,
  partitionedKnnGraph,
  partitionedOptionsSchema,
} from './build.ts';
export { readGraph } from './graph.ts';
export { planPartitions } from './plan.ts';
export { searchPartition } from './search.ts';
export type { PartitionedOptions, PartitionPlan, PartitionReport } from './types.ts';
