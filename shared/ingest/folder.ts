import type { Annotation } from './annotations/index.ts';
import { loadAnnotations } from './annotations/index.ts';
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
  for await (const entry of scanFolder(root, { onProblem: (problem) => skipped.push(problem) })) {
    items.push(fileItem(entry.key, entry.path, entry.size, ctx.limits.maxBytes));
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
