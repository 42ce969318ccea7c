import type { Annotation } from './annotations/index.ts';
import { loadAnnotations } from './annotations/index.ts';
import { isImageName } from './image-names.ts';
import { type IngestContext, type IngestSummary, ingestItems } from './pipeline.ts';
import { scanFolder } from './scan.ts';
import { fileItem, type IngestItem } from './source.ts';
import {
  type FolderVectorOptions,
  openFolderVectors,
  unmatchedKeys,
  type VectorFileProblem,
} from './vectors/index.ts';

export interface FolderIngestOptions {
  /** Remove the rows of keys that are no longer in the folder. */
  prune?: boolean;
  /**
   * Precomputed vectors: a file and/or the model's name (sidecars and the root's embeddings file are found).
   * False: embed every image, even beside an embeddings file (a re-embed with a model).
   */
  vectors?: Omit<FolderVectorOptions, 'stored'> | false;
}

/** Where supplied vectors came from, and what in the vectors file matched no image or could not be read. */
export interface SuppliedVectorsSummary {
  model: string;
  file: string | null;
  problems: VectorFileProblem[];
}

export interface FolderIngestSummary extends IngestSummary {
  removed: number;
  /** Files skipped because their extension is not an image format's (`notes.txt`): not failures. */
  notImages: number;
  /** Annotation files that could not be read; their images are still ingested. */
  annotationProblems: { file: string; reason: string }[];
  /** Null when the images were embedded here. */
  vectors: SuppliedVectorsSummary | null;
}

/** A folder -> rows: scan, read annotations, ingest every file, optionally forget files that are gone. */
export async function ingestFolder(
  root: string,
  ctx: Omit<IngestContext, 'annotationFor'>,
  options: FolderIngestOptions = {},
): Promise<FolderIngestSummary> {
  const items: IngestItem[] = [];
  const skipped: { key: string; reason: string }[] = [];
  let notImages = 0;
  for await (const entry of scanFolder(root, { onProblem: (problem) => skipped.push(problem) })) {
    if (isImageName(entry.key)) items.push(fileItem(entry.key, entry.path, entry.size, ctx.limits.maxBytes));
    else {
      notImages += 1;
      ctx.log.debug('not an image, skipped', { key: entry.key });
    }
  }
  for (const problem of skipped) ctx.log.warn('skipped entry', problem);
  const annotations = await loadAnnotations(
    root,
    items.map((item) => item.key),
    ctx.log,
  );
  for (const problem of annotations.problems) ctx.log.warn('annotation file skipped', problem);

  const keys = items.map((item) => item.key);
  const supplied =
    options.vectors === false
      ? undefined
      : await openFolderVectors(root, keys, { ...options.vectors, stored: await ctx.store.suppliedModel() });

  const summary = await ingestItems(
    items,
    { ...ctx, vectors: supplied?.supply, annotationFor: (key): Annotation => annotations.get(key) },
    items.length,
  );
  const removed = options.prune ? await prune(ctx, items, skipped) : 0;
  return {
    ...summary,
    failed: [...skipped, ...summary.failed],
    removed,
    notImages,
    annotationProblems: annotations.problems,
    vectors: supplied
      ? {
          model: supplied.supply.model,
          file: supplied.file?.file ?? null,
          problems: supplied.file
            ? [...supplied.file.problems, ...unmatchedKeys(supplied.file, new Set(keys))]
            : [],
        }
      : null,
  };
}

/**
 * Deletes the rows of files known to be gone: not found in a folder that was listed. A key the scan could not
 * see (an unreadable folder, a file it could not stat, a skipped link) is unknown, not gone, and stays.
 */
async function prune(
  ctx: Omit<IngestContext, 'annotationFor'>,
  items: IngestItem[],
  skipped: { key: string }[],
): Promise<number> {
  const present = new Set(items.map((item) => item.key));
  const unseen = new Set(skipped.map((problem) => problem.key));
  if (unseen.has('.')) return 0;
  const isUnseen = (key: string) => {
    for (let at = key.length; at > 0; at = key.lastIndexOf('/', at - 1)) {
      if (unseen.has(key.slice(0, at))) return true;
    }
    return false;
  };
  const gone: string[] = [];
  for await (const batch of ctx.store.images.scan(ctx.dataset, { columns: ['key'] })) {
    for (const row of batch) {
      const key = row.key as string;
      if (!present.has(key) && !isUnseen(key)) gone.push(key);
    }
  }
  if (unseen.size > 0)
    ctx.log.warn('prune kept the rows of entries the scan could not read', { unseen: [...unseen] });
  return gone.length > 0 ? ctx.store.images.deleteKeys(ctx.dataset, gone) : 0;
}
