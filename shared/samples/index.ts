import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { planSamples, type SampleItem, type SampleOptions } from './plan.ts';
import { renderScene } from './scenes.ts';
import { transformations } from './transforms.ts';

export { planSamples, type SampleEdit, type SampleItem, type SampleOptions } from './plan.ts';
export { type Random, random } from './random.ts';
export { renderScene, SCENE_KINDS, type SceneKind } from './scenes.ts';
export { type SampleFormat, transformations } from './transforms.ts';

/**
 * Writes a deterministic, labelled sample set into `dir` in a folder-per-class layout and returns the absolute
 * paths written, in plan order. `planSamples` with the same options says what each file is.
 */
export async function generateSampleImages(dir: string, options: SampleOptions = {}): Promise<string[]> {
  const plan = planSamples(options);
  const originals = new Map<string, Promise<Buffer>>();
  const bytesOf = (item: SampleItem): Promise<Buffer> => {
    const key = item.derivedFrom ?? item.path;
    let bytes = originals.get(key);
    if (!bytes) {
      const source = item.derivedFrom ? (plan.find((p) => p.path === item.derivedFrom) as SampleItem) : item;
      bytes = renderScene(source.seed, source.kind, source.width, source.height, source.format, 88);
      originals.set(key, bytes);
    }
    return bytes.then((original) => (item.edit ? applyEdit(original, item) : original));
  };
  const paths: string[] = [];
  // Two at a time: sharp already spreads each encode over the cores.
  for (let i = 0; i < plan.length; i += 2) {
    const batch = plan.slice(i, i + 2);
    const written = await Promise.all(
      batch.map(async (item) => {
        const path = resolve(join(dir, item.path));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, await bytesOf(item));
        return path;
      }),
    );
    paths.push(...written);
  }
  return paths;
}

function applyEdit(bytes: Buffer, item: SampleItem): Promise<Buffer> {
  switch (item.edit) {
    case 'reencoded':
      return transformations.encode(bytes, item.format, 85);
    case 'resized':
      return transformations.resize(bytes, 0.6);
    case 'cropped':
      return transformations.crop(bytes, 0.85);
    case 'brightened':
      return transformations.brighten(bytes, 1.15);
    case 'blurred':
      // About 2.5 px of blur once shrunk to the 384-px working size: plainly blurred at any size.
      return transformations.blur(bytes, (2.5 * Math.min(item.width, item.height)) / 384);
    case 'darkened':
      return transformations.darken(bytes, 0.2);
    case 'overexposed':
      return transformations.overexpose(bytes, 8);
    default:
      return Promise.resolve(bytes);
  }
}
