import { readdir, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { errorMessage } from '../errors/index.ts';
import { keyProblem } from '../store/index.ts';
import {
  annotationForFile,
  emptyAnnotation,
  imageKeysForSidecar,
  isAnnotationFile,
} from './annotations/index.ts';
import { isImageName } from './image-names.ts';
import { type IngestContext, type IngestSummary, ingestItems } from './pipeline.ts';
import { fileItem, type IngestItem } from './source.ts';
import { imageKeyOfVectorSidecar, isVectorFile, sidecarSupply } from './vectors/index.ts';

export interface WatchOptions {
  /** Files that land within this window are ingested together, as one batch. */
  settleMs?: number;
  onIngested?(summary: IngestSummary & { removed: number }): void;
}

export interface FolderWatcher {
  /** Resolves once the initial scan is done and the watcher is live. */
  ready: Promise<void>;
  /** Resolves when every change seen so far has been ingested. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * "Drop and forget": every file that lands in (or changes under) `root` is ingested once it has finished
 * writing; a deleted file's rows are removed. Files already present are left to the initial ingest.
 */
export function watchFolder(
  root: string,
  ctx: Omit<IngestContext, 'annotationFor'>,
  options: WatchOptions = {},
): FolderWatcher {
  const settleMs = options.settleMs ?? 300;
  const pendingAdds = new Set<string>();
  const pendingRemovals = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();

  // Supplied vectors (no image tower here): each new image's vector comes from its sidecar.
  const vectors = ctx.vectors ?? (ctx.embedder.precomputed ? sidecarSupply(root, ctx.embedder) : undefined);
  const toKey = (path: string) => relative(root, path).split(sep).join('/').normalize('NFC');

  const flush = () => {
    timer = undefined;
    const adds = [...pendingAdds];
    const removals = [...pendingRemovals];
    pendingAdds.clear();
    pendingRemovals.clear();
    queue = queue
      .then(() => processChanges(adds, removals))
      .catch((error) => {
        ctx.log.error('watch batch failed', { reason: errorMessage(error) });
      });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  };

  async function processChanges(adds: string[], removals: string[]) {
    let removed = 0;
    if (removals.length > 0) removed = await ctx.store.images.deleteKeys(ctx.dataset, removals);
    const items: IngestItem[] = [];
    for (const key of adds) {
      const path = `${root}/${key}`;
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) items.push(fileItem(key, path, info.size, ctx.limits.maxBytes));
    }
    const annotations = new Map(
      await Promise.all(
        items.map(async (item) => [item.key, await annotationForFile(root, item.key)] as const),
      ),
    );
    const summary = await ingestItems(items, {
      ...ctx,
      vectors,
      annotationFor: (key) => annotations.get(key) ?? emptyAnnotation(),
    });
    ctx.log.info('watch batch ingested', { ...summary, failed: summary.failed.length, removed });
    options.onIngested?.({ ...summary, removed });
  }

  const watcher = chokidarWatch(root, {
    ignoreInitial: true,
    // Hidden files and editors' temp files are not images.
    ignored: (path) => /(^|[/\\])\../.test(relative(root, path)),
    awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
    followSymlinks: false,
  });
  const addKey = (key: string) => {
    pendingRemovals.delete(key);
    pendingAdds.add(key);
    schedule();
  };
  // A changed sidecar re-ingests the images it annotates (same bytes, new annotation: see prepareImage).
  const queueAnnotated = async (sidecar: string) => {
    const dir = posix.dirname(sidecar) === '.' ? '' : posix.dirname(sidecar);
    const names = await readdir(join(root, ...dir.split('/'))).catch(() => [] as string[]);
    const keys = names.map((name) => (dir ? `${dir}/${name.normalize('NFC')}` : name.normalize('NFC')));
    for (const key of imageKeysForSidecar(sidecar, keys)) if (isImageName(key)) addKey(key);
  };
  const onFile = (path: string) => {
    const key = toKey(path);
    // A vector sidecar that lands after its image brings the image in; vector files are never images.
    const image = imageKeyOfVectorSidecar(key);
    if (image !== undefined && vectors) return addKey(image);
    if (isVectorFile(key)) return;
    if (isAnnotationFile(key)) {
      queueAnnotated(key).catch((error) =>
        ctx.log.warn('could not find the images of a sidecar', { key, reason: errorMessage(error) }),
      );
      return;
    }
    if (!isImageName(key)) return ctx.log.debug('not an image, skipped', { key });
    const unusable = keyProblem(key);
    if (unusable)
      return ctx.log.warn('skipped file', { key, reason: `the path cannot be a key (${unusable})` });
    addKey(key);
  };
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  watcher.on('unlink', (path) => {
    const key = toKey(path);
    pendingAdds.delete(key);
    pendingRemovals.add(key);
    schedule();
  });
  watcher.on('error', (error) => ctx.log.error('watcher error', { reason: errorMessage(error) }));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async idle() {
      while (timer || pendingAdds.size > 0 || pendingRemovals.size > 0) {
        if (timer) {
          clearTimeout(timer);
          flush();
        }
        await queue;
      }
      await queue;
    },
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
      await queue;
    },
  };
}
