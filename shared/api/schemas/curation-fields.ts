import { z } from 'zod';
import { API_FIELDS, type ApiField, CURATION_FIELDS, type FieldSpec } from '../../vocabulary/index.ts';

/** The zod schema of a field's kind (scores are plain numbers: nearestSimilarity is a cosine in [-1, 1]). */
type KindSchema<S extends FieldSpec> = S extends { kind: 'levels' }
  ? z.ZodArray<z.ZodInt>
  : S extends { kind: 'flag' }
    ? z.ZodBoolean
    : S extends { kind: 'int' }
      ? z.ZodInt
      : S extends { kind: 'text' }
        ? S extends { nullable: true }
          ? z.ZodNullable<z.ZodString>
          : z.ZodString
        : z.ZodNumber;

export type ApiFieldShape = { [F in ApiField]: KindSchema<(typeof CURATION_FIELDS)[F]> };

export function fieldSchema(spec: FieldSpec): z.ZodType {
  const base =
    spec.kind === 'levels'
      ? z.array(z.int())
      : spec.kind === 'flag'
        ? z.boolean()
        : spec.kind === 'int'
          ? z.int()
          : spec.kind === 'text'
            ? spec.nullable
              ? z.string().nullable()
              : z.string()
            : z.number();
  return spec.describe ? base.describe(spec.describe) : base;
}

/** The scores of the curation vocabulary that the API shows, in the table's order. */
export function apiFieldShape(): ApiFieldShape {
  return Object.fromEntries(
    API_FIELDS.map((field) => [field, fieldSchema(CURATION_FIELDS[field])]),
  ) as unknown as ApiFieldShape;
}
