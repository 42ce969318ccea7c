import { z } from 'zod';
import { datasetName } from '../../config/schema.ts';
import { ERROR_CODES } from '../../errors/index.ts';

/** Path parameters and pieces every route shares. No native imports here: the edge Worker loads these too. */
export const datasetParam = z.strictObject({ dataset: datasetName });

export const idSchema = z.string().regex(/^[0-9a-f]{32}$/, 'an id is 32 lower-case hex characters');

export const imageParams = z.strictObject({ dataset: datasetName, id: idSchema });

export const errorBodySchema = z
  .object({
    status: z.int().min(400).max(599),
    code: z.enum(ERROR_CODES).describe('What went wrong, one of the codes in docs/api.md (Errors).'),
    message: z.string(),
    field: z.string().optional(),
  })
  .meta({ id: 'Error' });

/** Opaque: base64url of the position and a fingerprint of the query it belongs to. */
export const cursorSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor is the opaque nextCursor of a previous page');

// Query strings and form fields are text, and only plain decimal digits are a number here: "" is not 0, "0x10"
// not 16, "1e3" not 1000, " 5" not 5 (what z.coerce, through Number(), would read them as).
const WHOLE = /^\d{1,16}$/;
const DECIMAL = /^\d{1,16}(\.\d{1,16})?$/;

/** A whole number written in decimal digits, then checked by `number` (its bounds). */
export function wholeParam(number: z.ZodNumber = z.number()) {
  return z.string().regex(WHOLE, 'a whole number in decimal digits').transform(Number).pipe(number.int());
}

/** A number written as decimal digits with an optional fraction ("0.25"), then checked by `number`. */
export function decimalParam(number: z.ZodNumber = z.number()) {
  return z.string().regex(DECIMAL, 'a decimal number such as 0.5').transform(Number).pipe(number);
}

/** A query-string integer within bounds ("12" -> 12); anything else is refused, never clamped. */
export function limitParam(fallback: number, max: number) {
  return wholeParam(z.number().min(1).max(max)).default(fallback);
}

/** Ids stored in int32 columns (visual clusters): a larger one can match nothing, and the store would fail on it. */
export const INT32_MAX = 2 ** 31 - 1;
export const int32Id = z.int().min(0).max(INT32_MAX);

/** "true" or "false" in a query string. */
export const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

export const confidenceParam = decimalParam(z.number().min(0).max(1));

/** A query-string key given once or repeated (`?tag=a&tag=b`), always an array once parsed. */
export function repeatable<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .union([item, z.array(item).min(1).max(max)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
}

/** Free text that reaches a store filter: bounded, no control characters (they never occur in real labels). */
export const filterText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !hasControl(text), 'control characters are not allowed');

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
const hasControl = (text: string) => CONTROL.test(text);

export const boxSchema = z
  .strictObject({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .refine((box) => box.x + box.width <= 1 + 1e-6 && box.y + box.height <= 1 + 1e-6, {
    message: 'the box must lie inside the image: x + width and y + height are at most 1',
  })
  .meta({ id: 'Box', description: 'A box in normalised coordinates of the displayed image, all in [0, 1].' });

export type BoxInput = z.output<typeof boxSchema>;
