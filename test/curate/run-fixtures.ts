import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { loadConfig } from '../../shared/config/index.ts';
import type { CurationDeps } from '../../shared/curate/index.ts';
import { createDescriptorEmbedder } from '../../shared/embed/index.ts';
import { type IngestSummary, ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { seededRandom } from '../../shared/random/seeded.ts';
import { createLocalBucket, openCurationStore, openStore } from '../../shared/store/index.ts';

/** Each class is a hue: the built-in descriptor (colour layout and histograms) tells them apart. */
export const HUES = { red: [200, 40, 40], green: [40, 170, 60], blue: [40, 70, 200] } as const;
export type Hue = keyof typeof HUES;

/** A picture of a class: a shaded field of its hue with random blocks of lighter and darker shades, and grain. */
export function picture(hue: Hue, seed: number, size = 96): Sharp {
  const next = seededRandom(seed);
  const [r, g, b] = HUES[hue];
  const data = Buffer.alloc(size * size * 3);
  const blocks = Array.from({ length: 6 }, () => ({
    x: next() * size,
    y: next() * size,
    w: 8 + next() * 40,
    h: 8 + next() * 40,
    k: 0.3 + next() * 1.2,
  }));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let k = 0.55 + 0.25 * Math.sin((x + seed) / 9) * Math.cos(y / 13 + seed);
      for (const block of blocks)
        if (Math.abs(x - block.x) < block.w / 2 && Math.abs(y - block.y) < block.h / 2) k = block.k;
      const grain = (next() - 0.5) * 20;
      const at = (y * size + x) * 3;
      data[at] = Math.max(0, Math.min(255, r * k + grain));
      data[at + 1] = Math.max(0, Math.min(255, g * k + grain));
      data[at + 2] = Math.max(0, Math.min(255, b * k + grain));
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } });
}

/**
 * A labelled folder (folder per class) with planted problems, and what is planted where:
 * an exact copy, a smaller JPEG re-encode, and a red picture filed under blue.
 */
export async function writeDataset(dir: string, perClass = 10) {
  for (const hue of Object.keys(HUES) as Hue[]) {
    await mkdir(join(dir, hue), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const seed = 1000 * Object.keys(HUES).indexOf(hue) + i;
      await writeFile(join(dir, hue, `${hue}-${i}.png`), await picture(hue, seed).png().toBuffer());
    }
  }
  const exact = { original: 'red/red-3.png', copy: 'red/zz-copy-of-red-3.png' };
  await writeFile(join(dir, exact.copy), await picture('red', 3).png().toBuffer());
  const resized = { original: 'green/green-4.png', copy: 'green/green-4-small.jpg' };
  await writeFile(
    join(dir, resized.copy),
    await picture('green', 1004).resize(64, 64).jpeg({ quality: 92 }).toBuffer(),
  );
  const near = { original: 'blue/blue-2.png', copy: 'blue/blue-2-cropped.png' };
  await writeFile(
    join(dir, near.copy),
    await sharp(await picture('blue', 2002).png().toBuffer())
      .extract({ left: 8, top: 8, width: 80, height: 80 })
      .png()
      .toBuffer(),
  );
  const mislabel = { key: 'blue/stray.png', truth: 'red' };
  await writeFile(join(dir, mislabel.key), await picture('red', 77).png().toBuffer());
  // One labelled box per image (its class), so the object passes have a dataset of their own to judge.
  for (const hue of Object.keys(HUES) as Hue[]) {
    for (const name of await readdir(join(dir, hue))) {
      const sidecar = { objects: [{ label: hue, box: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 } }] };
      await writeFile(join(dir, hue, `${name}.json`), JSON.stringify(sidecar));
    }
  }
  return { exact, resized, near, mislabel };
}

export interface Workspace {
  root: string;
  deps: CurationDeps;
  ingest(folder: string): Promise<IngestSummary>;
  close(): Promise<void>;
}

/** A data dir with a store, curation tables and a bucket, configured like `--data <root>`. */
export async function workspace(overrides: Record<string, unknown> = {}): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'viscura-curate-'));
  const config = loadConfig({ env: {}, file: undefined, overrides: { dataDir: root, ...overrides } });
  const store = await openStore(config.dbUri);
  const curation = await openCurationStore(config.dbUri);
  const bucket = createLocalBucket(config.bucket);
  const embedder = createDescriptorEmbedder();
  const deps: CurationDeps = { store, curation, bucket, log: silentLogger, config, embedder };
  return {
    root,
    deps,
    ingest: (folder) =>
      ingestFolder(folder, {
        dataset: config.dataset,
        store,
        bucket,
        embedder,
        log: silentLogger,
        limits: { maxBytes: config.ingest.maxBytes, maxPixels: config.ingest.maxPixels },
        thumbnailSize: 64,
        batchSize: 16,
        concurrency: 2,
      }),
    async close() {
      curation.close();
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
