/**
 * The embedding map's cost at curation time next to the kNN graph it is laid out from: the same synthetic
 * vectors, the same process, timed stage by stage (wall and process CPU).
 */
import { buildKnnGraph, inMemorySource } from '../../shared/curate/knn/index.ts';
// The fuzzy graph alone, to split the projection into its two stages (the public face only has projectMap).
import { fuzzyGraph } from '../../shared/curate/map/fuzzy.ts';
import { projectMap } from '../../shared/curate/map/index.ts';
import { syntheticSet } from '../curate/synthetic.ts';

export interface ProjectionFigures {
  n: number;
  k: number;
  method: string;
  /** Undirected edges of the fuzzy graph: what each layout epoch walks. */
  edges: number;
  seconds: Record<string, number>;
  cpuSeconds: Record<string, number>;
  peakRssBytes: number;
}

const log = (message: string) => process.stderr.write(`[map ${new Date().toISOString()}] ${message}\n`);

export async function measureProjection(n: number, k = 10): Promise<ProjectionFigures> {
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    log(`n = ${n}: ${stage}...`);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const out = await work();
    seconds[stage] = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    cpuSeconds[stage] = (used.user + used.system) / 1e6;
    log(`n = ${n}: ${stage} ${seconds[stage].toFixed(1)} s wall, ${cpuSeconds[stage].toFixed(1)} s cpu`);
    return out;
  };
  const set = await time('generate', () => syntheticSet({ n }));
  const source = inMemorySource(set.vectors, set.dimension);
  let lastTenth = -1;
  const knn = await time('knn', () =>
    buildKnnGraph(source, {
      k,
      onProgress: (done, total, stage) => {
        const tenth = Math.floor((10 * done) / total);
        if (tenth !== lastTenth) log(`  ${stage} ${done}/${total}`);
        lastTenth = tenth;
      },
    }),
  );
  const fuzzy = await time('fuzzy', () => fuzzyGraph(knn.graph));
  // What a curation run pays: fuzzy graph + layout + normalise + sample ranks, as the map stage calls it.
  await time('projection', () => projectMap(knn.graph));
  return {
    n,
    k,
    method: knn.method,
    edges: fuzzy.head.length,
    seconds,
    cpuSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
