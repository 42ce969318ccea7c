import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';

/**
 * LanceDB commits are optimistic: a writer that loses the race gets a conflict (after LanceDB's own retries
 * run out). Such a write touched nothing, so it is safe to run again; anything else is rethrown at once.
 */
const CONFLICT =
  /commit conflict|incompatible transaction|too many concurrent|failed to commit the transaction|concurrent write/i;

export function isCommitConflict(error: unknown): boolean {
  return CONFLICT.test(errorMessage(error));
}

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  log?: Logger;
}

export async function withCommitRetry<T>(
  what: string,
  write: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 12;
  const baseMs = options.baseMs ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isCommitConflict(error)) throw error;
      // Full jitter keeps writers that collided from colliding again in lockstep.
      const delay = Math.random() * Math.min(2_000, baseMs * 2 ** attempt);
      options.log?.debug('commit conflict, retrying', { what, attempt, delayMs: Math.round(delay) });
      await sleep(delay);
    }
  }
}
