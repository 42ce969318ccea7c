import { SingleBar } from 'cli-progress';
import type { IngestProgress } from '../ingest/index.ts';
import type { Logger } from '../log/index.ts';

export interface ProgressReporter {
  update(progress: IngestProgress): void;
  stop(): void;
}

/** A bar on a terminal; elsewhere (CI, pipes) a structured log line every few seconds. */
export function progressReporter(log: Logger, label: string, json: boolean): ProgressReporter {
  if (process.stderr.isTTY && !json) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} {percentage}% | {rate} img/s | eta {eta_formatted} | {key}`,
      hideCursor: true,
      stream: process.stderr,
    });
    const started = Date.now();
    let begun = false;
    return {
      update(progress) {
        if (!begun) {
          bar.start(progress.total ?? 0, 0, { key: '', rate: '0' });
          begun = true;
        }
        const seconds = (Date.now() - started) / 1000;
        bar.update(progress.done, {
          key: progress.key.slice(-40),
          rate: (progress.done / Math.max(seconds, 1e-3)).toFixed(1),
        });
      },
      stop: () => begun && bar.stop(),
    };
  }
  let lastLog = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - lastLog < 5000 && progress.done !== progress.total) return;
      lastLog = now;
      log.info(label, { done: progress.done, total: progress.total });
    },
    stop() {},
  };
}
