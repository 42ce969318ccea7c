import { buildVisualClusters } from '../../shared/curate/clusters/index.ts';
import {
  type DuplicateImage,
  findDuplicates,
  findVerifiedDuplicates,
} from '../../shared/curate/duplicates/index.ts';
import { buildKnnGraph, inMemorySource, measureRecall, readAll } from '../../shared/curate/knn/index.ts';
import { selectUniques, uniqueness } from '../../shared/curate/uniqueness/index.ts';
import { type SyntheticSet, syntheticSet } from './synthetic.ts';
import { poolVerifier, verifyPool } from './verify-pool.ts';

export interface CurateFigures {
  n: number;
  method: string;
  seconds: Record<string, number>;
  /** Process CPU time (all threads) per stage: on a shared machine wall time also counts waiting for a core. */
  cpuSeconds: Record<string, number>;
  recallAt10: number;
  recallSample: number;
  peakRssBytes: number;
  duplicates: { precision: number; recall: number; pairPrecision: number; clusters: number; planted: number };
  /** The verified pass (candidates at cosine 0.90, CLIP-like 512-d vectors; real pictures verified per pair). */
  verified?: {
    pairs: number;
    contentQueries: number;
    precision: number;
    recall: number;
    pairPrecision: number;
    /** Per verifier stage: recall, pair precision and (guarded, screened) the pairs that fell back to the exhaustive search. */
    byStage: Record<string, { recall: number; pairPrecision: number; fellBack: number }>;
  };
  uniquenessMedian: number;
  selected: number;
  clusterCounts: number[];
}

const log = (message: string) => process.stderr.write(`[curate ${new Date().toISOString()}] ${message}\n`);

/** One full pass over `n` synthetic rows: the stages a curation run performs, timed one by one. */
export async function runOnce(
  n: number,
  options: { sample: number; compareExact: boolean },
): Promise<CurateFigures> {
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    log(`${stage}...`);
    // Collect the previous stages' garbage first (the child runs with --expose-gc), so a stage's CPU is its own:
    // without it the first verifier stage paid for the kNN build's heap.
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const out = await work();
    seconds[stage] = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    cpuSeconds[stage] = (used.user + used.system) / 1e6;
    log(`${stage} ${seconds[stage].toFixed(1)} s wall, ${cpuSeconds[stage].toFixed(1)} s cpu`);
    return out;
  };
  const set = await time('generate', () => syntheticSet({ n }));
  const source = inMemorySource(set.vectors, set.dimension);
  const matrix = await readAll(source);
  let lastTenth = -1;
  const knn = await time('knn', () =>
    buildKnnGraph(source, {
      k: 10,
      onProgress: (done, total, stage) => {
        const tenth = Math.floor((10 * done) / total);
        if (tenth !== lastTenth) log(`  ${stage} ${done}/${total}`);
        lastTenth = tenth;
      },
    }),
  );
  seconds.knnIndex = knn.timings.buildMs / 1000;
  seconds.knnSearch = knn.timings.searchMs / 1000;
  seconds.knnRefine = (knn.timings.refineMs ?? 0) / 1000;
  const recall = await time('recall', () => measureRecall(knn.graph, matrix, options.sample));
  const images = imagesOf(set);
  const duplicates = await time('duplicates', () => findDuplicates(knn.graph, matrix, images));
  const pool = await verifyPool();
  let verified: CurateFigures['verified'];
  if (pool) {
    // 1% of the rows framed (a border, a letterbox): their content vector is one more top-2 query each.
    const framed = Int32Array.from({ length: Math.floor(n / 100) }, (_, i) => i * 100);
    const content = new Float32Array(framed.length * set.dimension);
    framed.forEach((row, i) => {
      content.set(set.vectors.subarray(row * set.dimension, (row + 1) * set.dimension), i * set.dimension);
    });
    // The three verifiers side by side (see VerifyMethod).
    for (const [stage, method] of [
      ['verified', 'cascade'],
      ['verifiedExhaustive', 'exhaustive'],
      ['verifiedGuarded', 'guarded'],
      ['verifiedScreened', 'screened'],
    ] as const) {
      const { verifier, pairs, fellBack } = poolVerifier(set, pool, method);
      const found = await time(stage, () =>
        findVerifiedDuplicates(knn.graph, matrix, images, verifier, {
          candidateSimilarity: 0.9,
          threshold: 0.96,
          content: { rows: framed, vectors: content },
        }),
      );
      const scored = scoreDuplicates(set, found.clusterOf);
      verified ??= { pairs: pairs(), contentQueries: framed.length, ...scored, byStage: {} };
      verified.byStage[stage] = { ...scored, fellBack: fellBack() };
    }
  }
  const unique = await time('uniqueness', () => uniqueness(knn.graph));
  const visual = await time('clusters', () => buildVisualClusters(matrix));
  const selection = await time('select', () =>
    selectUniques(knn.graph, {
      target: { fraction: 0.5 },
      uniqueness: unique,
      groups: visual.levels[0].assignment,
      exclude: duplicates.drop,
    }),
  );
  if (options.compareExact) await time('exactKnn', () => buildKnnGraph(source, { k: 10, method: 'exact' }));
  const sorted = Float32Array.from(unique).sort();
  return {
    n,
    method: knn.method,
    seconds,
    cpuSeconds,
    recallAt10: recall.recall,
    recallSample: recall.sampleSize,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    duplicates: { ...scoreDuplicates(set, duplicates.clusterOf), clusters: duplicates.counts.clusters },
    verified,
    uniquenessMedian: sorted[sorted.length >> 1],
    selected: selection.rows.length,
    clusterCounts: visual.levels.map((level) => level.clusters.length),
  };
}

function imagesOf(set: SyntheticSet): DuplicateImage[] {
  return Array.from({ length: set.n }, (_, i) => ({
    id: `id-${i}`,
    key: `img-${String(i).padStart(7, '0')}.jpg`,
    sha256: set.sha256[i],
    pixelHash: set.pixelHash[i],
    width: 640 + (i % 7) * 64,
    height: 480,
    quality: (i % 11) / 20,
    ingestedAt: 1_700_000_000_000 + i,
  }));
}

/**
 * Image level: a row is truly a duplicate when it is a planted copy or the original of one; it is found when
 * it lands in a duplicate cluster. Pair level: of the pairs that share a cluster, how many share a planted group.
 */
function scoreDuplicates(set: SyntheticSet, clusterOf: Int32Array) {
  const group = new Int32Array(set.n).fill(-1);
  for (const { copy, of } of set.planted) {
    group[of] = of;
    group[copy] = of;
  }
  let truth = 0;
  let found = 0;
  let hit = 0;
  const members = new Map<number, number[]>();
  for (let i = 0; i < set.n; i++) {
    if (group[i] >= 0) truth++;
    if (clusterOf[i] < 0) continue;
    found++;
    if (group[i] >= 0) hit++;
    const list = members.get(clusterOf[i]);
    if (list) list.push(i);
    else members.set(clusterOf[i], [i]);
  }
  let pairs = 0;
  let goodPairs = 0;
  for (const list of members.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        pairs++;
        if (group[list[a]] >= 0 && group[list[a]] === group[list[b]]) goodPairs++;
      }
    }
  }
  return {
    precision: found === 0 ? 1 : hit / found,
    recall: truth === 0 ? 1 : hit / truth,
    pairPrecision: pairs === 0 ? 1 : goodPairs / pairs,
    planted: set.planted.length,
  };
}
