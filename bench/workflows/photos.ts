import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { TRANSFORMS, WORKING_SIZE } from '../descriptor/dataset.ts';
import { type CorpusPhoto, installHint, loadCorpus } from '../photos/corpus.ts';

const CACHE = join(import.meta.dirname, '..', '.tmp', 'workflows');

export interface PlantedSet {
  /** key -> PNG bytes, laid out as <split>/<subject>/<name>.png */
  files: Map<string, Buffer>;
  /** Planted cross-split copies: [original key, copy key, transform]. */
  leaks: [string, string, string][];
  /** Planted copies inside train: duplicates that are not leaks. */
  inSplit: [string, string, string][];
  hint: string;
}

/** A real photo at the working size, cached under bench/.tmp (the corpus photos are up to 2560 px wide). */
async function working(photo: CorpusPhoto): Promise<Buffer> {
  const file = join(CACHE, `${photo.name.replaceAll('/', '_')}.png`);
  if (existsSync(file)) return readFile(file);
  const png = await sharp(photo.path)
    .rotate()
    .resize(WORKING_SIZE, WORKING_SIZE, { fit: 'outside', withoutEnlargement: true })
    .removeAlpha()
    .png()
    .toBuffer();
  await mkdir(CACHE, { recursive: true });
  await writeFile(file, png);
  return png;
}

/**
 * The corpus photos in train/val/test (one in five each to val and test), then, for each train photo, an edited
 * copy (the duplicates benchmark's transforms, in turn) put in val or test: a leak; every third train photo
 * also gets a copy inside train: a duplicate that must not be reported as a leak.
 */
export async function plantedSplitSet(): Promise<PlantedSet> {
  const { photos, missingPackages } = loadCorpus('photo');
  const files = new Map<string, Buffer>();
  const train: { key: string; png: Buffer; photo: CorpusPhoto }[] = [];
  for (const [i, photo] of photos.entries()) {
    const split = i % 5 === 0 ? 'test' : i % 5 === 1 ? 'val' : 'train';
    const key = `${split}/${photo.subject}/${photo.name.replaceAll('/', '_')}.png`;
    const png = await working(photo);
    files.set(key, png);
    if (split === 'train') train.push({ key, png, photo });
  }
  const leaks: PlantedSet['leaks'] = [];
  const inSplit: PlantedSet['inSplit'] = [];
  for (const [j, item] of train.entries()) {
    const meta = await sharp(item.png).metadata();
    const source = {
      name: item.key,
      group: 'photo' as const,
      png: item.png,
      width: meta.width,
      height: meta.height,
    };
    const transform = TRANSFORMS[j % TRANSFORMS.length];
    const split = j % 2 === 0 ? 'test' : 'val';
    const bytes = await transform.apply(source, j);
    const copy = `${split}/${item.photo.subject}/copy-${j}.${await extensionOf(bytes)}`;
    files.set(copy, bytes);
    leaks.push([item.key, copy, transform.name]);
    if (j % 3 === 0) {
      const other = TRANSFORMS[(j + 7) % TRANSFORMS.length];
      const key = `train/${item.photo.subject}/in-split-${j}.png`;
      const bytes = await other.apply(source, j + 1);
      files.set(`${key.slice(0, -4)}.${await extensionOf(bytes)}`, bytes);
      inSplit.push([item.key, `${key.slice(0, -4)}.${await extensionOf(bytes)}`, other.name]);
    }
  }
  return { files, leaks, inSplit, hint: installHint(missingPackages) };
}

async function extensionOf(bytes: Buffer): Promise<string> {
  const { format } = await sharp(bytes).metadata();
  return format === 'jpeg' ? 'jpg' : (format ?? 'png');
}
