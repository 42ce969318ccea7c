import { retryingOnce } from '../../lazy/once.ts';

/** The parts of the Lambda programming model the handlers use (no @types/aws-lambda needed). */
export interface LambdaContext {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** What an SQS-triggered function returns so only the failed messages come back (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export type LambdaHandler<Result = unknown> = (event: unknown, context?: LambdaContext) => Promise<Result>;

/**
 * A handler whose expensive setup (store, model) runs on the first invocation and is reused while the
 * function stays warm. A failed setup is not cached, so the next invocation tries again.
 */
export function lazyHandler<Result>(setup: () => Promise<LambdaHandler<Result>>): LambdaHandler<Result> {
  const ready = retryingOnce(setup);
  return async (event, context) => (await ready())(event, context);
}
