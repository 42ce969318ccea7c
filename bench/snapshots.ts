/**
 * Snapshots at scale: create, diff and restore a dataset of N synthetic image rows (default 100,000), with the
 * time and the storage each step adds, side by side with copying the database folder (what a snapshot made of
 * copies would cost). Two restores: a table holding only the dataset (LanceDB's own restore), and a table shared
 * with another dataset (the dataset's rows rewritten). `npm run bench -- snapshots [n]`.
 */
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { silentLogger } from '../shared/log/index.ts';
import { openSnapshots } from '../shared/snapshots/index.ts';
import { imageId, openStore, type Store } from '../shared/store/index.ts';
import { seededRandom, syntheticSet } from './curate/synthetic.ts';
import { rowsOf } from './store-search/common.ts';

const n = Number(process.argv[2] ?? 100_000);
const DIMENSION = 256;
const BATCH = 10_000;

interface Line {
  setup: string;
  step: string;
  seconds: number;
  addedMiB: number;
  note: string;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

async function fill(store: Store, count: number, prefix: string, dataset: string): Promise<void> {
  const set = syntheticSet({ n: count, dimension: DIMENSION, seed: prefix.length + 3 });
  const random = seededRandom(11);
  for (let at = 0; at < count; at += BATCH) {
    const rows = rowsOf(set.vectors, DIMENSION, at, Math.min(BATCH, count - at), random, prefix);
    await store.images.upsert(rows.map((row) => ({ ...row, dataset, id: imageId(dataset, row.key) })));
  }
  await store.settle();
}

/** Lines are printed as they are measured: a long run shows its progress. */
function print(l: Line): void {
  console.log(`| ${l.setup} | ${l.step} | ${l.seconds.toFixed(2)} | ${l.addedMiB.toFixed(1)} | ${l.note} |`);
}

async function measure(setup: string, other: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-snap-'));
  const lines = { push: print };
  const store = await openStore(dir, { log: silentLogger });
  try {
    const filling = performance.now();
    await fill(store, n, '', 'bench');
    if (other > 0) await fill(store, other, 'other-', 'other');
    await store.optimize();
    const filled = (performance.now() - filling) / 1000;
    const step = async (name: string, work: () => Promise<string>) => {
      const before = await folderBytes(dir);
      const start = performance.now();
      const note = await work();
      const seconds = (performance.now() - start) / 1000;
      lines.push({
        setup,
        step: name,
        seconds,
        addedMiB: ((await folderBytes(dir)) - before) / 2 ** 20,
        note,
      });
    };
    lines.push({
      setup,
      step: 'the data',
      seconds: 0,
      addedMiB: (await folderBytes(dir)) / 2 ** 20,
      note: `${n} rows written in ${filled.toFixed(0)} s (upserts of ${BATCH})`,
    });
    const copy = await mkdtemp(join(tmpdir(), 'viscura-bench-copy-'));
    const start = performance.now();
    await cp(dir, copy, { recursive: true });
    const copySeconds = (performance.now() - start) / 1000;
    lines.push({
      setup,
      step: 'copy of the folder (baseline)',
      seconds: copySeconds,
      addedMiB: (await folderBytes(copy)) / 2 ** 20,
      note: 'what a copy-based snapshot costs',
    });
    await rm(copy, { recursive: true, force: true });

    const snapshots = await openSnapshots(dir, { log: silentLogger });
    await step('snapshot create', async () => {
      await snapshots.create('bench', 'before');
      return 'one tag per table';
    });
    const table = await (await connect(dir)).openTable('images');
    await step('relabel 1% + add 1%', async () => {
      await table.update({
        where: "dataset = 'bench' AND key LIKE 'folder1/%'",
        values: { label: "'relabelled'" },
      });
      await fill(store, Math.round(n / 100), 'new-', 'bench');
      return 'the changes a snapshot then retains';
    });
    await step('snapshot diff', async () => {
      const diff = await snapshots.diff('bench', 'before');
      return `${diff.added.length} added, ${diff.relabelled.length} relabelled`;
    });
    await step('snapshot restore', async () => {
      const result = await snapshots.restore('bench', 'before');
      return `images: ${result.tables.images?.mode}; undo snapshot taken first`;
    });
    table.close();
    snapshots.close();
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`snapshots: ${n} synthetic image rows (${DIMENSION}-d vectors), one run on this machine\n`);
console.log('| setup | step | seconds | storage added (MiB) | note |');
console.log('|---|---|---:|---:|---|');
await measure(`${n} images, one dataset`, 0);
await measure(`${n} images + ${n / 10} of another dataset`, n / 10);
