import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { errorMessage, VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { Invoke } from './invoke.ts';
import { type ShardResult, type ShardTask, shardResult } from './task.ts';

export interface DispatchOptions {
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  log: Logger;
}

export interface Dispatched {
  results: ShardResult[];
  /** Attempts beyond the first, over all shards. */
  retried: number;
}

/**
 * Runs every task through `invoke`, `concurrency` at a time. A failed shard is tried again after a doubling
 * delay; one that fails every attempt stops the launch of the rest and fails the build with its last error.
 */
export async function dispatchShards(
  tasks: readonly ShardTask[],
  invoke: Invoke,
  options: DispatchOptions,
): Promise<Dispatched> {
  const limit = pLimit({ concurrency: options.concurrency, rejectOnClear: true });
  let retried = 0;
  const attempt = async (task: ShardTask): Promise<ShardResult> => {
    for (let tries = 0; ; tries++) {
      try {
        const answer = shardResult.parse(await invoke(task));
        if (answer.shard !== task.shard) {
          throw new Error(`answered for shard ${answer.shard}`);
        }
        return answer;
      } catch (error) {
        const last = tries >= options.retries;
        options.log.warn(last ? 'shard failed' : 'shard failed, retrying', {
          shard: task.shard,
          attempt: tries + 1,
          error: errorMessage(error),
        });
        if (last) {
          limit.clearQueue();
          throw new VisibleError(
            `Shard ${task.shard} (rows ${task.start}..${task.end - 1}) failed ${tries + 1} times; ` +
              `the last error: ${errorMessage(error)}`,
            'shard_failed',
            { cause: error },
          );
        }
        retried++;
        await sleep(options.retryDelayMs * 2 ** tries);
      }
    }
  };
  const settled = await Promise.allSettled(tasks.map((task) => limit(() => attempt(task))));
  const failed = settled.find(
    (s): s is PromiseRejectedResult => s.status === 'rejected' && s.reason instanceof VisibleError,
  );
  if (failed) throw failed.reason;
  const results = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
  return { results, retried };
}
