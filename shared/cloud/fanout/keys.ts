import type { SubjectKind } from '../../store/index.ts';

/** Where one run keeps its fan-out objects: curation/<runId>/<images|objects>/... */
export function fanoutPrefix(runId: string, kind: SubjectKind): string {
  return `curation/${runId}/${kind === 'image' ? 'images' : 'objects'}`;
}

export const manifestKey = (prefix: string): string => `${prefix}/vectors.json`;

export const blockKey = (prefix: string, block: number): string =>
  `${prefix}/vectors/block-${String(block).padStart(5, '0')}.f32`;

export const shardKey = (prefix: string, shard: number): string =>
  `${prefix}/shard-${String(shard).padStart(4, '0')}.bin`;

/** The run's own record: what was fanned out, and where its report went. */
export const runRecordKey = (runId: string): string => `curation/${runId}/run.json`;
