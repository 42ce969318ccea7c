/**
 * Curation geometry at scale: `npm run bench -- curate [--n N] [--sizes 25000,50000,100000] [--sample 1000]`.
 * Each size runs in its own process (so peak RSS is that size's own) over synthetic 512-d clustered vectors with
 * planted duplicates, and prints wall time per stage, peak RSS, kNN recall@10 against exact search on a sample,
 * duplicate precision/recall against the planted copies, and how time grows with n.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type CurateFigures, runOnce } from './curate/pipeline.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    sizes: { type: 'string', default: '25000,50000,100000' },
    sample: { type: 'string', default: '1000' },
    child: { type: 'boolean', default: false },
    'compare-exact': { type: 'string', default: '25000' },
  },
});
const sample = Number(values.sample);

if (values.child) {
  const n = Number(values.n);
  const figures = await runOnce(n, { sample, compareExact: String(n) === values['compare-exact'] });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const sizes = (values.n ?? values.sizes).split(',').map(Number);
  const results: CurateFigures[] = [];
  for (const n of sizes) {
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        'bin/run-ts.mjs',
        'bench/main.ts',
        'curate',
        '--child',
        '--n',
        String(n),
        '--sample',
        String(sample),
        '--compare-exact',
        values['compare-exact'],
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
    );
    if (child.status !== 0)
      throw new Error(`the ${n}-row run failed (${child.signal ?? `exit ${child.status}`})`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as CurateFigures);
  }
  print(results);
}

function print(results: CurateFigures[]): void {
  const stages = ['verified', 'verifiedExhaustive', 'verifiedGuarded', 'verifiedScreened'];
  const passes = ['knn', 'duplicates', 'uniqueness', 'clusters', 'select'];
  const total = (of: Record<string, number>) => passes.reduce((sum, p) => sum + of[p], 0);
  const both = (r: CurateFigures, stage: string) =>
    r.seconds[stage] === undefined
      ? ''
      : `${r.seconds[stage].toFixed(1)} / ${r.cpuSeconds[stage].toFixed(1)}`;
  console.log(
    `curation geometry, 512-d synthetic, k = 10. Seconds are wall / process CPU (all threads); load average ` +
      `${loadavg()[0].toFixed(1)} at the end: on 2 cores, wall above CPU / 2 is time spent waiting for a core.`,
  );
  for (const r of results)
    console.log(`n = ${r.n}: generating the data took ${r.seconds.generate.toFixed(1)} s`);
  console.table(
    results.map((r) => ({
      n: r.n,
      method: r.method,
      'index (wall)': r.seconds.knnIndex.toFixed(1),
      'search (wall)': r.seconds.knnSearch.toFixed(1),
      'refine (wall)': r.seconds.knnRefine?.toFixed(1) ?? '',
      knn: both(r, 'knn'),
      duplicates: both(r, 'duplicates'),
      verified: both(r, 'verified'),
      uniqueness: both(r, 'uniqueness'),
      clusters: both(r, 'clusters'),
      select: both(r, 'select'),
      'curate total': `${total(r.seconds).toFixed(1)} / ${total(r.cpuSeconds).toFixed(1)}`,
      'exact knn': both(r, 'exactKnn'),
      'peak RSS GB': (r.peakRssBytes / 1e9).toFixed(2),
    })),
  );
  console.table(
    results.map((r) => ({
      n: r.n,
      [`recall@10 (${r.recallSample} rows)`]: r.recallAt10.toFixed(4),
      'dup precision': r.duplicates.precision.toFixed(3),
      'dup recall': r.duplicates.recall.toFixed(3),
      'pair precision': r.duplicates.pairPrecision.toFixed(3),
      'dup clusters': r.duplicates.clusters,
      'planted copies': r.duplicates.planted,
      'uniqueness median': r.uniquenessMedian.toFixed(2),
      'selected (50%)': r.selected,
      'visual clusters by level': r.clusterCounts.join('/'),
    })),
  );
  console.table(
    results
      .filter((r) => r.verified)
      .map((r) => ({
        n: r.n,
        'verified pairs': r.verified?.pairs,
        'content queries': r.verified?.contentQueries,
        'verified CPU s (cascade / exhaustive / guarded / screened)': stages
          .map((stage) => r.cpuSeconds[stage]?.toFixed(1) ?? '')
          .join(' / '),
        'kNN CPU s': r.cpuSeconds.knn.toFixed(1),
        'verification adds (CPU; cascade / exhaustive / guarded / screened)': stages
          .map((stage) => share(r, stage))
          .join(' / '),
        'dup recall / pair precision (cascade / exhaustive / guarded / screened)': stages
          .map((stage) => {
            const s = r.verified?.byStage[stage];
            return s ? `${s.recall.toFixed(3)}/${s.pairPrecision.toFixed(3)}` : '';
          })
          .join(' '),
        'fell back (guarded / screened)': `${r.verified?.byStage.verifiedGuarded?.fellBack} / ${r.verified?.byStage.verifiedScreened?.fellBack}`,
      })),
  );
  // Verification over the rest of curation (kNN graph, descriptor-only duplicates, uniqueness, clusters, select).
  function share(r: CurateFigures, stage: string): string {
    if (r.cpuSeconds[stage] === undefined) return '';
    return `${((100 * r.cpuSeconds[stage]) / total(r.cpuSeconds)).toFixed(1)}%`;
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const grow = (of: (r: CurateFigures) => number) => {
      const ratio = of(b) / of(a);
      return `x${ratio.toFixed(2)} (~ n^${(Math.log(ratio) / Math.log(b.n / a.n)).toFixed(2)})`;
    };
    console.log(
      `n ${a.n} -> ${b.n}: curate CPU ${grow((r) => total(r.cpuSeconds))}, ` +
        `knn CPU ${grow((r) => r.cpuSeconds.knn)}, wall ${grow((r) => total(r.seconds))}`,
    );
  }
}
