import { VisibleError } from '../errors/index.ts';

/** A query that cannot be read; names the token and where it starts, so a 400 can point at it. */
export class QuerySyntaxError extends VisibleError {
  override readonly name = 'QuerySyntaxError';
  constructor(
    readonly token: string,
    readonly position: number,
    reason: string,
  ) {
    super(`Cannot read "${token}" (at character ${position + 1}) in the query: ${reason}.`, 'invalid_query');
  }
}
