import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { VisibleError } from '../../errors/index.ts';

/** Calls a function once and answers its parsed JSON, or throws with the function's own error message. */
export type Invoke = (payload: unknown) => Promise<unknown>;

export interface LambdaInvokerOptions {
  functionName: string;
  region: string;
  /** The Lambda API's address when it is not AWS's (the local stand-in). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Longest wait for one answer; a shard may run up to Lambda's 15 minutes. */
  timeoutMs?: number;
}

/** A function that failed: its error type and message, as the Lambda API reported them. */
export class FunctionFailed extends Error {
  override readonly name = 'FunctionFailed';
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Synchronous (RequestResponse) invocations with @aws-sdk/client-lambda. TCP keep-alive probes keep a
 * connection that waits minutes for an answer from being dropped as idle on the way.
 */
export function lambdaInvoker(options: LambdaInvokerOptions): Invoke {
  const timeoutMs = options.timeoutMs ?? 16 * 60_000;
  const agent = { keepAlive: true, keepAliveMsecs: 30_000 };
  const client = new LambdaClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    requestHandler: {
      requestTimeout: timeoutMs,
      connectionTimeout: 10_000,
      httpAgent: new HttpAgent(agent),
      httpsAgent: new HttpsAgent(agent),
    },
  });
  return async (payload) => {
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: options.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
    const body = parse(text);
    if (answer.FunctionError) {
      const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      throw new FunctionFailed(
        options.functionName,
        String(fields.errorType ?? answer.FunctionError),
        String(fields.errorMessage ?? (text || answer.FunctionError)),
      );
    }
    return body;
  };
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new VisibleError(
      `The function answered ${JSON.stringify(text.slice(0, 200))}, which is not JSON.`,
      'upstream_failed',
    );
  }
}
