import { random } from './random.ts';
import { SCENE_KINDS, type SceneKind } from './scenes.ts';
import type { SampleFormat } from './transforms.ts';

export type SampleEdit =
  | 'reencoded'
  | 'resized'
  | 'cropped'
  | 'brightened'
  | 'blurred'
  | 'darkened'
  | 'overexposed';

/** One file of the sample set and the truth about it, so tests can check what the engine finds. */
export interface SampleItem {
  /** Relative path: `<label>/<name>.<ext>`. */
  path: string;
  /** The class its folder claims. */
  label: SceneKind;
  /** What is really drawn: differs from `label` for the planted mislabels. */
  kind: SceneKind;
  seed: number;
  width: number;
  height: number;
  format: SampleFormat;
  /** For planted copies: the original's path and the edit that made the copy. */
  derivedFrom?: string;
  edit?: SampleEdit;
}

export interface SampleOptions {
  /** Files to write, 60 by default. Below 16 the set has originals only. */
  count?: number;
  seed?: number;
}

const NEAR_DUPLICATE_EDITS: SampleEdit[] = ['reencoded', 'resized', 'cropped', 'brightened'];
const DEFECT_EDITS: SampleEdit[] = ['blurred', 'darkened', 'overexposed'];
const EXTENSIONS: Record<SampleFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * The deterministic recipe of a sample set: originals spread over the classes, then planted near duplicates
 * (re-encoded, resized, cropped, brightened), defective copies (blurred, dark, over-exposed) and mislabels.
 */
export function planSamples(options: SampleOptions = {}): SampleItem[] {
  const count = options.count ?? 60;
  const rng = random(options.seed ?? 1);
  const planted = count >= 16 ? Math.max(1, Math.floor(count / 30)) : 0;
  const duplicates = planted > 0 ? NEAR_DUPLICATE_EDITS.length * Math.max(1, Math.floor(count / 60)) : 0;
  const originals = count - duplicates - planted * (DEFECT_EDITS.length + 1);

  const items: SampleItem[] = [];
  for (let i = 0; i < originals; i++) {
    const kind = SCENE_KINDS[i % SCENE_KINDS.length];
    items.push(original(rng, kind, kind, 1000 + i, i));
  }
  const sources = shuffled(rng, items.slice());
  let next = 0;
  for (let d = 0; d < duplicates; d++) {
    items.push(copy(sources[next++ % sources.length], NEAR_DUPLICATE_EDITS[d % NEAR_DUPLICATE_EDITS.length]));
  }
  for (const edit of DEFECT_EDITS) {
    for (let q = 0; q < planted; q++) items.push(copy(sources[next++ % sources.length], edit));
  }
  for (let m = 0; m < planted; m++) {
    const kind = SCENE_KINDS[(m * 2) % SCENE_KINDS.length];
    const label = SCENE_KINDS[(m * 2 + 3) % SCENE_KINDS.length];
    items.push(original(rng, kind, label, 5000 + m, originals + m));
  }
  return items;
}

function original(
  rng: ReturnType<typeof random>,
  kind: SceneKind,
  label: SceneKind,
  seed: number,
  index: number,
): SampleItem {
  const long = rng.int(512, 1024);
  const aspect = rng.pick([1, 4 / 3, 3 / 2, 3 / 4, 2 / 3]);
  const width = aspect >= 1 ? long : Math.round(long * aspect);
  const height = aspect >= 1 ? Math.round(long / aspect) : long;
  const format = rng.pick<SampleFormat>(['jpeg', 'jpeg', 'png', 'webp']);
  const name = `${label}-${String(index).padStart(3, '0')}`;
  return { path: `${label}/${name}.${EXTENSIONS[format]}`, label, kind, seed, width, height, format };
}

function copy(source: SampleItem, edit: SampleEdit): SampleItem {
  const format: SampleFormat =
    edit === 'reencoded' ? (source.format === 'jpeg' ? 'webp' : 'jpeg') : source.format;
  const stem = source.path.replace(/\.[^.]+$/, '');
  return { ...source, path: `${stem}-${edit}.${EXTENSIONS[format]}`, format, derivedFrom: source.path, edit };
}

function shuffled<T>(rng: ReturnType<typeof random>, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
