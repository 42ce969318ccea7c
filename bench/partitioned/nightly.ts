/**
 * The nightly case of `npm run bench -- partitioned`: after the full build at n, a change of 1% new rows (a
 * tenth of them planted near copies of stored rows) and 0.1% deleted rows, applied by the incremental update,
 * then a fresh full build over the rows after the change. Each step is a phase in its own process (see
 * bench/partitioned.ts); files under `tmp` carry what one phase hands the next.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KnnGraph } from '../../shared/curate/knn/index.ts';
import { buildPartitioned, readGraph, updatePartitioned } from '../../shared/curate/partitioned/index.ts';
import { nightlyChange } from './change.ts';
import { fileSource, readWhole } from './file-source.ts';

export interface NightlyPaths {
  tmp: string;
  dimension: number;
  k: number;
}

export const nightlyCounts = (n: number) => ({ added: Math.round(n / 100), deleted: Math.round(n / 1000) });

const file = (p: NightlyPaths, n: number, name: string) => join(p.tmp, `nightly-${n}-${name}`);
export const afterPath = (p: NightlyPaths, n: number) => file(p, n, 'after.f32');
export const lanceDir = (p: NightlyPaths, n: number) => join(p.tmp, `lance-${n}`);

/** Writes the change (rows, vectors, deletions, planted copies) and the rows after it, compacted in row order. */
export async function writeChange(p: NightlyPaths, n: number, vectorsPath: string, poolPath: string) {
  const { dimension: d } = p;
  const counts = nightlyCounts(n);
  const stored = await readWhole(vectorsPath, n, d);
  const pool = await readWhole(poolPath, counts.added, d);
  const change = nightlyChange((row) => stored.subarray(row * d, (row + 1) * d), n, pool, d, {
    ...counts,
    changed: 0,
  });
  await writeFile(file(p, n, 'rows.i32'), new Uint8Array(change.rows.buffer));
  await writeFile(file(p, n, 'vectors.f32'), new Uint8Array(change.vectors.buffer));
  await writeFile(file(p, n, 'deleted.i32'), new Uint8Array(change.deleted.buffer));
  await writeFile(file(p, n, 'planted.json'), JSON.stringify(change.planted));
  const deleted = new Set(change.deleted);
  const total = n + counts.added;
  const after = new Float32Array((total - deleted.size) * d);
  let at = 0;
  for (let row = 0; row < total; row++) {
    if (deleted.has(row)) continue;
    const from = row < n ? stored.subarray(row * d, (row + 1) * d) : change.vectors.subarray((row - n) * d);
    after.set(from.subarray(0, d), at++ * d);
  }
  await writeFile(afterPath(p, n), new Uint8Array(after.buffer));
  return { rows: total - deleted.size };
}

async function readInts(path: string): Promise<Int32Array> {
  const bytes = await readFile(path);
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}

/** The update on the build's tables; its wall and CPU (this process and its workers) are the figures. */
export async function runNightly(p: NightlyPaths, n: number, save: (graph: KnnGraph) => Promise<void>) {
  const rows = await readInts(file(p, n, 'rows.i32'));
  const bytes = await readFile(file(p, n, 'vectors.f32'));
  const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
  const deleted = await readInts(file(p, n, 'deleted.i32'));
  const planted = JSON.parse(await readFile(file(p, n, 'planted.json'), 'utf8')) as {
    copy: number;
    of: number;
  }[];
  const dir = lanceDir(p, n);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await updatePartitioned(dir, { rows, vectors, deleted });
  const used = process.cpuUsage(cpu);
  const wallS = (performance.now() - started) / 1000;
  if (result.action !== 'updated') throw new Error(`the update asked for a rebuild: ${result.reason}`);
  const workerCpuS = result.pool.workers.reduce((sum, w) => sum + w.cpuMs, 0) / 1000;
  const total = n + rows.length;
  const gone = new Set(deleted);
  const graph = await readGraph(dir, total, p.k, gone);
  await rm(dir, { recursive: true, force: true });
  const listed = (row: number) => graph.neighbors.subarray(row * p.k, (row + 1) * p.k);
  const found = planted.filter(({ copy, of }) => listed(copy).includes(of) && listed(of).includes(copy));
  let dangling = 0;
  for (const j of graph.neighbors) if (gone.has(j)) dangling++;
  // Renumbered to the compacted rows (deleted rows left out, order kept), as the fresh build sees them.
  const compact = new Int32Array(total).fill(-1);
  let at = 0;
  for (let row = 0; row < total; row++) if (!gone.has(row)) compact[row] = at++;
  const neighbors = new Int32Array(at * p.k);
  const similarities = new Float32Array(at * p.k);
  for (let row = 0; row < total; row++) {
    if (compact[row] < 0) continue;
    for (let c = 0; c < p.k; c++) {
      const j = graph.neighbors[row * p.k + c];
      neighbors[compact[row] * p.k + c] = j < 0 ? -1 : compact[j];
      similarities[compact[row] * p.k + c] = graph.similarities[row * p.k + c];
    }
  }
  await save({ n: at, k: p.k, neighbors, similarities });
  const written = result.pool.reports.reduce((sum, r) => sum + (r.written ?? 0), 0);
  return {
    updateWallS: wallS,
    updateCpuS: (used.user + used.system) / 1e6 + workerCpuS,
    workerCpuS,
    partitionsUpdated: result.partitions,
    searchedRows: result.pool.reports.reduce((sum, r) => sum + r.queries, 0),
    graphRowsWritten: written,
    timingsS: Object.fromEntries(Object.entries(result.timings).map(([key, v]) => [key, v / 1000])),
    drift: result.drift,
    planted: planted.length,
    plantedFound: found.length,
    danglingNeighbours: dangling,
  };
}

/** A fresh full build (new plan) over the rows after the change. */
export async function runFresh(
  p: NightlyPaths,
  n: number,
  rows: number,
  options: { partitionRows: number; probes: number },
) {
  const dir = join(p.tmp, `lance-fresh-${n}`);
  await rm(dir, { recursive: true, force: true });
  const build = await buildPartitioned(fileSource(afterPath(p, n), rows, p.dimension), dir, {
    k: p.k,
    ...options,
  });
  const graph = await readGraph(dir, rows, p.k);
  await rm(dir, { recursive: true, force: true });
  return { graph, workerCpuS: build.pool.workers.reduce((sum, w) => sum + w.cpuMs, 0) / 1000 };
}

/** Share of `graph`'s lists that `truth` also lists, over the sampled rows. */
export function agreement(graph: KnnGraph, truth: KnnGraph, sample: ArrayLike<number>): number {
  let total = 0;
  for (let s = 0; s < sample.length; s++) {
    const row = sample[s];
    const want = new Set(truth.neighbors.subarray(row * truth.k, (row + 1) * truth.k));
    let hits = 0;
    for (let c = 0; c < graph.k; c++) if (want.has(graph.neighbors[row * graph.k + c])) hits++;
    total += hits / graph.k;
  }
  return total / sample.length;
}
