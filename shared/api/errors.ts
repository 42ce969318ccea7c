import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isVisibleError } from '../errors/index.ts';

/** The one error body every route answers with. `field` names the offending input, when there is one. */
export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/** An answer that is not a 2xx, with the body it is sent with. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/** Statuses of the VisibleError codes other parts throw; any other VisibleError is the caller's input: 400. */
const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  not_found: 404,
  view_exists: 409,
  snapshot_exists: 409,
  no_image_tower: 422,
  'too-large': 413,
  'too-many-pixels': 413,
  'side-too-long': 413,
  'extreme-aspect-ratio': 415,
  'unsupported-format': 415,
  empty: 400,
  corrupt: 400,
  'invalid-box': 400,
};

/**
 * VisibleError codes that are the server's own state, not the caller's input: their messages name files and
 * folders, so callers get a status and a reference, and the log gets the message. 503: the operator can fix it
 * (a key file, a store of another model or schema) and the same request will then work.
 */
const SERVER_FAULTS: Record<string, 500 | 503> = {
  invalid_keys_file: 503,
  model_mismatch: 503,
  schema_too_new: 503,
  invalid_config: 500,
  invalid_manifest: 500,
  read_only: 500,
};

/**
 * Bad input and known conditions become their 4xx; the server's own faults and anything else (a bug) are
 * answered with a 500/503 that names only a reference the server log carries, never the internals.
 */
export function toApiError(error: unknown, reference: string): { error: ApiError; bug: boolean } {
  if (error instanceof ApiError) return { error, bug: false };
  if (isVisibleError(error) && SERVER_FAULTS[error.code]) {
    const message = `The server cannot answer until its operator fixes its setup; the log has the details under reference ${reference}.`;
    const status = SERVER_FAULTS[error.code];
    return { error: new ApiError(status, status === 503 ? 'unavailable' : 'internal', message), bug: true };
  }
  if (isVisibleError(error)) {
    const status = STATUS_OF_CODE[error.code] ?? 400;
    const code = error.code.replaceAll('-', '_');
    return { error: new ApiError(status, code, error.message), bug: false };
  }
  const message = `Something went wrong on the server; the log has the details under reference ${reference}.`;
  return { error: new ApiError(500, 'internal', message), bug: true };
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} was not found.`);

export const noView = (dataset: string, name: string): ApiError =>
  new ApiError(404, 'not_found', `Dataset "${dataset}" has no view "${name}".`);
