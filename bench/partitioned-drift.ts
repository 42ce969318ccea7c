/**
 * What the partitioned graph's drift rule (shared/curate/partitioned/drift.ts) is set from: a build, then
 * nights of updates that add 10% rows each, either more of the same mixture ("same") or rows from mixture
 * components the plan never saw ("new"). After each night: the drift figures, recall@10 of the updated graph
 * against exact, that of a fresh full build of the same rows, and the update's CPU against the build's.
 *
 *   nice -n 10 npm run bench -- partitioned-drift [--n 8000] [--nights 5]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inMemorySource, measureRecall } from '../shared/curate/knn/index.ts';
import { buildPartitioned, readGraph, updatePartitioned } from '../shared/curate/partitioned/index.ts';
import { syntheticSet } from './curate/synthetic.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '8000' }, nights: { type: 'string', default: '5' } },
});
const N = Number(values.n);
const NIGHTS = Number(values.nights);
const D = 64;
const K = 10;
const BUILD = { partitionRows: 250, probes: 4, workers: 2, k: K };
const NO_LIMIT = { maxChangedShare: 100, maxPartitionGrowth: 100, maxDistanceGrowth: 100 };

function cpuS(start: NodeJS.CpuUsage, workers: { cpuMs: number }[]): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 + workers.reduce((sum, w) => sum + w.cpuMs, 0) / 1000;
}

async function night(kind: 'same' | 'new'): Promise<string[]> {
  const night = Math.round(N / 10);
  const base = syntheticSet({ n: N + NIGHTS * night, dimension: D, seed: 31 });
  // Unseen components: another seed's mixture (its centres are random directions, not the build's).
  const unseen = syntheticSet({ n: NIGHTS * night, dimension: D, seed: 97, clusters: 8 });
  const extra = kind === 'same' ? base.vectors.subarray(N * D) : unseen.vectors;
  const all = new Float32Array((N + NIGHTS * night) * D);
  all.set(base.vectors.subarray(0, N * D));
  all.set(extra.subarray(0, NIGHTS * night * D), N * D);
  const dir = await mkdtemp(join(tmpdir(), 'viscura-drift-'));
  const lines: string[] = [];
  try {
    let start = process.cpuUsage();
    const build = await buildPartitioned(inMemorySource(all.subarray(0, N * D), D), dir, BUILD);
    const buildCpu = cpuS(start, build.pool.workers);
    for (let i = 1; i <= NIGHTS; i++) {
      const from = N + (i - 1) * night;
      const rows = Int32Array.from({ length: night }, (_, r) => from + r);
      start = process.cpuUsage();
      const result = await updatePartitioned(
        dir,
        { rows, vectors: all.slice(from * D, (from + night) * D), deleted: new Int32Array(0) },
        { workers: 2, drift: NO_LIMIT },
      );
      if (result.action !== 'updated') throw new Error(result.reason);
      const updateCpu = cpuS(start, result.pool.workers);
      const total = from + night;
      const matrix = { count: total, dimension: D, data: all.subarray(0, total * D) };
      const updated = measureRecall(await readGraph(dir, total, K), matrix, 1000, 3, 2).recall;
      const freshDir = await mkdtemp(join(tmpdir(), 'viscura-drift-fresh-'));
      const fresh = await buildPartitioned(inMemorySource(matrix.data, D), freshDir, BUILD);
      const freshRecall = measureRecall(await readGraph(freshDir, total, K), matrix, 1000, 3, 2).recall;
      await rm(freshDir, { recursive: true, force: true });
      const { changedShare, partitionGrowth, distanceGrowth } = result.drift;
      lines.push(
        `| ${kind} | ${i} | ${changedShare.toFixed(2)} | ${partitionGrowth.toFixed(2)} | ${distanceGrowth.toFixed(2)} | ${updated.toFixed(4)} | ${freshRecall.toFixed(4)} | ${((100 * updateCpu) / buildCpu).toFixed(0)}% |`,
      );
      process.stderr.write(`${lines.at(-1)} (fresh build ${fresh.plan.count} rows)\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

const rows = [...(await night('same')), ...(await night('new'))];
console.log(
  `\nDrift, n = ${N}, ${D}-d, nights of +10%, partition rows ${BUILD.partitionRows}, probes ${BUILD.probes}\n`,
);
console.log(
  '| new rows | night | changed share | largest partition growth | distance growth | recall@10 updated | recall@10 fresh build | update CPU / build CPU |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
