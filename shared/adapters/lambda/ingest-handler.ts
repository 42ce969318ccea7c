import {
  applyKeys,
  type Compaction,
  type IngestTarget,
  type KeyOutcome,
  keysInScope,
  type ObjectEvent,
  parseInvocation,
  type QueueMessage,
  type Rejection,
  type WatchScope,
} from '../../cloud/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqsBatchResponse } from './lambda.ts';

export interface IngestReport {
  ingested: number;
  unchanged: number;
  removed: number;
  /** Objects at fault (corrupt, too large), recorded in the failures table. */
  failed: { key: string; reason: string }[];
  /** Keys left undone by a store, model or S3 failure; their events must be delivered again. */
  retry: { key: string; reason: string }[];
  rejected: Rejection[];
}

export interface IngestHandlerOptions {
  target: IngestTarget;
  scope: WatchScope;
  compaction: Compaction;
  log: Logger;
  /** After a batch wrote or removed rows: the saved views' check (it logs its own failures). */
  afterWrite?: () => Promise<unknown>;
}

/**
 * S3 object events -> rows. Direct invocations answer with a report, and throw when anything must be retried
 * (Lambda then delivers the event again); SQS batches answer with the failed message ids only, so the queue
 * redelivers just those. A malformed event throws before touching anything.
 */
export function createIngestHandler(options: IngestHandlerOptions) {
  return async (event: unknown): Promise<IngestReport | SqsBatchResponse> => {
    const invocation = parseInvocation(event);
    if (invocation.kind === 'queue') return handleQueue(invocation.messages, options);
    const report = await handleEvents(invocation.events, options);
    if (report.retry.length > 0) {
      throw new Error(
        `${report.retry.length} object(s) were not processed and need the event again: ${report.retry
          .map((item) => `${item.key} (${item.reason})`)
          .join('; ')}`,
      );
    }
    return report;
  };
}

async function handleEvents(events: ObjectEvent[], options: IngestHandlerOptions): Promise<IngestReport> {
  const { keys, rejected } = keysInScope(events, options.scope);
  const outcomes = await applyKeys(keys, options.target);
  const report = summarise(outcomes, rejected);
  await finish(report, options);
  return report;
}

async function handleQueue(
  messages: QueueMessage[],
  options: IngestHandlerOptions,
): Promise<SqsBatchResponse> {
  const perMessage = messages.map((message) => ({ message, ...keysInScope(message.events, options.scope) }));
  // One pass over every message's keys: embedding batches fill up across messages.
  const keys = [...new Set(perMessage.flatMap((entry) => entry.keys))];
  const outcomes = await applyKeys(keys, options.target);
  const report = summarise(
    outcomes,
    perMessage.flatMap((entry) => entry.rejected),
  );
  const failures = perMessage.filter(
    ({ message, keys: own }) =>
      message.problem !== undefined || own.some((key) => outcomes.get(key)?.status === 'retry'),
  );
  for (const { message } of failures) {
    if (message.problem)
      options.log.error('message refused', { messageId: message.id, reason: message.problem });
  }
  await finish(report, options);
  return { batchItemFailures: failures.map(({ message }) => ({ itemIdentifier: message.id })) };
}

function summarise(outcomes: Map<string, KeyOutcome>, rejected: Rejection[]): IngestReport {
  const report: IngestReport = { ingested: 0, unchanged: 0, removed: 0, failed: [], retry: [], rejected };
  for (const [key, outcome] of outcomes) {
    if (outcome.status === 'failed') report.failed.push({ key, reason: outcome.reason });
    else if (outcome.status === 'retry') report.retry.push({ key, reason: outcome.reason });
    else report[outcome.status] += 1;
  }
  return report;
}

async function finish(report: IngestReport, options: IngestHandlerOptions): Promise<void> {
  for (const rejection of report.rejected) options.log.warn('event refused', { ...rejection });
  options.log.info('ingest events handled', {
    ingested: report.ingested,
    unchanged: report.unchanged,
    removed: report.removed,
    failed: report.failed.length,
    retry: report.retry.length,
    rejected: report.rejected.length,
  });
  if (report.ingested + report.removed > 0) {
    await options.compaction.afterWrite();
    await options.afterWrite?.();
  }
}
