import type { Command } from 'commander';
import { MAX_HITS } from '../../api/schemas/search.ts';
import { VisibleError } from '../../errors/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

interface SearchFlags extends CommonFlags {
  text?: string;
  limit: string;
  label?: string[];
}

/**
 * Text search from the command line: the same query port as `POST /v1/datasets/{dataset}/search/text`, so the
 * CLI and the API rank alike (visual-semantic with a text tower, blended with full-text search).
 */
export function registerSearch(program: Command): void {
  addCommonFlags(
    program
      .command('search')
      .description('Find images by meaning (with a text-capable model) and by label, caption, tags and path')
      .requiredOption('--text <query>', 'what to look for, e.g. "sunset over mountains"')
      .option('--limit <n>', `how many hits (1-${MAX_HITS})`, '10')
      .option('--label <label...>', 'only images with one of these labels'),
  ).action(async (flags: SearchFlags) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HITS) {
      throw new VisibleError(
        `--limit must be an integer from 1 to ${MAX_HITS}, got "${flags.limit}"`,
        'invalid_limit',
      );
    }
    const query = (flags.text ?? '').trim();
    if (query.length === 0 || query.length > 1000)
      throw new VisibleError('--text must hold 1 to 1000 characters', 'invalid_query');
    const ctx = commandContext(flags);
    const [{ openRuntime }, { createLanceQueryPort }, { lanceQueryDeps }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../api/lance/index.ts'),
      import('../../runtime/query-deps.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    const deps = await lanceQueryDeps(runtime);
    try {
      const port = createLanceQueryPort(deps);
      const result = await port.searchText(ctx.config.dataset, {
        query,
        limit,
        filters: { issues: [], labels: flags.label ?? [], tags: [] },
      });
      const hits = result.hits.map((hit) => ({
        id: hit.id,
        key: hit.key,
        score: hit.score,
        semanticScore: hit.semanticScore,
        textScore: hit.textScore,
      }));
      ctx.answer({ mode: result.mode, notice: result.notice, hits }, () =>
        [
          ...(result.notice ? [`note: ${result.notice}`] : []),
          hits.length === 0
            ? 'no matches'
            : hits.map((hit) => `${hit.score.toFixed(4)}  ${hit.key}  (${hit.id})`).join('\n'),
        ].join('\n'),
      );
    } finally {
      deps.curation.close();
      await runtime.close();
    }
  });
}
