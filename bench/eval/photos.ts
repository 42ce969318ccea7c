import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Embedder } from '../../shared/embed/types.ts';
import type { Raster } from '../../shared/media/types.ts';
import { TRANSFORMS, toRaster } from '../descriptor-quality.ts';
import { type CheckFigures, figures, printTable } from './metrics.ts';
import type { BuildGraph, FindDuplicates } from './types.ts';

const SKIMAGE_DIR = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';
/** skimage's photographs (public domain / CC0); textures and the stereo twin of motorcycle_left are left out. */
const PHOTOS = [
  'astronaut.png',
  'camera.png',
  'cell.png',
  'chelsea.png',
  'clock_motion.png',
  'coffee.png',
  'coins.png',
  'hubble_deep_field.jpg',
  'ihc.png',
  'moon.png',
  'motorcycle_left.png',
  'page.png',
  'retina.jpg',
  'rocket.jpg',
];
const COPIES_PER_SOURCE = 3;

interface Entry {
  raster: Raster;
  /** Images with the same group are copies of one source; -1 = a distractor with no copy. */
  group: number;
}

/**
 * Section (c): near duplicates of real photos. Each photo and its four 60% tiles are sources; each source gets
 * three copies by the core transforms, in turn. Mirror images and quarter turns of every source and 25% tiles
 * of every photo are distractors: look-alikes that are not copies.
 */
export async function evalPhotos(
  embedder: Embedder,
  buildGraph: BuildGraph,
  duplicates: FindDuplicates | undefined,
): Promise<CheckFigures[]> {
  const missing = PHOTOS.filter((p) => !existsSync(join(SKIMAGE_DIR, p)));
  if (missing.length > 0) {
    console.log(
      `\n(c) near duplicates of real photos: SKIPPED: ${join(SKIMAGE_DIR, missing[0])} is missing. Install it with: apt-get install -y python3-skimage`,
    );
    return [];
  }
  const entries = await buildEntries();
  const vectors = await embedder.embedImages(entries.map((e) => e.raster));
  const graph = buildGraph(vectors, 10);
  const group = Int32Array.from(entries, (e) => e.group);
  const hasCopy = entries.map((e) => e.group >= 0);
  const nearest = Float32Array.from({ length: graph.n }, (_, i) => graph.similarities[i * graph.k]);
  const rows: CheckFigures[] = [
    figures('nearest cosine >= 0.96 (pairwise baseline)', nearest, hasCopy, 0.96),
  ];
  if (duplicates) {
    const found = duplicates(vectors, graph);
    rows.push(figures('in a duplicate cluster (graded score)', found.score, hasCopy));
    rows.push(pairFigures(found.cluster, group));
  }
  printTable(
    `(c) near duplicates of real photos: ${entries.filter((e) => e.group >= 0).length} images in copy groups ` +
      `(${PHOTOS.length} photos + 4 tiles each, ${COPIES_PER_SOURCE} copies per source), ` +
      `${entries.filter((e) => e.group < 0).length} distractors (mirror images, quarter turns, 25% tiles)`,
    rows,
  );
  if (!duplicates)
    console.log('  shared/curate/duplicates has not landed: only the pairwise baseline is measured.');
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
      entries.push({ raster: await toRaster(source.png), group: g });
      entries.push({ raster: await toRaster(sharp(source.png).flop()), group: -1 });
      entries.push({ raster: await toRaster(sharp(source.png).rotate(90)), group: -1 });
      for (let c = 0; c < COPIES_PER_SOURCE; c++, turn++) {
        const copy = await transforms[turn % transforms.length](source, turn);
        entries.push({ raster: await toRaster(copy), group: g });
      }
    }
    for (const tile of await tiles(photo, 0.25, 4)) entries.push({ raster: await toRaster(tile), group: -1 });
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

/** Pairwise precision and recall of the clusters against the copy groups (AUROC does not apply). */
function pairFigures(cluster: Int32Array, group: Int32Array): CheckFigures {
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
    check: 'duplicate clusters, pairwise',
    positives: truth,
    total: (cluster.length * (cluster.length - 1)) / 2,
    flagged: predicted,
    precision: predicted > 0 ? agreed / predicted : Number.NaN,
    recall: truth > 0 ? agreed / truth : Number.NaN,
    auroc: Number.NaN,
  };
}
