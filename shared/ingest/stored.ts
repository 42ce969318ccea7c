import type { Box } from '../media/types.ts';
import type { Store } from '../store/index.ts';
import { where } from '../store/index.ts';
import type { StoredImage } from '../store/types.ts';
import { type Annotation, normaliseBoxes } from './annotations/index.ts';

/** What is stored for a key: its content hash and the annotation it was stored with, objects included. */
export interface StoredState extends StoredImage {
  objects: { label: string | null; box: Box }[];
}

/** One lookup of the images and one of their objects per batch, never one per file. */
export async function storedStates(
  store: Store,
  dataset: string,
  keys: readonly string[],
): Promise<Map<string, StoredState>> {
  const images = await store.images.existing(dataset, keys);
  const byId = new Map<string, StoredState>();
  const out = new Map<string, StoredState>();
  for (const [key, image] of images) {
    const state = { ...image, objects: [] };
    byId.set(image.id, state);
    out.set(key, state);
  }
  if (byId.size === 0) return out;
  const scan = store.objects.scan(dataset, {
    where: where.in('imageId', [...byId.keys()]),
    columns: ['imageId', 'label', 'box'],
  });
  for await (const batch of scan) {
    for (const row of batch) byId.get(row.imageId)?.objects.push({ label: row.label, box: row.box });
  }
  return out;
}

/** Float32 box columns give back about 7 digits. */
const BOX_TOLERANCE = 1e-5;

/** Whether `next` (as the annotation files say now) is what was stored: then the unchanged bytes need no work. */
export function sameAnnotation(next: Annotation, stored: StoredState): boolean {
  if (next.label !== stored.label || next.caption !== stored.caption) return false;
  if (next.tags.length !== stored.tags.length || next.tags.some((tag, i) => tag !== stored.tags[i]))
    return false;
  const objects = normaliseBoxes(next, stored.width, stored.height).annotation.objects;
  if (objects.length !== stored.objects.length) return false;
  const a = sortBoxes(objects);
  const b = sortBoxes(stored.objects);
  return a.every((object, i) => object.label === b[i].label && sameBox(object.box, b[i].box));
}

function sortBoxes<T extends { box: Box }>(objects: T[]): T[] {
  return [...objects].sort((p, q) => p.box.y - q.box.y || p.box.x - q.box.x || p.box.w - q.box.w);
}

function sameBox(p: Box, q: Box): boolean {
  return (
    Math.abs(p.x - q.x) < BOX_TOLERANCE &&
    Math.abs(p.y - q.y) < BOX_TOLERANCE &&
    Math.abs(p.w - q.w) < BOX_TOLERANCE &&
    Math.abs(p.h - q.h) < BOX_TOLERANCE
  );
}
