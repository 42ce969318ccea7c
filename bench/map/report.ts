import { loadavg } from 'node:os';
import type { FrameStats } from './frames.ts';
import type { PageFigures } from './page.ts';
import type { ProjectionFigures } from './projection.ts';

const both = (r: ProjectionFigures, stage: string) =>
  `${r.seconds[stage].toFixed(1)} / ${r.cpuSeconds[stage].toFixed(1)}`;

/** The projection next to the kNN graph per size, and how each grows from one size to the next. */
export function printProjection(results: ProjectionFigures[]): void {
  console.log(
    `\nembedding map at curation time: 512-d clustered synthetic vectors (bench/curate/synthetic.ts), k = 10; ` +
      `seconds are wall / process CPU; load average ${loadavg()[0].toFixed(1)} at the end (2 cores shared).`,
  );
  console.table(
    results.map((r) => ({
      n: r.n,
      'knn method': r.method,
      'knn graph': both(r, 'knn'),
      'fuzzy graph': both(r, 'fuzzy'),
      'projection (fuzzy + layout)': both(r, 'projection'),
      'projection / knn (CPU)': (r.cpuSeconds.projection / r.cpuSeconds.knn).toFixed(2),
      'fuzzy edges': r.edges,
      'peak RSS GB': (r.peakRssBytes / 1e9).toFixed(2),
    })),
  );
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    const grow = (stage: string) => {
      const ratio = b.cpuSeconds[stage] / a.cpuSeconds[stage];
      return `x${ratio.toFixed(2)} (~ n^${(Math.log(ratio) / Math.log(b.n / a.n)).toFixed(2)})`;
    };
    console.log(
      `n ${a.n} -> ${b.n} (x${(b.n / a.n).toFixed(1)}): projection CPU ${grow('projection')}, ` +
        `knn CPU ${grow('knn')}; n log n would be x${((b.n * Math.log(b.n)) / (a.n * Math.log(a.n))).toFixed(2)}`,
    );
  }
}

const ms = (v: number) => v.toFixed(1);
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const frames = (s: FrameStats) => `${ms(s.median)} / ${ms(s.p95)} / ${pct(s.over16)} / ${pct(s.over33)}`;

/** One row per size and renderer: first paint, then frame times while panning and zooming. */
export function printPages(results: PageFigures[], seconds: number): void {
  console.log(
    `\nembedding map in headless Chromium (--disable-gpu, 1280x900, 2D canvas): synthetic map pages through a ` +
      `stub of the map route; frames are rAF deltas in ms, "median / p95 / > 16.7 ms / > 33 ms"; draw is the ` +
      `script time of each drawn frame.`,
  );
  console.table(
    results.map((r) => ({
      points: r.size,
      drawn: r.drawn,
      renderer: r.renderer,
      'fetched ms': ms(r.fetchedMs),
      'loaded ms': ms(r.loadedMs),
      'drawn ms': ms(r.paintedMs),
      'first paint ms': ms(r.presentedMs),
      idle: frames(r.idle),
      pan: frames(r.pan),
      zoom: frames(r.zoom),
      'draw median / p95 ms': `${ms(r.draw.median)} / ${ms(r.draw.p95)}`,
      'frames drawn': r.draw.frames,
      'drawn / s': (r.draw.frames / (2 * seconds)).toFixed(0),
      load: r.load.toFixed(1),
    })),
  );
}
