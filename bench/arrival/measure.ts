/**
 * One size of the arrival bench: batches of arrivals scored by scoreNewImages against the stored dataset, each
 * timed (wall and process CPU, LanceDB's threads included) with the bytes it read (/proc/self/io `rchar`: every
 * read the process made, page cache or not) and checked: every planted copy must land in its original's cluster
 * and no new picture may be called a duplicate.
 */
import { readFile } from 'node:fs/promises';
import { type CurationDeps, scoreNewImages } from '../../shared/curate/index.ts';
import { viewRuns } from '../../shared/curate/results/view.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { createLocalBucket, openCurationStore, openStore } from '../../shared/store/index.ts';
import { seededRandom } from '../curate/synthetic.ts';
import { percentile } from '../store-search/common.ts';
import { type ArrivalSource, makeArrivals } from './arrivals.ts';
import { type BuiltDataset, DATASET } from './dataset.ts';

export interface BatchPlan {
  size: number;
  repeats: number;
  /** Leave the ids out, as the watcher does: the run finds the arrivals by ingest time. */
  watcher?: boolean;
}

export interface Line {
  n: number;
  batch: number;
  watcher: boolean;
  repeats: number;
  /** Per batch call. */
  p50Ms: number;
  p99Ms: number;
  /** Per arrival, over every call. */
  msPerArrival: number;
  cpuMsPerArrival: number;
  readKbPerArrival: number;
  copies: number;
  found: number;
  newPictures: number;
  falseDuplicates: number;
  /** Incremental runs since the full run after this batch's calls (they accumulate between full runs). */
  incrementalRuns: number;
}

export async function measureSize(built: BuiltDataset, plans: BatchPlan[]): Promise<Line[]> {
  const { config } = built;
  const store = await openStore(config.dbUri, { indexInBackground: false, log: silentLogger });
  const curation = await openCurationStore(config.dbUri);
  const deps: CurationDeps = {
    store,
    curation,
    bucket: createLocalBucket(config.bucket),
    log: silentLogger,
    config,
  };
  const stamp = Date.now();
  // Each stored arrival took at most one pool vector: start past all of them.
  const next = (await store.images.count(DATASET)) - built.n;
  const source: ArrivalSource = { store, n: built.n, pool: built.pool, random: seededRandom(stamp), next };
  const lines: Line[] = [];
  try {
    // As the nightly run leaves the tables (a store built by an older viscura gets the indexes it lacks here).
    await store.optimize();
    await curation.optimize();
    // One arrival first, untimed: the process opens its tables and loads the indexes, as a running watcher has.
    const warm = await makeArrivals(source, 1, `${stamp}-warm`);
    await store.images.upsert(warm.map((arrival) => arrival.row));
    await scoreNewImages(deps, DATASET, [warm[0].row.id]);
    for (const plan of plans) {
      const times: number[] = [];
      let cpu = 0;
      let read = 0;
      const tally = { copies: 0, found: 0, newPictures: 0, falseDuplicates: 0 };
      for (let r = 0; r < plan.repeats; r++) {
        const arrivals = await makeArrivals(source, plan.size, `${stamp}-${plan.size}-${plan.watcher}-${r}`);
        await store.images.upsert(arrivals.map((arrival) => arrival.row));
        const ids = arrivals.map((arrival) => arrival.row.id);
        const io = await readBytes();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await scoreNewImages(deps, DATASET, plan.watcher ? undefined : ids);
        times.push(performance.now() - started);
        const used = process.cpuUsage(cpuBefore);
        cpu += (used.user + used.system) / 1000;
        read += (await readBytes()) - io;
        const rows = new Map(result?.rows.map((row) => [row.id, row]));
        for (const arrival of arrivals) {
          const row = rows.get(arrival.row.id);
          if (arrival.copyOf === null) {
            tally.newPictures++;
            if (row?.duplicateCluster != null) tally.falseDuplicates++;
          } else {
            tally.copies++;
            if (row?.duplicateCluster === arrival.copyOf && !row.representative) tally.found++;
          }
        }
      }
      const arrivalsScored = plan.size * plan.repeats;
      lines.push({
        n: built.n,
        batch: plan.size,
        watcher: plan.watcher === true,
        repeats: plan.repeats,
        p50Ms: percentile(times, 0.5),
        p99Ms: percentile(times, 0.99),
        msPerArrival: times.reduce((a, b) => a + b, 0) / arrivalsScored,
        cpuMsPerArrival: cpu / arrivalsScored,
        readKbPerArrival: read / 1024 / arrivalsScored,
        ...tally,
        incrementalRuns: (await viewRuns(curation, DATASET)).incremental.length,
      });
    }
  } finally {
    curation.close();
    store.close();
  }
  return lines;
}

/** Bytes this process has read so far (Linux; 0 elsewhere). */
async function readBytes(): Promise<number> {
  try {
    const text = await readFile('/proc/self/io', 'utf8');
    return Number(/^rchar:\s*(\d+)/m.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
