import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { findDuplicates } from '../../shared/curate/duplicates/index.ts';
import type { Embedder } from '../../shared/embed/types.ts';
import { PHOTOS, SKIMAGE_DIR } from '../descriptor/dataset.ts';
import { TRANSFORMS } from '../descriptor-quality.ts';
import { embedAll, graphOf, ingest, matrixOf } from './ingest.ts';
import { type CheckFigures, figures, printTable } from './metrics.ts';

const COPIES_PER_SOURCE = 3;

interface Entry {
  file: Buffer;
  /** True for the untouched source of a copy group: the one a keeper rule should keep (highest resolution). */
  original: boolean;
  /** Images with the same group are copies of one source; -1 = a distractor with no copy. */
  group: number;
}

/**
 * Section (c): near duplicates of real photos. Each photo and its four 60% tiles are sources; each source gets
 * three copies by the core transforms, in turn. Mirror images and quarter turns of every source and 25% tiles
 * of every photo are distractors: look-alikes that are not copies.
 */
export async function evalPhotos(embedder: Embedder): Promise<CheckFigures[]> {
  const missing = PHOTOS.filter((p) => !existsSync(join(SKIMAGE_DIR, p)));
  if (missing.length > 0) {
    console.log(
      `\n(c) near duplicates of real photos: SKIPPED: ${join(SKIMAGE_DIR, missing[0])} is missing. Install it with: apt-get install -y python3-skimage`,
    );
    return [];
  }
  const entries = await buildEntries();
  const { rasters, images } = await ingest(entries.map((e) => e.file));
  const vectors = await embedAll(embedder, rasters);
  const graph = await graphOf(vectors, 10);
  const group = Int32Array.from(entries, (e) => e.group);
  const hasCopy = entries.map((e) => e.group >= 0);
  const nearest = Float32Array.from({ length: graph.n }, (_, i) => graph.similarities[i * graph.k]);
  const rows: CheckFigures[] = [
    figures('nearest cosine >= 0.96 (pairwise baseline)', nearest, hasCopy, 0.96),
  ];
  const found = findDuplicates(graph, await matrixOf(vectors), images);
  rows.push(figures('duplicate score (graded; 0.5 = threshold)', found.score, hasCopy));
  rows.push(
    figures(
      'in a duplicate cluster',
      Array.from(found.clusterOf, (c) => (c >= 0 ? 1 : 0)),
      hasCopy,
    ),
  );
  rows.push(pairFigures('duplicate clusters, pairwise', found.clusterOf, group));
  rows.push(keeperFigures(found.drop, entries));
  // The same pass with pixel hashes withheld: near-duplicate clustering alone, without exact-pixel units.
  const nearOnly = findDuplicates(
    graph,
    await matrixOf(vectors),
    images.map((image) => ({ ...image, pixelHash: null })),
  );
  rows.push(pairFigures('duplicate clusters, pairwise, no pixel hash', nearOnly.clusterOf, group));
  printTable(
    `(c) near duplicates of real photos: ${entries.filter((e) => e.group >= 0).length} images in copy groups ` +
      `(${PHOTOS.length} photos + 4 tiles each, ${COPIES_PER_SOURCE} copies per source), ` +
      `${entries.filter((e) => e.group < 0).length} distractors (mirror images, quarter turns, 25% tiles)`,
    rows,
  );
  console.log(
    `  ${pixelHashNote(
      images.map((image) => image.pixelHash),
      group,
    )}`,
  );
  const worst = Math.min(...found.clusters.filter((c) => c.kind === 'near').map((c) => c.minSimilarity));
  console.log(
    `  ${found.counts.clusters} clusters; the least similar pair inside any near-duplicate cluster is at cosine ` +
      `${worst.toFixed(3)} (threshold ${found.threshold}): no chaining.`,
  );
  return rows;
}

async function buildEntries(): Promise<Entry[]> {
  const transforms = Object.values(TRANSFORMS);
  const entries: Entry[] = [];
  let turn = 0;
  let groups = 0;
  for (const photo of PHOTOS) {
    for (const source of await sources(photo)) {
      const g = groups++;
      entries.push({ file: source.png, original: true, group: g });
      entries.push({ file: await sharp(source.png).flop().png().toBuffer(), original: false, group: -1 });
      entries.push({ file: await sharp(source.png).rotate(90).png().toBuffer(), original: false, group: -1 });
      for (let c = 0; c < COPIES_PER_SOURCE; c++, turn++) {
        const copy = await transforms[turn % transforms.length](source, turn);
        entries.push({ file: copy, original: false, group: g });
      }
    }
    for (const tile of await tiles(photo, 0.25, 4)) entries.push({ file: tile, original: false, group: -1 });
  }
  return entries;
}

