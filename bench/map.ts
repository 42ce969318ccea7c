/**
 * The embedding map, both halves in one run: `npm run bench -- map [--part all|page|curate]
 * [--page-sizes 10000,100000,1000000] [--curate-sizes 100000,1000000]`.
 * Curation side: the projection's wall and CPU time next to the kNN graph's on the same vectors, each size in its
 * own process (so peak RSS is that size's own). 1M rows need ~4.5 GB: run it under `flock /tmp/viscura-big.lock`.
 * docs/explorer-map.md has the figures and what they mean.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { measurePages, type Renderer } from './map/page.ts';
import { measureProjection, type ProjectionFigures } from './map/projection.ts';
import { printPages, printProjection } from './map/report.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    'page-sizes': { type: 'string', default: '10000,100000,1000000' },
    'curate-sizes': { type: 'string', default: '100000,1000000' },
    renderers: { type: 'string', default: 'path,splat' },
    seconds: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});
const sizes = (list: string) => list.split(',').filter(Boolean).map(Number);

if (values.child) {
  process.stdout.write(`${JSON.stringify(await measureProjection(Number(values.child)))}\n`);
} else {
  if (values.part === 'all' || values.part === 'page') {
    const renderers = values.renderers.split(',') as Renderer[];
    const log = (r: { size: number; renderer: string }) =>
      process.stderr.write(`[map] page ${r.size} ${r.renderer}\n`);
    // Each half of the drive (drag, then wheel) lasts `seconds` / 2.
    const seconds = Number(values.seconds) / 2;
    printPages(await measurePages(sizes(values['page-sizes']), renderers, seconds, log), seconds);
  }
  if (values.part === 'all' || values.part === 'curate')
    printProjection(sizes(values['curate-sizes']).map(child));
}

function child(n: number): ProjectionFigures {
  const run = spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/main.ts', 'map', '--child', String(n)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`the ${n}-row run failed (${run.signal ?? `exit ${run.status}`})`);
  const figures = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ProjectionFigures;
  // Each size as it ends: a long run stopped before its last size still leaves the earlier ones.
  process.stderr.write(`[map] ${JSON.stringify(figures)}\n`);
  return figures;
}
