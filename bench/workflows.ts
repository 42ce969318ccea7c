/**
 * Dataset workflows on real photos (bench/photos/corpus.ts): split leakage precision / recall on planted
 * cross-split copies, and saved-view alert latency after an ingest on the embedded path, with a receiver that
 * fails its first deliveries. `npm run bench -- workflows`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../shared/config/index.ts';
import { curateDataset } from '../shared/curate/index.ts';
import { findLeaks } from '../shared/curate/leakage/index.ts';
import { ingestFolder, watchFolder } from '../shared/ingest/index.ts';
import { silentLogger } from '../shared/log/index.ts';
import { openRuntime } from '../shared/runtime/index.ts';
import { openRuntimeViews } from '../shared/runtime/views.ts';
import { openCurationStore } from '../shared/store/index.ts';
import { webhookReceiver } from '../test/helpers/webhook-receiver.ts';
import { arrival } from './workflows/arrival.ts';
import { plantedSplitSet } from './workflows/photos.ts';

const DATASET = 'leaks';
const set = await plantedSplitSet();
if (set.hint) console.log(set.hint);
const dir = await mkdtemp(join(tmpdir(), 'viscura-bench-workflows-'));
const inbox = join(dir, 'inbox');
for (const [key, bytes] of set.files) {
  await mkdir(dirname(join(inbox, key)), { recursive: true });
  await writeFile(join(inbox, key), bytes);
}
const config = loadConfig({ env: {}, overrides: { dataDir: dir, dataset: DATASET, logLevel: 'silent' } });
const runtime = await openRuntime(config, silentLogger);
const embedder = await runtime.embedder();
const curation = await openCurationStore(config.dbUri, { log: silentLogger });
const deps = { store: runtime.store, curation, bucket: runtime.bucket, log: silentLogger, config, embedder };
try {
  await ingestFolder(inbox, runtime.ingestContext(embedder));
  await curateDataset(deps, { dataset: DATASET, kind: 'full' });
  await leakage();
  await alerts();
} finally {
  curation.close();
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
}

async function leakage(): Promise<void> {
  const idOf = new Map<string, string>();
  for await (const batch of runtime.store.images.scan(DATASET, { columns: ['id', 'key'] }))
    for (const row of batch) idOf.set(row.key, row.id);
  const pairKey = (a: string, b: string) => [a, b].sort().join('|');
  // Ground truth: every pair of copies of one source photo that lie in different splits (an in-split copy and a
  // cross-split copy of the same photo leak too).
  const groups = new Map<string, { key: string; transform: string }[]>();
  for (const [original, copy, transform] of [...set.leaks, ...set.inSplit]) {
    const group = groups.get(original) ?? [{ key: original, transform: 'original' }];
    group.push({ key: copy, transform });
    groups.set(original, group);
  }
  const planted = new Map<string, string>();
  for (const group of groups.values())
    for (const [i, a] of group.entries())
      for (const b of group.slice(i + 1))
        if (a.key.split('/')[0] !== b.key.split('/')[0])
          planted.set(
            pairKey(idOf.get(a.key) ?? a.key, idOf.get(b.key) ?? b.key),
            a.transform === 'original' ? b.transform : 'two edited copies of one photo',
          );
  console.log(
    `\nsplit leakage: ${set.files.size} real photos and copies; ${set.leaks.length} photos copied into val/test ` +
      `(${set.inSplit.length} also copied inside train): ${planted.size} cross-split pairs of the same picture; descriptor model\n`,
  );
  console.log('| duplicate threshold | reported pairs | precision | recall | F1 |');
  console.log('|---:|---:|---:|---:|---:|');
  const byTransform = new Map<string, [number, number]>();
  for (const threshold of [0.3, 0.5, 0.7]) {
    const report = await findLeaks({ store: runtime.store, curation }, DATASET, {
      threshold,
      limit: 100_000,
    });
    const reported = report.clusters.flatMap((c) => c.pairs.map((p) => pairKey(p.a, p.b)));
    const hits = reported.filter((pair) => planted.has(pair));
    const found = new Set(hits);
    const precision = reported.length ? hits.length / reported.length : 1;
    const recall = found.size / planted.size;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    console.log(
      `| ${threshold} | ${reported.length} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${f1.toFixed(3)} |`,
    );
    if (threshold === 0.5)
      for (const [pair, transform] of planted) {
        const [hit, all] = byTransform.get(transform) ?? [0, 0];
        byTransform.set(transform, [hit + (found.has(pair) ? 1 : 0), all + 1]);
      }
  }
  console.log('\n| transform of the copy (pair) | pairs found at 0.5 |');
  console.log('|---|---:|');
  for (const [transform, [hit, all]] of byTransform) console.log(`| ${transform} | ${hit} / ${all} |`);
}

async function alerts(): Promise<void> {
  const rounds = 6;
  for (const failFirst of [0, 2]) {
    const hook = await webhookReceiver();
    const views = await openRuntimeViews(
      {
        ...runtime,
        config: {
          ...config,
          views: { ...config.views, allowWebhooks: [hook.url], backoffMs: 250, maxBackoffMs: 2_000 },
        },
      },
      curation,
    );
    const name = `tests-${failFirst}`;
    await views.create(DATASET, {
      name,
      query: 'split:test',
      webhook: { url: hook.url },
      owner: { keyId: 'bench', datasets: null },
    });
    const ingestMs: number[] = [];
    const checkMs: number[] = [];
    const totalMs: number[] = [];
    // The embedded path as `npm start` runs it: the folder watcher ingests the file, then the views are checked.
    let ingested: (() => void) | undefined;
    const watcher = watchFolder(inbox, runtime.ingestContext(embedder), {
      onIngested: (batch) => {
        if (batch.ingested > 0) ingested?.();
      },
    });
    await watcher.ready;
    await mkdir(join(inbox, 'test', 'new'), { recursive: true });
    for (let i = 0; i < rounds; i++) {
      hook.failNext(failFirst);
      const key = `test/new/arrival-${failFirst}-${i}.png`;
      const bytes = await arrival(i + failFirst * 100);
      const done = new Promise<void>((resolve) => {
        ingested = resolve;
      });
      const landed = performance.now();
      const start = Date.now();
      await writeFile(join(inbox, key), bytes);
      await done;
      const afterIngest = performance.now();
      const check = (await views.check(DATASET, 'ingest')).find((c) => c.name === name);
      const checked = performance.now();
      if (check?.alert?.status !== 'delivered')
        throw new Error(`alert not delivered: ${JSON.stringify(check)}`);
      const accepted = hook.received.find(
        (r) => r.status === 200 && r.headers['idempotency-key'] === check.alert?.id,
      );
      ingestMs.push(afterIngest - landed);
      checkMs.push(checked - afterIngest);
      totalMs.push((accepted?.at ?? Date.now()) - start);
    }
    await watcher.close();
    await views.delete(DATASET, name);
    const unique = hook.accepted().size;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    if (failFirst === 0) {
      console.log(
        `\nsaved-view alert latency, embedded path (${set.files.size}+ images, ${rounds} arrivals each)\n`,
      );
      console.log(
        '| receiver | watcher ingest (ms, p50) | view check + delivery (ms, p50) | file landed -> alert accepted (ms, p50) | deliveries | alerts | accepted once by key |',
      );
      console.log('|---|---:|---:|---:|---:|---:|---:|');
    }
    console.log(
      `| ${failFirst ? `fails the first ${failFirst} tries (503), backoff 250 ms` : 'healthy'} | ${median(ingestMs).toFixed(0)} | ${median(checkMs).toFixed(0)} | ${median(totalMs).toFixed(0)} | ${hook.received.length} | ${rounds} | ${unique === rounds ? 'yes' : `no (${unique})`} |`,
    );
    views.close();
    await hook.close();
  }
}
