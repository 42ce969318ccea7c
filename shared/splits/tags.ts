/**
 * A split is stored as one reserved tag, `split:<name>`, in the image's tag list: a list column LanceDB already
 * filters (`array_has`) and indexes for full text, so splits need no new column and no store migration.
 */
export const SPLIT_TAG_PREFIX = 'split:';

export const splitTag = (split: string): string => `${SPLIT_TAG_PREFIX}${split}`;

export const isSplitTag = (tag: string): boolean => tag.startsWith(SPLIT_TAG_PREFIX);

/** The image's split, or null when none is recorded. */
export function splitOf(tags: readonly string[]): string | null {
  const tag = tags.find(isSplitTag);
  return tag === undefined ? null : tag.slice(SPLIT_TAG_PREFIX.length);
}

/** The user's own tags, without the split. */
export const userTags = (tags: readonly string[]): string[] => tags.filter((tag) => !isSplitTag(tag));
