import { join } from 'node:path';
import type { Logger } from '../../log/index.ts';
import { silentLogger } from '../../log/index.ts';
import { isAnnotationFile, normaliseKey, parentFolder, sidecarNames, splitKey } from './files.ts';
import { lookupLoose, type Resolved, resolveTable, tailIndex } from './match.ts';
import { emptyAnnotation, mergeByPrecedence } from './merge.ts';
import { listNames, resolveDir } from './paths.ts';
import { defaultLimits } from './read.ts';
import { type FileSource, inspectRoot, type RootLayout, readRootSources } from './roots.ts';
import { loadSidecars, readSidecar } from './sidecar.ts';
import type { Annotation, AnnotationIndex, AnnotationOptions, FolderLabels } from './types.ts';
import { readYolo } from './yolo.ts';

/**
 * Reads every annotation source under `root` for the given image keys. Never throws for a bad annotation
 * file: it lands in `problems` and its images are ingested without it.
 */
export async function loadAnnotations(
  root: string,
  keys: string[],
  log: Logger = silentLogger,
  options: AnnotationOptions = {},
): Promise<AnnotationIndex> {
  const limits = { ...defaultLimits, ...options.limits };
  const imageKeys = keys.map(normaliseKey).filter((key) => !isAnnotationFile(key));
  const [roots, sidecars, yolo] = await Promise.all([
    readRootSources(root, limits),
    loadSidecars(root, imageKeys, limits.sidecarBytes),
    readYolo(root, imageKeys, limits.manifestBytes),
  ]);
  const yoloSources: FileSource[] = yolo ? [{ file: yolo.file, kind: 'yolo', table: yolo.table }] : [];
  const keySet = new Set(imageKeys);
  const tails = tailIndex(imageKeys);
  const sources = [...roots.manifests, ...roots.coco, ...yoloSources].map((source) => ({
    source,
    ...resolveTable(source.table, source.file, keySet, tails),
  }));
  for (const { source, unmatched } of sources) {
    if (unmatched.length === 0) continue;
    log.warn('annotation rows name no image in the folder', {
      file: source.file,
      rows: unmatched.length,
      examples: unmatched.slice(0, 3),
    });
  }
  const folderLabels = decideFolderLabels(options.folderLabels ?? 'auto', {
    ...roots.layout,
    hasSourceFiles: roots.layout.hasSourceFiles || sources.length > 0,
  });
  const problems = [
    ...roots.problems,
    ...(yolo?.problems ?? []),
    ...sources.flatMap(({ problem }) => (problem ? [problem] : [])),
    ...sidecars.problems,
  ];
  log.debug('annotations loaded', {
    sidecars: sidecars.annotations.size,
    files: sources.map(({ source, byKey }) => ({ file: source.file, images: byKey.size })),
    folderLabels,
    problems: problems.length,
  });

  const fromRootSources = (key: string): Annotation =>
    mergeByPrecedence([
      ...sources.map(({ source, byKey }) => fromSource(source, byKey, keySet, key)),
      folderLabels ? folderAnnotation(key) : undefined,
    ]);
  return {
    folderLabels,
    problems,
    fromRootSources: (key) => fromRootSources(normaliseKey(key)),
    get(key) {
      const normal = normaliseKey(key);
      return mergeByPrecedence([sidecars.annotations.get(normal), fromRootSources(normal)]);
    },
  };
}

/** Keys seen at load were matched strictly; later ones (a watcher's) fall back to a loose lookup. */
function fromSource(source: FileSource, byKey: Resolved['byKey'], known: Set<string>, key: string) {
  return byKey.get(key) ?? (known.has(key) ? undefined : lookupLoose(source.table, key));
}

/**
 * One image, for a watcher: its sidecar is read now (it may have just landed). With `index`, the root-level
 * sources and the folder decision loaded earlier apply; without, only the sidecar and the folder layout.
 */
export async function annotationForFile(
  root: string,
  key: string,
  options: AnnotationOptions & { index?: AnnotationIndex; log?: Logger } = {},
): Promise<Annotation> {
  const normal = normaliseKey(key);
  if (isAnnotationFile(normal)) return emptyAnnotation();
  const limit = options.limits?.sidecarBytes ?? defaultLimits.sidecarBytes;
  const sidecar = await sidecarFor(root, normal, limit, options.log ?? silentLogger);
  if (options.index) return mergeByPrecedence([sidecar, options.index.fromRootSources(normal)]);
  const useFolders = decideFolderLabels(options.folderLabels ?? 'auto', await inspectRoot(root));
  return mergeByPrecedence([sidecar, useFolders ? folderAnnotation(normal) : undefined]);
}

async function sidecarFor(
  root: string,
  key: string,
  limit: number,
  log: Logger,
): Promise<Annotation | undefined> {
  const { dir, name } = splitKey(key);
  const real = await resolveDir(root, dir);
  const names = real === undefined ? undefined : await listNames(real);
  const found = names && sidecarNames(name).find((candidate) => names.has(candidate));
  if (!real || !names || !found) return undefined;
  const file = dir ? `${dir}/${found}` : found;
  const result = await readSidecar(join(real, names.get(found) as string), file, limit);
  if ('annotation' in result) return result.annotation;
  log.warn('annotation file skipped', { ...result.problem });
  return undefined;
}

/** auto: only when the dataset names no label source of its own and no image sits directly at the root. */
function decideFolderLabels(mode: FolderLabels, layout: RootLayout): boolean {
  if (mode !== 'auto') return mode === 'on';
  return !layout.hasSourceFiles && !layout.hasImages;
}

function folderAnnotation(key: string): Annotation | undefined {
  const label = parentFolder(key);
  return label === null ? undefined : { ...emptyAnnotation(), label };
}
