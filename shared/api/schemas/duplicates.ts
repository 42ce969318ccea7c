import type { z } from 'zod';
import { CURATION_FIELDS } from '../../vocabulary/index.ts';
import { fieldSchema } from './curation-fields.ts';

/** The same words the report and the page use (docs/curation.md, "Words"). */
export const duplicateMatchSchema = fieldSchema(CURATION_FIELDS.duplicateMatch) as z.ZodNullable<z.ZodString>;
export const keptBecauseSchema = fieldSchema(CURATION_FIELDS.keptBecause) as z.ZodNullable<z.ZodString>;
