import { type ErrorCode, VisibleError } from '../errors/index.ts';

export type MediaErrorReason =
  | 'empty'
  | 'too-large'
  | 'too-many-pixels'
  | 'side-too-long'
  | 'extreme-aspect-ratio'
  | 'unsupported-format'
  | 'corrupt'
  | 'invalid-box';

/** A file that cannot become an image, with a reason code that ingest summaries group by. */
export class MediaError extends VisibleError {
  override readonly name: string = 'MediaError';
  constructor(
    readonly reason: MediaErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, reason.replaceAll('-', '_') as ErrorCode, options);
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}
