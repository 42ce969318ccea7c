import { rename, stat } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/index.ts';
import { isRemote } from '../config/index.ts';
import { VisibleError } from '../errors/index.ts';
import { type FolderIngestSummary, type IngestProgress, ingestFolder } from '../ingest/index.ts';
import type { Logger } from '../log/index.ts';
import { openRuntime } from './index.ts';

export interface ReembedResult extends FolderIngestSummary {
  from: string | null;
  to: string;
  /** Where the store of the previous model was kept. */
  previous: string | null;
}

/**
 * Re-embeds a dataset with another model. The new vectors are written into a staging store beside the current
 * one by the ordinary (idempotent) ingest, so an interrupted re-embed resumes where it stopped; only when every
 * image is in does the staging store replace the current one, which is kept under a `.previous-<model>` name.
 */
export async function reembedFolder(
  root: string,
  config: ResolvedConfig,
  log: Logger,
  onProgress?: (progress: IngestProgress) => void,
  /** Supplied vectors (bring your own embeddings) instead of the configured model's. */
  vectors?: { file?: string; model?: string },
): Promise<ReembedResult> {
  if (vectors && vectors.model === undefined)
    throw new VisibleError(
      'Name the model of the supplied vectors with --model-name NAME.',
      'invalid_vectors',
    );
  const to = vectors?.model ?? config.model;
  const current = config.dbUri;
  if (isRemote(current)) {
    throw new VisibleError(
      'reembed works on a local store; for a store on S3, ingest into a new prefix instead.',
      'not_supported',
    );
  }
  const source = await openRuntime(config, log);
  let from: string | null;
  try {
    from = (await source.store.model())?.id ?? null;
    const others = (await source.store.images.datasets()).filter((name) => name !== config.dataset);
    if (others.length > 0) {
      throw new VisibleError(
        `The store also holds the datasets ${others.join(', ')}; re-embedding "${config.dataset}" alone would leave ` +
          'them behind with the old model. Re-embed into a new data dir per dataset instead.',
        'conflict',
      );
    }
  } finally {
    await source.close();
  }
  if (from === to) throw new VisibleError(`The store already holds "${to}" vectors.`, 'conflict');

  const staging = `${current}.reembed-${to}`;
  const target = await openRuntime({ ...config, dbUri: staging }, log);
  let summary: FolderIngestSummary;
  try {
    summary = await ingestFolder(root, target.ingestContext(await target.embedder(), onProgress), {
      vectors: vectors ?? false,
    });
  } finally {
    await target.close();
  }
  if (vectors && summary.ingested + summary.unchanged === 0) {
    throw new VisibleError(
      `No image of ${root} got a supplied vector (${summary.failed.length} failed); the current store is left as it was.`,
      'invalid_vectors',
    );
  }
  const stillFailing = summary.failed.filter((failure) => failure.reason.startsWith('not stored'));
  if (stillFailing.length > 0) {
    throw new VisibleError(
      `${stillFailing.length} images could not be stored in the staging store ${staging}; run reembed again to resume.`,
      'unavailable',
    );
  }
  let previous: string | null = null;
  if (await exists(current)) {
    previous = `${current}.previous-${from ?? 'empty'}-${Date.now()}`;
    await rename(current, previous);
  }
  await rename(staging, current);
  log.info('reembed swapped stores', { from, to, previous });
  return { ...summary, from, to, previous };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
