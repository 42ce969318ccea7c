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
    if (child.status !== 0) throw new Error(`the ${n}-row run failed (exit ${child.status})`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as CurateFigures);
  }
  print(results);
}

function print(results: CurateFigures[]): void {
  const passes = ['knn', 'duplicates', 'uniqueness', 'clusters', 'select'];
  const rows = results.map((r) => {
    const curate = passes.reduce((sum, p) => sum + r.seconds[p], 0);
    const curateCpu = passes.reduce((sum, p) => sum + r.cpuSeconds[p], 0);
    const both = (stage: string) =>
      r.seconds[stage] === undefined
        ? ''
        : `${r.seconds[stage].toFixed(1)} / ${r.cpuSeconds[stage].toFixed(1)}`;
    return {
      n: r.n,
      knn: r.method,
      'index s': r.seconds.knnIndex.toFixed(1),
      'search s': r.seconds.knnSearch.toFixed(1),
      'knn s wall/cpu': both('knn'),
      'dups s': both('duplicates'),
      'uniq s': both('uniqueness'),
      'clusters s': both('clusters'),
      'select s': both('select'),
      'curate s': `${curate.toFixed(1)} / ${curateCpu.toFixed(1)}`,
      'exact knn s': both('exactKnn'),
      'recall@10': r.recallAt10.toFixed(4),
      'peak RSS GB': (r.peakRssBytes / 1e9).toFixed(2),
      'dup P': r.duplicates.precision.toFixed(3),
      'dup R': r.duplicates.recall.toFixed(3),
      'pair P': r.duplicates.pairPrecision.toFixed(3),
      'dup clusters': r.duplicates.clusters,
      'uniq median': r.uniquenessMedian.toFixed(2),
      selected: r.selected,
      'visual clusters': r.clusterCounts.join('/'),
      _curateCpu: curateCpu,
    };
  });
  console.log(
    `curation geometry, 512-d synthetic, k = 10, load average ${loadavg()[0].toFixed(1)} at the end`,
  );
  console.table(rows.map(({ _curateCpu, ...row }) => row));
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const ratio = b._curateCpu / a._curateCpu;
    const exponent = Math.log(ratio) / Math.log(b.n / a.n);
    console.log(
      `n x${(b.n / a.n).toFixed(1)} (${a.n} -> ${b.n}): curate cpu time x${ratio.toFixed(2)}, ~ n^${exponent.toFixed(2)}`,
    );
  }
}
