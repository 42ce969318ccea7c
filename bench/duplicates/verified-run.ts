/**
 * One verified pass over the bench set, as curation runs it, with the verifier's cost per pair: process CPU per
 * verifyPair call (the machine is shared, so wall time would count waiting for a core) and where each pair was
 * decided (the unedited frame, a coarse placement not worth refining, a refined placement).
 */

import type { VectorMirror } from '../../shared/curate/duplicates/index.ts';
import {
  type DuplicateImage,
  findVerifiedDuplicates,
  type PairVerdict,
  verifyPair,
} from '../../shared/curate/duplicates/index.ts';
import type { VerifyMethod } from '../../shared/curate/duplicates/verify/index.ts';
import type { KnnGraph, VectorMatrix } from '../../shared/curate/knn/index.ts';
import type { ItemFeatures } from './features.ts';

export interface VerifiedRun {
  pass: Awaited<ReturnType<typeof findVerifiedDuplicates>>;
  /** Judged confidence per ordered pair a * n + b (both orders). */
  confidences: Map<number, number>;
  verdicts: Map<number, PairVerdict>;
  pairs: number;
  cpuMs: number;
  passMs: number;
  decidedAt: Record<string, number>;
  /** `guarded`: pairs the exhaustive search decided (the cascade's confidence was inside the band). */
  fellBack: number;
}

export async function verifiedRun(
  input: {
    graph: KnnGraph;
    matrix: VectorMatrix;
    images: DuplicateImage[];
    features: ItemFeatures[];
    mirror?: VectorMirror;
    content: { rows: Int32Array; vectors: Float32Array };
    candidate: number;
  },
  method: VerifyMethod,
): Promise<VerifiedRun> {
  const { features } = input;
  const n = features.length;
  const run: Omit<VerifiedRun, 'pass' | 'passMs'> = {
    confidences: new Map(),
    verdicts: new Map(),
    pairs: 0,
    cpuMs: 0,
    decidedAt: { frame: 0, coarse: 0, refined: 0 },
    fellBack: 0,
  };
  const verifier = async (a: number, b: number) => {
    const cpu = process.cpuUsage();
    const verdict = verifyPair(features[a].verify, features[b].verify, { method });
    const used = process.cpuUsage(cpu);
    run.cpuMs += (used.user + used.system) / 1000;
    run.pairs++;
    run.decidedAt[verdict.decidedAt ?? 'frame']++;
    if (verdict.fellBack) run.fellBack++;
    run.verdicts.set(a * n + b, verdict);
    if (verdict.confidence !== null) {
      run.confidences.set(a * n + b, verdict.confidence);
      run.confidences.set(b * n + a, verdict.confidence);
    }
    return verdict;
  };
  const started = performance.now();
  const pass = await findVerifiedDuplicates(input.graph, input.matrix, input.images, verifier, {
    candidateSimilarity: input.candidate,
    threshold: 0.9,
    mirror: input.mirror,
    content: input.content,
  });
  return { ...run, pass, passMs: performance.now() - started };
}

/** Each row's most confident judged partner (top-1 retrieval), else its nearest kNN neighbour. */
export function topByConfidence(run: VerifiedRun, graph: KnnGraph, n: number): Int32Array {
  const best = new Int32Array(n).fill(-1);
  const bestConfidence = new Float32Array(n).fill(-1);
  for (const [key, c] of run.confidences) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    if (c > bestConfidence[i] || (c === bestConfidence[i] && j < best[i]))
      [best[i], bestConfidence[i]] = [j, c];
  }
  for (let i = 0; i < n; i++) if (best[i] < 0) best[i] = graph.neighbors[i * graph.k];
  return best;
}
