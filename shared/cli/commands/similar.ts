import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { VisibleError } from '../../errors/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

interface SimilarFlags extends CommonFlags {
  limit: string;
}

export function registerSimilar(program: Command): void {
  addCommonFlags(
    program
      .command('similar')
      .description('Nearest images to a file (embedded on the fly) or to a stored image (by id or key)')
      .argument('<file|id|key>', 'an image file, or the id or key of an image in the dataset')
      .option('--limit <n>', 'how many hits (1-1000)', '10'),
  ).action(async (target: string, flags: SimilarFlags) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new VisibleError(
        `--limit must be an integer from 1 to 1000, got "${flags.limit}"`,
        'invalid_limit',
      );
    }
    const ctx = commandContext(flags);
    const { openRuntime } = await import('../../runtime/index.ts');
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const { vector, exclude } = await queryVector(runtime, target);
      const hits = await runtime.store.images.vectorSearch(ctx.config.dataset, vector, { limit, exclude });
      const rows = hits.map((hit) => ({ id: hit.row.id, key: hit.row.key, score: round(hit.score) }));
      ctx.answer({ hits: rows }, () =>
        rows.length === 0
          ? 'no images in the dataset yet'
          : rows.map((row) => `${row.score.toFixed(4)}  ${row.key}  (${row.id})`).join('\n'),
      );
    } finally {
      await runtime.close();
    }
  });
}

/** A file on disk wins over an id or key of the same spelling: it is what the user pointed at. */
async function queryVector(
  runtime: Runtime,
  target: string,
): Promise<{ vector: Float32Array; exclude: string[] }> {
  const dataset = runtime.config.dataset;
  const file = await stat(target).catch(() => undefined);
  if (file?.isFile()) {
    const { maxBytes, maxPixels } = runtime.config.ingest;
    if (file.size > maxBytes)
      throw new VisibleError(`${target} is larger than the ${maxBytes}-byte limit`, 'too_large');
    const { decodeImage } = await import('../../media/index.ts');
    const decoded = await decodeImage(await readFile(target), { maxBytes, maxPixels });
    // Over supplied vectors this says there is no image tower here, rather than naming a mismatch.
    const { queryEmbedder } = await import('../../embed/index.ts');
    const embedder = queryEmbedder(await runtime.embedder(), await runtime.store.suppliedModel());
    await runtime.store.assertModel({ id: embedder.modelId, dimension: embedder.dimension });
    const [vector] = await embedder.embedImages([decoded.raster]);
    return { vector, exclude: [] };
  }
  const { isId } = await import('../../store/index.ts');
  const row =
    (isId(target) ? await runtime.store.images.get(dataset, target) : undefined) ??
    (await runtime.store.images.getByKey(dataset, target));
  if (!row) {
    throw new VisibleError(
      `"${target}" is neither a file nor an image id or key in dataset "${dataset}"`,
      'not_found',
    );
  }
  return { vector: row.vector, exclude: [row.id] };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
