import type { ErrorCode } from './codes.ts';

export { ERROR_CODES, ERROR_STATUS, type ErrorCode, type ErrorStatus, isServerFault } from './codes.ts';

/**
 * Errors meant for people: a sentence that says what is wrong and what to do, shown without a stack.
 * Everything else is a bug and keeps its stack.
 */
export class VisibleError extends Error {
  override readonly name: string = 'VisibleError';
  constructor(
    message: string,
    readonly code: ErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isVisibleError(error: unknown): error is VisibleError {
  return error instanceof VisibleError;
}

/** The message of anything thrown, for logs and failure records. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
