/**
 * Dedupe on arrival at scale: per-arrival latency, CPU and bytes read of scoreNewImages for batches of 1, 10 and
 * 100 arrivals against stores of growing size, with the recall of the planted copies. Each store holds n
 * synthetic clustered 512-d images indexed as store.optimize() indexes them, and a full run covering them.
 * A final section prints, per size, what each store query of one arrival reads (LanceDB's analyzePlan).
 *
 *   npm run bench -- arrival [--sizes 20000,100000] [--keep DIR] [--repeats 20,5,2] [--plans]
 *
 * The 1M store needs ~3-4 GB while it is built: run it under `flock /tmp/viscura-big.lock`. `--keep DIR` keeps
 * each built store in DIR/n<size> and reuses it on the next run (the arrivals a run adds stay there too).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetOf } from './arrival/dataset.ts';
import { type BatchPlan, type Line, measureSize } from './arrival/measure.ts';
import { type PlanLine, planLines, printPlans } from './arrival/plans.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20000,100000' },
    keep: { type: 'string' },
    repeats: { type: 'string', default: '20,5,2' },
    plans: { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const [r1, r10, r100] = values.repeats.split(',').map(Number);
const batches: BatchPlan[] = [
  { size: 1, repeats: r1 },
  { size: 10, repeats: r10 },
  { size: 100, repeats: r100 },
  { size: 10, repeats: r10, watcher: true },
];

const lines: Line[] = [];
const builds: string[] = [];
const plans: PlanLine[][] = [];
const scratch = values.keep ? undefined : await mkdtemp(join(tmpdir(), 'viscura-bench-arrival-'));
try {
  for (const n of sizes) {
    const root = join(values.keep ?? (scratch as string), `n${n}`);
    const built = await datasetOf(root, n);
    builds.push(`n=${n}: store ${built.reused ? 'reused' : 'built'} (${built.buildS.toFixed(0)} s to build)`);
    if (values['build-only']) continue;
    lines.push(...(await measureSize(built, batches)));
    if (values.plans) plans.push(await planLines(built));
    console.error(
      `arrival bench: n=${n} done, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  }
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
}

console.log(
  '\ndedupe on arrival (scoreNewImages, LanceDB store, 512-d synthetic, half the arrivals planted copies)',
);
console.log(builds.join('; '));
console.log(
  '| n | batch | calls | p50 ms / call | p99 ms / call | ms / arrival | CPU ms / arrival | KB read / arrival | copies found | new called duplicate | incremental runs since the full run |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const l of lines) {
  console.log(
    `| ${l.n} | ${l.batch}${l.watcher ? ' (watcher)' : ''} | ${l.repeats} | ${l.p50Ms.toFixed(1)} | ${l.p99Ms.toFixed(1)} | ${l.msPerArrival.toFixed(1)} | ${l.cpuMsPerArrival.toFixed(1)} | ${l.readKbPerArrival.toFixed(0)} | ${l.found}/${l.copies} | ${l.falseDuplicates}/${l.newPictures} | ${l.incrementalRuns} |`,
  );
}
const first = lines.filter((l) => l.n === sizes[0]);
for (const n of sizes.slice(1)) {
  const ratios = lines
    .filter((l) => l.n === n)
    .map(
      (l, i) =>
        `batch ${l.batch}${l.watcher ? 'w' : ''}: x${(l.msPerArrival / first[i].msPerArrival).toFixed(2)}`,
    );
  console.log(
    `ms per arrival at n=${n} vs n=${sizes[0]} (${(n / sizes[0]).toFixed(0)}x the rows): ${ratios.join(', ')}`,
  );
}
if (plans.length > 0) printPlans(plans);
