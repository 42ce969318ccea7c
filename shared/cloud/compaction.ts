import { errorMessage } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { Store } from '../store/index.ts';

export interface Compaction {
  /** Counts one batch that wrote rows; every `every`-th one compacts the tables before returning. */
  afterWrite(): Promise<void>;
}

/**
 * Every append adds a small fragment, and many small invocations add many: reads slow down and each one lists
 * more files. A warm function compacts after every `every` writing batches (the nightly curation run compacts
 * too). A failed compaction is logged and never fails the batch that triggered it.
 */
export function compactionEvery(every: number, store: Store, log: Logger): Compaction {
  let writes = 0;
  return {
    async afterWrite() {
      if (every <= 0 || ++writes % every !== 0) return;
      try {
        const report = await store.optimize();
        log.info('compacted after ingest', { writes, tables: report.tables });
      } catch (error) {
        log.warn('compaction failed; the next one retries', { reason: errorMessage(error) });
      }
    },
  };
}
