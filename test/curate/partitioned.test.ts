import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticSet } from '../../bench/curate/synthetic.ts';
import { configSchema } from '../../shared/config/index.ts';
import { passSettings } from '../../shared/curate/engine/settings.ts';
import { inMemorySource, measureRecall } from '../../shared/curate/knn/index.ts';
import { buildPartitioned, partitionedKnnBuild, readGraph } from '../../shared/curate/partitioned/index.ts';

const dirs: string[] = [];
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-partitioned-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('partitioned kNN graph', () => {
  it('matches the exact graph (recall@10 >= 0.95) with every row searched once', async () => {
    const set = syntheticSet({ n: 4000, dimension: 64, seed: 3 });
    const source = inMemorySource(set.vectors, 64, { batchSize: 500 });
    const dir = await scratch();
    const build = await buildPartitioned(source, dir, { partitionRows: 250, probes: 4, workers: 2 });
    const graph = await readGraph(dir, 4000, 10);
    const recall = measureRecall(graph, { count: 4000, dimension: 64, data: set.vectors }, 4000, 1, 1);
    expect(recall.recall).toBeGreaterThanOrEqual(0.95);
    expect(build.pool.reports.reduce((sum, r) => sum + r.queries, 0)).toBe(4000);
  }, 120_000);

  it('holds rows per worker bounded by partition size, not by N', async () => {
    const held: number[] = [];
    for (const n of [2000, 6000]) {
      const set = syntheticSet({ n, dimension: 32, seed: 5 });
      const dir = await scratch();
      const build = await buildPartitioned(inMemorySource(set.vectors, 32), dir, {
        partitionRows: 200,
        probes: 3,
        workers: 1,
      });
      held.push(Math.max(...build.pool.workers.map((w) => w.maxHeldRows)));
    }
    // Three times the rows, about the same per worker: (probes + 1) partitions of ~200 rows, with k-means skew.
    expect(held[1]).toBeLessThan(held[0] * 1.6);
    expect(held[1]).toBeLessThan(6000 / 2);
  }, 120_000);

  it('serves the passes through the kNN contract, chosen by curate.graph (default: in-process)', async () => {
    expect(passSettings(configSchema.parse({}), undefined).graph).toBe('in-process');
    expect(passSettings(configSchema.parse({ curate: { graph: 'partitioned' } }), undefined).graph).toBe(
      'partitioned',
    );
    const set = syntheticSet({ n: 3000, dimension: 48, seed: 9 });
    const build = await partitionedKnnBuild(inMemorySource(set.vectors, 48), { k: 5, threads: 1 });
    expect(build.graph.n).toBe(3000);
    expect(build.graph.k).toBe(5);
    expect(build.parameters.method).toBe('partitioned');
    const recall = measureRecall(build.graph, { count: 3000, dimension: 48, data: set.vectors }, 500, 2, 1);
    expect(recall.recall).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
