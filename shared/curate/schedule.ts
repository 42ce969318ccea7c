import { Cron } from 'croner';
import { errorMessage, VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';

export interface Schedule {
  /** When the next run is due; null when none is (the expression has no future match). */
  next(): Date | null;
  /** True while a run is in progress. */
  busy(): boolean;
  stop(): void;
}

/**
 * Runs `fn` on a cron expression (UTC, 5 fields or 6 with seconds), or not at all for 'off'. A run that is
 * still going when the next is due makes that one skip rather than overlap; a failed run is logged, and the
 * schedule goes on. The timer does not keep the process alive on its own.
 */
export function startSchedule(
  expression: string,
  fn: () => Promise<unknown>,
  log: Logger,
): Schedule | undefined {
  if (expression.trim().toLowerCase() === 'off') {
    log.info('scheduled curation is off');
    return undefined;
  }
  let job: Cron;
  try {
    job = new Cron(
      expression,
      {
        timezone: 'UTC',
        unref: true,
        protect: () =>
          log.warn('scheduled curation skipped: the previous run is still going', { expression }),
        catch: (error) => log.error('scheduled curation failed', { error: errorMessage(error) }),
      },
      async () => {
        await fn();
      },
    );
  } catch (error) {
    throw new VisibleError(
      `The curation schedule "${expression}" is not a cron expression (${errorMessage(error)}); ` +
        `use five fields like "0 3 * * *" (03:00 UTC every day), or "off".`,
      'invalid_config',
    );
  }
  log.info('scheduled curation', { expression, next: job.nextRun()?.toISOString() ?? null });
  return {
    next: () => job.nextRun(),
    busy: () => job.isBusy(),
    stop: () => job.stop(),
  };
}
