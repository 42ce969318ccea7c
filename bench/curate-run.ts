/**
 * The curation run end to end, store included: synthetic images written to a LanceDB store, then a full run
 * (load, passes, rows written), an incremental run for a handful of uploads, issue lists at two thresholds and
 * the report. Prints one row per size, so growth with n reads off the ratios.
 *
 *   npm run bench -- curate-run [n ...]        (default 10000 50000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/config/index.ts';
import {
  buildReport,
  type CurationDeps,
  issueThresholds,
  listIssue,
  runCuration,
  scoreNewImages,
  writeReport,
} from '../shared/curate/index.ts';
import { silentLogger } from '../shared/log/index.ts';
import {
  createLocalBucket,
  type ImageRow,
  imageId,
  openCurationStore,
  openStore,
} from '../shared/store/index.ts';
import { syntheticSet } from './curate/synthetic.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const UPLOADS = 20;
const LABEL_NOISE = 0.02;

interface Figures {
  n: number;
  writeStoreS: number;
  runS: number;
  stages: Record<string, number>;
  incrementalMsPerImage: number;
  listMs: number;
  listLooseMs: number;
  reportMs: number;
  peakRssMb: number;
  mislabels: number;
  duplicates: number;
}

async function measure(n: number): Promise<Figures> {
  const root = await mkdtemp(join(tmpdir(), 'viscura-bench-run-'));
  try {
    const config = loadConfig({ env: {}, overrides: { dataDir: root } });
    const store = await openStore(config.dbUri);
    const curation = await openCurationStore(config.dbUri);
    const deps: CurationDeps = {
      store,
      curation,
      bucket: createLocalBucket(config.bucket),
      log: silentLogger,
      config,
    };
    const data = syntheticSet({ n: n + UPLOADS, seed: 7 });
    const rows = (from: number, to: number) => imageRows(data, from, to);

    let started = performance.now();
    for (let from = 0; from < n; from += 5000)
      await store.images.upsert(rows(from, Math.min(n, from + 5000)));
    const writeStoreS = (performance.now() - started) / 1000;

    started = performance.now();
    const run = await runCuration(deps, { dataset: 'bench', kind: 'full' });
    const runS = (performance.now() - started) / 1000;

    // Uploads: the last rows of the set, which hold planted copies of stored rows.
    await store.images.upsert(rows(n, n + UPLOADS));
    started = performance.now();
    await scoreNewImages(
      deps,
      'bench',
      Array.from({ length: UPLOADS }, (_, i) => imageId('bench', `img/${n + i}.jpg`)),
    );
    const incrementalMsPerImage = (performance.now() - started) / UPLOADS;

    const thresholds = issueThresholds(config);
    started = performance.now();
    await listIssue(deps, 'bench', { issue: 'mislabels', limit: 100 }, thresholds);
    const listMs = performance.now() - started;
    started = performance.now();
    await listIssue(deps, 'bench', { issue: 'mislabels', threshold: 0.2, limit: 100 }, thresholds);
    const listLooseMs = performance.now() - started;
    started = performance.now();
    const report = await buildReport(deps, 'bench', { thresholds });
    if (report) await writeReport(deps.bucket, report);
    const reportMs = performance.now() - started;

    curation.close();
    store.close();
    return {
      n,
      writeStoreS,
      runS,
      stages: run.timings,
      incrementalMsPerImage,
      listMs,
      listLooseMs,
      reportMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      mislabels: run.counts.mislabels,
      duplicates: run.counts.duplicates,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function imageRows(data: ReturnType<typeof syntheticSet>, from: number, to: number): ImageRow[] {
  const out: ImageRow[] = [];
  for (let i = from; i < to; i++) {
    const key = `img/${i}.jpg`;
    // A few labels flipped to a neighbouring component, the way annotators err.
    const flipped = (i * 2654435761) % 1000 < LABEL_NOISE * 1000;
    out.push({
      id: imageId('bench', key),
      dataset: 'bench',
      key,
      sha256: data.sha256[i],
      pixelHash: data.pixelHash[i],
      size: 100_000,
      width: 640,
      height: 480,
      format: 'jpeg',
      label: `c${(data.component[i] + (flipped ? 1 : 0)) % 20}`,
      caption: null,
      tags: [],
      thumbnailKey: `thumbnails/bench/${imageId('bench', key)}.webp`,
      vector: data.vectors.slice(i * data.dimension, (i + 1) * data.dimension),
      model: 'synthetic-512',
      ingestedAt: 1_700_000_000_000 + i,
      blur: 0,
      dark: 0,
      bright: 0,
      lowInformation: 0,
      oddSize: 0,
      oddAspectRatio: 0,
      grayscale: 0,
    });
  }
  return out;
}

const results: Figures[] = [];
for (const n of sizes.length ? sizes : [10_000, 50_000]) results.push(await measure(n));

const base = results[0];
console.log(
  '\ncuration run, end to end (LanceDB store, 512-d synthetic vectors, 2% planted copies, 2% flipped labels)',
);
console.log(
  'n        | store write s | full run s | x first | per 1k s | load s | passes s | rows write s | incr ms/img | list ms (0.5 / 0.2) | report ms | peak RSS MB',
);
for (const r of results) {
  const s = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(2);
  const passes = [
    'knn',
    'duplicates',
    'uniqueness',
    'selectUniques',
    'mislabels',
    'classOutliers',
    'datasetOutliers',
    'visualClusters',
  ]
    .map((stage) => r.stages[stage] ?? 0)
    .reduce((a, b) => a + b, 0);
  console.log(
    [
      String(r.n).padEnd(8),
      r.writeStoreS.toFixed(1).padStart(13),
      r.runS.toFixed(1).padStart(10),
      (r.runS / base.runS).toFixed(1).padStart(7),
      ((r.runS / r.n) * 1000).toFixed(2).padStart(8),
      s(r.stages.load).padStart(6),
      s(passes).padStart(8),
      s(r.stages.write).padStart(12),
      r.incrementalMsPerImage.toFixed(0).padStart(11),
      `${r.listMs.toFixed(0)} / ${r.listLooseMs.toFixed(0)}`.padStart(19),
      r.reportMs.toFixed(0).padStart(9),
      r.peakRssMb.toFixed(0).padStart(11),
    ].join(' | '),
  );
}
console.log('\nstage timings (ms):');
for (const r of results)
  console.log(
    `  n=${r.n}: ${JSON.stringify(r.stages)}  flagged: ${r.mislabels} mislabels, ${r.duplicates} duplicates`,
  );
