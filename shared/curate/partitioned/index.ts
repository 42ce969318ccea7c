export {
  buildPartitioned,
  type PartitionedBuild,
  partitionedKnnBuild,
  partitionedKnnGraph,
  partitionedOptionsSchema,
} from './build.ts';
export { type DriftFigures, type DriftSettings, driftReason, driftSettingsSchema } from './drift.ts';
export { readGraph } from './graph.ts';
export { planPartitions } from './plan.ts';
export { searchPartition } from './search.ts';
export { loadPlan } from './state.ts';
export type { PartitionedOptions, PartitionPlan, PartitionReport } from './types.ts';
export {
  type GraphChange,
  type UpdateOptions,
  type UpdateResult,
  updateOptionsSchema,
  updatePartitioned,
} from './update.ts';
