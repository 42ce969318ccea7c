export { findLeaks, type LeakDeps, type LeakOptions } from './find.ts';
export type { LeakCluster, LeakMember, LeakPair, LeakReport } from './types.ts';
