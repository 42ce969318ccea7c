import type { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';

/** Parses pass parameters, turning a zod failure into a sentence that names the parameter. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : 'options';
  throw new VisibleError(`Invalid ${what} parameter "${field}": ${issue.message}.`, 'invalid_parameter', {
    cause: parsed.error,
  });
}
