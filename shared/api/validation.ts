import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

/**
 * zod at the boundary: a failed parse becomes a 400 that names the first offending field in words, never the
 * validator's raw dump.
 */
export type InputPart = 'query' | 'path' | 'body' | 'form';
const PART_NAMES: Record<InputPart, string> = {
  query: 'query parameter',
  path: 'path parameter',
  body: 'body field',
  form: 'form field',
};

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: InputPart): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw issueError(parsed.error.issues[0], where);
}

export function issueError(issue: z.core.$ZodIssue, where: InputPart): ApiError {
  const part = PART_NAMES[where];
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return new ApiError(400, 'unknown_field', `Unknown ${part} "${field}".`, field);
  }
  const detail = innermost(issue);
  const field = [...issue.path, ...(detail === issue ? [] : detail.path)].map(String).join('.');
  const message = field
    ? `The ${part} "${field}" is invalid: ${lower(detail.message)}.`
    : `Invalid ${where}: ${lower(detail.message)}.`;
  return new ApiError(400, 'invalid_input', message, field || undefined);
}

/** A value that fits none of a union's shapes: the first shape's complaint says more than "invalid input". */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0 || issue.errors[0].length === 0)
    return issue;
  return innermost(issue.errors[0][0]);
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Query-string keys as strings, or arrays for repeated keys, so schemas decide which may repeat. Built with
 * Object.fromEntries, which makes every name an own property: `?__proto__=a&__proto__=b` is a parameter named
 * "__proto__" (refused as unknown), not a new prototype for the object.
 */
export function queryObject(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
  );
}

export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Send the request body as JSON (Content-Type: application/json).',
    );
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  return parseWith(schema, body, 'body');
}
