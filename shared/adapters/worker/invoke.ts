import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { ApiError } from '../../api/index.ts';
import type { Logger } from '../../log/index.ts';
import type { EdgeConfig } from './config.ts';
import { type FunctionUrlEvent, functionUrlResult, resultResponse } from './event.ts';

/** Runs the query Lambda on an event and answers with the HTTP response it produced. */
export type Invoke = (event: FunctionUrlEvent) => Promise<Response>;

/**
 * Invokes the query Lambda (RequestResponse) through the Lambda API. Its HTTP answers, errors included, come
 * back as they are; the invocation failing (the function threw, throttling, an unreachable or misconfigured
 * endpoint) becomes a 502/503/504 in the API's error body, with a reference the edge log carries.
 */
export function lambdaInvoker(config: EdgeConfig, log: Logger): Invoke {
  const client = new LambdaClient({
    region: config.AWS_REGION,
    endpoint: config.VISCURA_LAMBDA_ENDPOINT,
    credentials: {
      accessKeyId: config.AWS_ACCESS_KEY_ID,
      secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
      sessionToken: config.AWS_SESSION_TOKEN,
    },
    maxAttempts: config.VISCURA_LAMBDA_ATTEMPTS,
    requestHandler: { requestTimeout: config.VISCURA_LAMBDA_TIMEOUT_MS },
  });
  const fail = (reason: string, error: unknown, status: 502 | 503 | 504 = 502) => {
    const reference = crypto.randomUUID();
    log.error('query Lambda invocation failed', { reference, reason, error: describe(error) });
    const what =
      status === 503
        ? 'The query service is busy; try again in a moment'
        : status === 504
          ? 'The query service did not answer in time'
          : 'The query service could not answer';
    const code = status === 503 ? 'upstream_busy' : status === 504 ? 'upstream_timeout' : 'upstream_failed';
    return new ApiError(status, code, `${what} (reference ${reference}).`);
  };

  return async (event) => {
    let output: InvokeCommandOutput;
    try {
      output = await client.send(
        new InvokeCommand({
          FunctionName: config.VISCURA_QUERY_FUNCTION,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TooManyRequestsException') throw fail('throttled', error, 503);
      if (name === 'TimeoutError' || name === 'RequestTimeout') throw fail('timed out', error, 504);
      throw fail('invoke failed', error);
    }
    const text = new TextDecoder().decode(output.Payload);
    if (output.FunctionError) throw fail(`function error (${output.FunctionError})`, text);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw fail('payload is not JSON', text.slice(0, 200));
    }
    const result = functionUrlResult.safeParse(payload);
    if (!result.success) throw fail('payload is not an HTTP answer', text.slice(0, 200));
    return resultResponse(result.data);
  };
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error.slice(0, 2000);
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
