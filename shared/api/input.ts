import type { Context } from 'hono';
import { assertDatasetAllowed } from './auth.ts';
import { ApiError } from './errors.ts';
import type { Principal } from './ports.ts';
import type { ApiLimits, RouteInput, RouteSpec, UploadSpec } from './route.ts';
import { issueError, parseJson, parseWith, queryObject } from './validation.ts';

type AnyInput = RouteInput<undefined, undefined, undefined, UploadSpec>;

/**
 * A route's path parameters, parsed once from its declaration. The key's dataset scope is checked first
 * (403 before another parameter's 400), as long as the dataset name itself is well formed.
 */
export function readParams(spec: RouteSpec, c: Context, principal: Principal | undefined): unknown {
  const raw = c.req.param() as Record<string, string>;
  if (!spec.params) return undefined;
  const parsed = spec.params.safeParse(raw);
  const issues = parsed.success ? [] : parsed.error.issues;
  const datasetIssue = issues.find((issue) => issue.path[0] === 'dataset');
  if (spec.auth && principal && 'dataset' in raw && !datasetIssue)
    assertDatasetAllowed(principal, raw.dataset);
  if (issues.length > 0) throw issueError(datasetIssue ?? issues[0], 'path');
  return parsed.data;
}

/** The query and the body (JSON, or a multipart upload where the route takes one), parsed once. */
export async function readInput(
  spec: RouteSpec,
  c: Context,
  params: unknown,
  limits: ApiLimits,
): Promise<AnyInput> {
  const input = { params, query: undefined, body: undefined, upload: undefined } as Record<string, unknown>;
  if (spec.query) input.query = parseWith(spec.query, queryObject(c), 'query');
  const multipart = /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
  if (spec.upload && multipart) input.upload = await readUpload(c, spec.upload, limits.uploadBytes);
  else if (spec.body) input.body = await parseJson(c, spec.body);
  return input as unknown as AnyInput;
}

async function readUpload(c: Context, upload: UploadSpec, maxBytes: number) {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError(400, 'invalid_multipart', 'The multipart body could not be read.');
  }
  const { [upload.file]: file, ...fields } = form;
  if (!(file instanceof File)) {
    throw new ApiError(
      400,
      'invalid_input',
      `Upload the query image as the multipart file field "${upload.file}".`,
      upload.file,
    );
  }
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  return { file, fields: parseWith(upload.fields, fields, 'form') };
}

export function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'too_large', `The request body is larger than the ${limit}-byte limit.`);
}
