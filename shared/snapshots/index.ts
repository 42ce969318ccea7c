export { checkSnapshotName } from './registry.ts';
export { openSnapshots, type SnapshotOptions, type Snapshots } from './snapshots.ts';
export type { RestoreResult, Snapshot, SnapshotDiff, SnapshotTable } from './types.ts';
