import type { FanoutSettings } from './settings.ts';

/** One shard's share of the graph: the query rows `start .. end - 1`, starting on a vector block boundary. */
export interface ShardRange {
  shard: number;
  start: number;
  end: number;
}

/** Whether a graph of `count` rows is built by shard functions (see the settings for why the bounds sit there). */
export function shouldFanOut(count: number, settings: FanoutSettings): boolean {
  return (
    settings.functionName !== undefined && count >= Math.max(1, settings.minRows) && count <= settings.maxRows
  );
}

/**
 * Contiguous, block-aligned ranges of query rows, as even as whole blocks allow. Each shard scores its rows
 * against all `count` rows, so the count follows from the pairs one shard may score.
 */
export function planShards(count: number, settings: FanoutSettings): ShardRange[] {
  const blocks = Math.ceil(count / settings.blockRows);
  const wanted = Math.ceil((count * count) / settings.pairsPerShard);
  const shards = Math.max(1, Math.min(blocks, settings.maxShards, wanted));
  const ranges: ShardRange[] = [];
  let block = 0;
  for (let shard = 0; shard < shards; shard++) {
    // Spread the remainder over the first shards so no shard holds more than one extra block.
    const take = Math.floor(blocks / shards) + (shard < blocks % shards ? 1 : 0);
    const start = block * settings.blockRows;
    block += take;
    ranges.push({ shard, start, end: Math.min(count, block * settings.blockRows) });
  }
  return ranges;
}
