import { rename, stat } from 'node:fs/promises';
import type { Config } from '../config/index.ts';
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
  config: Config,
  log: Logger,
  onProgress?: (progress: IngestProgress) => void,
): Promise<ReembedResult> {
  const current = config.dbUri as string;
  if (isRemote(current)) {
    throw new VisibleError(
      'reembed works on a local store; for a store on S3, ingest into a new prefix instead.',
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
      );
    }
  } finally {
    await source.close();
  }
  if (from === config.model) throw new VisibleError(`The store already holds "${config.model}" vectors.`);

  const staging = `${current}.reembed-${config.model}`;
  const target = await openRuntime({ ...config, dbUri: staging }, log);
  let summary: FolderIngestSummary;
  try {
    summary = await ingestFolder(root, target.ingestContext(await target.embedder(), onProgress));
  } finally {
    await target.close();
  }
  const stillFailing = summary.failed.filter((failure) => failure.reason.startsWith('not stored'));
  if (stillFailing.length > 0) {
    throw new VisibleError(
      `${stillFailing.length} images could not be stored in the staging store ${staging}; run reembed again to resume.`,
    );
  }
  let previous: string | null = null;
  if (await exists(current)) {
    previous = `${current}.previous-${from ?? 'empty'}-${Date.now()}`;
    await rename(current, previous);
  }
  await rename(staging, current);
  log.info('reembed swapped stores', { from, to: config.model, previous });
  return { ...summary, from, to: config.model, previous };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
