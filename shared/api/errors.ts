import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS, type ErrorCode, isServerFault, isVisibleError } from '../errors/index.ts';

/** The one error body every route answers with. `field` names the offending input, when there is one. */
export interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
}

/** An answer that is not a 2xx, with the body it is sent with. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
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

/**
 * Bad input and known conditions become their 4xx from the one table of codes; the server's own faults (a 5xx
 * code) and anything else (a bug) are answered with a status and a reference the server log carries, never
 * the internals (their messages name files and folders).
 */
export function toApiError(error: unknown, reference: string): { error: ApiError; bug: boolean } {
  if (error instanceof ApiError) return { error, bug: false };
  if (isVisibleError(error)) {
    const status = ERROR_STATUS[error.code];
    if (!isServerFault(error.code))
      return { error: new ApiError(status, error.code, error.message), bug: false };
    const message = `The server cannot answer until its operator fixes its setup; the log has the details under reference ${reference}.`;
    return { error: new ApiError(status, status === 503 ? 'unavailable' : 'internal', message), bug: true };
  }
  const message = `Something went wrong on the server; the log has the details under reference ${reference}.`;
  return { error: new ApiError(500, 'internal', message), bug: true };
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} was not found.`);

export const noView = (dataset: string, name: string): ApiError =>
  new ApiError(404, 'not_found', `Dataset "${dataset}" has no view "${name}".`);