interface Source {
  name: string;
  group: 'photo';
  png: Buffer;
  width: number;
  height: number;
}

async function readPhoto(photo: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(join(SKIMAGE_DIR, photo))
    .removeAlpha()
    .toColourspace('srgb')
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Crops of relative size `f` on an n x n grid of positions spanning the photo. */
async function tiles(photo: string, f: number, n: number): Promise<Buffer[]> {
  const { data, width, height } = await readPhoto(photo);
  const w = Math.round(width * f);
  const h = Math.round(height * f);
  const out: Buffer[] = [];
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const left = Math.round(((width - w) * gx) / (n - 1));
      const top = Math.round(((height - h) * gy) / (n - 1));
      out.push(await sharp(data).extract({ left, top, width: w, height: h }).png().toBuffer());
    }
  }
  return out;
}

/** The photo and its four 60% corner tiles. */
async function sources(photo: string): Promise<Source[]> {
  const { data, width, height } = await readPhoto(photo);
  const corners = await tiles(photo, 0.6, 2);
  const w = Math.round(width * 0.6);
  const h = Math.round(height * 0.6);
  return [
    { name: photo, group: 'photo', png: data, width, height },
    ...corners.map((png, c) => ({
      name: `${photo}#${c}`,
      group: 'photo' as const,
      png,
      width: w,
      height: h,
    })),
  ];
}

/**
 * The keeper rule against the truth: rows it drops should be copies, never an untouched original, and every
 * copy group should keep exactly one image. Precision = dropped rows that are copies; recall = copies dropped.
 */
function keeperFigures(drop: Uint8Array, entries: readonly Entry[]): CheckFigures {
  let dropped = 0;
  let right = 0;
  let copies = 0;
  entries.forEach((e, i) => {
    const isCopy = e.group >= 0 && !e.original;
    if (isCopy) copies++;
    if (drop[i]) {
      dropped++;
      if (isCopy) right++;
    }
  });
  return {
    check: 'dropped by the keeper rule (truth: copies)',
    positives: copies,
    total: entries.length,
    flagged: dropped,
    precision: dropped > 0 ? right / dropped : Number.NaN,
    recall: copies > 0 ? right / copies : Number.NaN,
    f1: copies > 0 ? (2 * right) / (dropped + copies) : Number.NaN,
    auroc: Number.NaN,
  };
}

/** How often equal pixel hashes (treated as exact duplicates) join images that are not copies of each other. */
function pixelHashNote(hashes: readonly (string | null)[], group: Int32Array): string {
  const rows = new Map<string, number[]>();
  hashes.forEach((hash, i) => {
    if (hash) rows.set(hash, [...(rows.get(hash) ?? []), i]);
  });
  const shared = [...rows.values()].filter((r) => r.length > 1);
  const mixed = shared.filter((r) => new Set(r.map((i) => (group[i] >= 0 ? group[i] : -i - 1))).size > 1);
  return `pixel hash: ${shared.length} sets of images share one; ${mixed.length} of them join images that are not copies`;
}

/** Pairwise precision and recall of the clusters against the copy groups (AUROC does not apply). */
function pairFigures(check: string, cluster: Int32Array, group: Int32Array): CheckFigures {
  const pairs = (ids: Int32Array) => {
    const sizes = new Map<number, number>();
    for (const id of ids) if (id >= 0) sizes.set(id, (sizes.get(id) ?? 0) + 1);
    let total = 0;
    for (const s of sizes.values()) total += (s * (s - 1)) / 2;
    return total;
  };
  const both = new Map<string, number>();
  for (let i = 0; i < cluster.length; i++) {
    if (cluster[i] < 0 || group[i] < 0) continue;
    const key = `${cluster[i]}:${group[i]}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  let agreed = 0;
  for (const s of both.values()) agreed += (s * (s - 1)) / 2;
  const predicted = pairs(cluster);
  const truth = pairs(group);
  return {
    check,
    positives: truth,
    total: (cluster.length * (cluster.length - 1)) / 2,
    flagged: predicted,
    precision: predicted > 0 ? agreed / predicted : Number.NaN,
    recall: truth > 0 ? agreed / truth : Number.NaN,
    f1: truth > 0 ? (2 * agreed) / (predicted + truth) : Number.NaN,
    auroc: Number.NaN,
  };
}
