import { z } from 'zod';

/** The same words the report and the page use (docs/curation.md, "Words"). */
export const duplicateMatchSchema = z
  .string()
  .nullable()
  .describe(
    "how a cluster member matches its keeper: 'exact-bytes' (same file), 'exact-pixels' (same decoded pixels), " +
      "'near: <transforms>' (resized, cropped, flipped, rotated, bordered, tone-shifted, re-encoded); 'keeper' for " +
      'the keeper; null outside clusters',
  );
export const keptBecauseSchema = z
  .string()
  .nullable()
  .describe(
    "why the cluster's keeper is kept: 'resolution', 'quality', 'oldest', 'newest', 'key', 'already-kept', " +
      "'identical-order'; null outside clusters",
  );
