import { decodeBase64, encodeBase64 } from 'hono/utils/encode';
import { z } from 'zod';

/** What a Lambda function URL (payload format 2.0) hands the function, as hono/aws-lambda reads it. */
export interface FunctionUrlEvent {
  version: '2.0';
  routeKey: '$default';
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: '$default';
    stage: '$default';
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

// Connection-level headers describe the hop to the edge, not the request; the adapter recomputes the length.
const NOT_FORWARDED = new Set([
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The request as the function URL in front of the query Lambda would have passed it on. */
export async function functionUrlEvent(request: Request, now = new Date()): Promise<FunctionUrlEvent> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name)) headers[name] = value;
  });
  const bytes = request.body ? await request.arrayBuffer() : undefined;
  // Bodies always go as base64, as a function URL sends binary ones: no guessing which are text.
  const body = bytes && bytes.byteLength > 0 ? encodeBase64(bytes) : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'edge',
      domainName: url.host,
      domainPrefix: url.hostname.split('.')[0],
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: headers['cf-connecting-ip'] ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: body !== undefined,
  };
}

/** hono/aws-lambda's answer to a payload 2.0 event. */
export const functionUrlResult = z.object({
  statusCode: z.int().min(200).max(599),
  headers: z.record(z.string(), z.string()).default({}),
  cookies: z.array(z.string()).default([]),
  body: z.string().default(''),
  isBase64Encoded: z.boolean().default(false),
});
export type FunctionUrlResult = z.output<typeof functionUrlResult>;

const NO_BODY = new Set([204, 205, 304]);

export function resultResponse(result: FunctionUrlResult): Response {
  const headers = new Headers(result.headers);
  for (const cookie of result.cookies) headers.append('set-cookie', cookie);
  const body = NO_BODY.has(result.statusCode)
    ? null
    : result.isBase64Encoded
      ? decodeBase64(result.body)
      : result.body;
  return new Response(body, { status: result.statusCode, headers });
}
