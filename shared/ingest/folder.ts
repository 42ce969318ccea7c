import type { Annotation } from './annotations/index.ts';
import { loadAnnotations } from './annotations/index.ts';
import { isImageName } from './image-names.ts';
import { type IngestContext, type IngestSummary, ingestItems } from './pipeline.ts';
import { scanFolder } from './scan.ts';
import { fileItem, type IngestItem } from './source.ts';

export interface FolderIngestOptions {
  /** Remove the rows of keys that are no longer in the folder. */
  prune?: boolean;
}

export interface FolderIngestSummary extends IngestSummary {
  removed: number;
  /** Files skipped because their extension is not an image format's (`notes.txt`): not failures. */
  notImages: number;
  /** Annotation files that could not be read; their images are still ingested. */
  annotationProblems: { file: string; reason: string }[];
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

  const summary = await ingestItems(
    items,
    { ...ctx, annotationFor: (key): Annotation => annotations.get(key) },
    items.length,
  );
  let removed = 0;
  if (options.prune) {
    const present = new Set(items.map((item) => item.key));
    const gone: string[] = [];
    for await (const batch of ctx.store.images.scan(ctx.dataset, { columns: ['key'] })) {
      for (const row of batch) if (!present.has(row.key as string)) gone.push(row.key as string);
    }
    if (gone.length > 0) removed = await ctx.store.images.deleteKeys(ctx.dataset, gone);
  }
  return {
    ...summary,
    failed: [...skipped, ...summary.failed],
    removed,
    notImages,
    annotationProblems: annotations.problems,
  };
}
