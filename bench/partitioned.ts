/**
 * The partitioned kNN graph next to today's in-process graph, side by side in one run, per size:
 *
 *   nice -n 10 npm run bench -- partitioned [--sizes 200000,500000] [--partition-rows 1000] [--probes 8]
 *
 * Each phase runs in its own process, so its peak RSS is its own: `gen` writes the synthetic 512-d clustered
 * vectors with 2% planted copies (bench/curate/synthetic.ts) to bench/.tmp; `today` reads them all and builds
 * the graph as the passes do now (buildKnnGraph, HNSW + refinement); `partitioned` streams them through the
 * planner into LanceDB tables and runs the worker processes; `recall` scores both graphs against exact search
 * on 1 000 sampled rows, streaming the vectors. CPU counts every process of a phase (workers included).
 * Then the nightly case (bench/partitioned/nightly.ts; `--skip nightly` leaves it out): 1% new rows and 0.1%
 * deleted applied to the build by the incremental update, next to a fresh full build of the rows after it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildKnnGraph,
  inMemorySource,
  type KnnGraph,
  sampleIndices,
  seededRandom,
} from '../shared/curate/knn/index.ts';
import { buildPartitioned, readGraph } from '../shared/curate/partitioned/index.ts';
import { syntheticSet } from './curate/synthetic.ts';
import { fileSource, readWhole } from './partitioned/file-source.ts';
import {
  afterPath,
  agreement,
  lanceDir,
  nightlyCounts,
  runFresh,
  runNightly,
  writeChange,
} from './partitioned/nightly.ts';
import { streamedRecall } from './partitioned/recall.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '200000,500000' },
    phase: { type: 'string' },
    n: { type: 'string' },
    'partition-rows': { type: 'string', default: '1000' },
    probes: { type: 'string', default: '8' },
    skip: { type: 'string', default: '' },
    keep: { type: 'boolean', default: false },
  },
});
const DIM = 512;
const K = 10;
const TMP = join(import.meta.dirname, '.tmp', 'partitioned');
const vectorsPath = (n: number) => join(TMP, `vectors-${n}.f32`);
const poolPath = (n: number) => join(TMP, `pool-${n}.f32`);
const NIGHTLY = { tmp: TMP, dimension: DIM, k: K };
const graphPath = (n: number, name: string) => join(TMP, `graph-${n}-${name}`);

interface Figures {
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  [key: string]: unknown;
}

async function main(): Promise<void> {
  await mkdir(TMP, { recursive: true });
  const skip = new Set(values.skip.split(',').filter(Boolean));
  const rows: string[] = [];
  const nights: string[] = [];
  for (const n of values.sizes.split(',').map(Number)) {
    child('gen', n);
    const today = skip.has('today') ? undefined : child('today', n);
    const part = child('partitioned', n, skip.has('nightly') ? [] : ['--keep']);
    const recall = child('recall', n);
    rows.push(line(n, 'today (HNSW + refine, in-process)', today, recall.today as number | undefined));
    rows.push(line(n, 'partitioned (LanceDB + worker processes)', part, recall.partitioned as number));
    // Each size's figures as soon as they are in, so a run cut short keeps what it measured.
    process.stderr.write(`${n}: ${JSON.stringify({ today, partitioned: part, recall })}\n`);
    if (!skip.has('nightly')) {
      child('change', n);
      const night = child('nightly', n);
      const fresh = child('fresh', n);
      const scored = child('nightlyRecall', n);
      process.stderr.write(`${n} nightly: ${JSON.stringify({ night, fresh, scored })}\n`);
      nights.push(nightLine(n, part, night, fresh, scored));
    }
    for (const path of [vectorsPath(n), poolPath(n), afterPath(NIGHTLY, n)]) await rm(path, { force: true });
  }
  console.log(
    `\nkNN graph, ${DIM}-d, k = ${K}, partition rows ${values['partition-rows']}, probes ${values.probes}\n`,
  );
  console.log(
    '| n | path | wall s | CPU s | peak RSS MB (planner / process) | worker peak RSS MB | rows held per worker | recall@10 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (nights.length === 0) return;
  console.log('\nNightly update: 1% new rows (a tenth planted near copies), 0.1% deleted\n');
  console.log(
    '| n | full build wall s / CPU s | update wall s / CPU s | update / build (wall, CPU) | partitions updated | graph rows written | recall@10 updated / fresh build | updated vs fresh build | planted found | dangling | fresh build wall s / CPU s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of nights) console.log(row);
}

function nightLine(n: number, build: Figures, night: Figures, fresh: Figures, scored: Figures): string {
  const [bw, bc] = [build.buildWallS as number, build.cpuS];
  const [uw, uc] = [night.updateWallS as number, night.updateCpuS as number];
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
  const recall = `${(scored.updated as number).toFixed(4)} / ${(scored.fresh as number).toFixed(4)}`;
  return `| ${n} | ${bw.toFixed(1)} / ${bc.toFixed(1)} | ${uw.toFixed(1)} / ${uc.toFixed(1)} | ${pct(uw, bw)}, ${pct(uc, bc)} | ${night.partitionsUpdated} | ${night.graphRowsWritten} | ${recall} | ${(scored.agreement as number).toFixed(4)} | ${night.plantedFound} / ${night.planted} | ${night.danglingNeighbours} | ${fresh.wallS.toFixed(1)} / ${fresh.cpuS.toFixed(1)} |`;
}

function line(n: number, name: string, f: Figures | undefined, recall: number | undefined): string {
  if (!f) return `| ${n} | ${name} | skipped | | | | | |`;
  const workers = (f.workerRssMb as number[] | undefined)?.map((m) => m.toFixed(0)).join(' / ') ?? '-';
  const held = f.maxHeldRows === undefined ? '-' : String(f.maxHeldRows);
  return `| ${n} | ${name} | ${f.wallS.toFixed(1)} | ${f.cpuS.toFixed(1)} | ${f.peakRssMb.toFixed(0)} | ${workers} | ${held} | ${recall?.toFixed(4) ?? '-'} |`;
}

function child(phase: string, n: number, extra: string[] = []): Figures {
  const args = ['bin/run-ts.mjs', 'bench/partitioned.ts', '--phase', phase, '--n', String(n), ...extra];
  args.push('--partition-rows', values['partition-rows'], '--probes', values.probes);
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0)
    throw new Error(`phase ${phase} at ${n} failed (${run.signal ?? `exit ${run.status}`})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Figures;
}

async function runPhase(phase: string, n: number): Promise<Figures> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const extra = await phases[phase](n);
  const used = process.cpuUsage(cpu);
  return {
    wallS: (performance.now() - started) / 1000,
    cpuS: (used.user + used.system) / 1e6 + ((extra.workerCpuS as number | undefined) ?? 0),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  };
}

const phases: Record<string, (n: number) => Promise<Record<string, unknown>>> = {
  async gen(n) {
    // The nightly case's new rows come from the same mixture: drawn with the stored ones, kept apart.
    const { added } = nightlyCounts(n);
    const set = syntheticSet({ n: n + added, dimension: DIM });
    await writeFile(vectorsPath(n), new Uint8Array(set.vectors.buffer, 0, n * DIM * 4));
    await writeFile(poolPath(n), new Uint8Array(set.vectors.buffer, n * DIM * 4));
    return {};
  },
  async today(n) {
    const data = await readWhole(vectorsPath(n), n, DIM);
    const built = await buildKnnGraph(inMemorySource(data, DIM), { k: K, method: 'approximate' });
    await saveGraph(graphPath(n, 'today'), built.graph);
    return {};
  },
  async partitioned(n) {
    const dir = lanceDir(NIGHTLY, n);
    await rm(dir, { recursive: true, force: true });
    const build = await buildPartitioned(fileSource(vectorsPath(n), n, DIM), dir, {
      k: K,
      partitionRows: Number(values['partition-rows']),
      probes: Number(values.probes),
    });
    // The planner's peak before it reads the graph back (the bench needs it in one piece to score recall).
    const plannerRssMb = process.resourceUsage().maxRSS / 1024;
    const graph = await readGraph(dir, n, K);
    await saveGraph(graphPath(n, 'partitioned'), graph);
    // The nightly case updates these tables next.
    if (!values.keep) await rm(dir, { recursive: true, force: true });
    const sizes = build.pool.reports.map((r) => r.queries);
    return {
      plannerRssMb,
      workerRssMb: build.pool.workers.map((w) => w.peakRssBytes / 2 ** 20),
      workerCpuS: build.pool.workers.reduce((sum, w) => sum + w.cpuMs, 0) / 1000,
      maxHeldRows: Math.max(...build.pool.workers.map((w) => w.maxHeldRows)),
      partitions: sizes.length,
      largestPartition: Math.max(...sizes),
      // Per-partition rates for the cost model (docs/scale.md): one task's wall time and the rows it read.
      meanPartitionMs: build.pool.reports.reduce((sum, r) => sum + r.ms, 0) / sizes.length,
      meanHeldRows: build.pool.reports.reduce((sum, r) => sum + r.held, 0) / sizes.length,
      timingsS: Object.fromEntries(Object.entries(build.timings).map(([k, v]) => [k, v / 1000])),
      buildWallS: (build.timings.planMs + build.timings.assignMs + build.timings.searchMs) / 1000,
    };
  },
  async change(n) {
    return writeChange(NIGHTLY, n, vectorsPath(n), poolPath(n));
  },
  async nightly(n) {
    return runNightly(NIGHTLY, n, (graph) => saveGraph(graphPath(n, 'updated'), graph));
  },
  async fresh(n) {
    const fresh = await runFresh(NIGHTLY, n, afterRows(n), {
      partitionRows: Number(values['partition-rows']),
      probes: Number(values.probes),
    });
    await saveGraph(graphPath(n, 'fresh'), fresh.graph);
    return { workerCpuS: fresh.workerCpuS };
  },
  async nightlyRecall(n) {
    const rows = afterRows(n);
    const graphs: Record<string, KnnGraph> = {};
    for (const name of ['updated', 'fresh']) {
      const graph = await loadGraph(graphPath(n, name), rows);
      if (graph) graphs[name] = graph;
    }
    const recall = await streamedRecall(afterPath(NIGHTLY, n), rows, DIM, graphs, 1000, K);
    const sample = sampleIndices(rows, 1000, seededRandom(7));
    return { ...recall, agreement: agreement(graphs.updated, graphs.fresh, sample) };
  },
  async recall(n) {
    const graphs: Record<string, KnnGraph> = {};
    for (const name of ['today', 'partitioned']) {
      const graph = await loadGraph(graphPath(n, name), n);
      if (graph) graphs[name] = graph;
    }
    return streamedRecall(vectorsPath(n), n, DIM, graphs, 1000, K);
  },
};

function afterRows(n: number): number {
  const { added, deleted } = nightlyCounts(n);
  return n + added - deleted;
}

async function saveGraph(path: string, graph: KnnGraph): Promise<void> {
  await writeFile(`${path}.i32`, new Uint8Array(graph.neighbors.buffer));
  await writeFile(`${path}.f32`, new Uint8Array(graph.similarities.buffer));
}

async function loadGraph(path: string, n: number): Promise<KnnGraph | undefined> {
  try {
    const ids = await readFile(`${path}.i32`);
    const sims = await readFile(`${path}.f32`);
    const neighbors = new Int32Array(ids.buffer, ids.byteOffset, n * K);
    const similarities = new Float32Array(sims.buffer, sims.byteOffset, n * K);
    await rm(`${path}.i32`);
    await rm(`${path}.f32`);
    return { n, k: K, neighbors, similarities };
  } catch {
    return undefined;
  }
}

if (values.phase) {
  const figures = await runPhase(values.phase, Number(values.n));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  await main();
}
