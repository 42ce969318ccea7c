import { normaliseSplit, splitAlias } from './names.ts';
import { isSplitTag, SPLIT_TAG_PREFIX, splitTag } from './tags.ts';

/**
 * Where splits come from. `folder`: `auto` takes the first folder of the key that names a split
 * (`train/cats/x.jpg`, `images/val2017/x.jpg`); a number takes that folder level only (0 = the top folder);
 * `off` reads splits only from annotations (a sidecar's or manifest's `split`, a COCO file's name).
 */
export interface SplitOptions {
  folder: 'auto' | 'off' | number;
}

export const DEFAULT_SPLIT_OPTIONS: SplitOptions = { folder: 'auto' };

/** The split a key's folders name, if any. */
export function folderSplit(key: string, options: SplitOptions = DEFAULT_SPLIT_OPTIONS): string | undefined {
  if (options.folder === 'off') return undefined;
  const folders = key.split('/').slice(0, -1);
  if (options.folder === 'auto') {
    for (const folder of folders) {
      const split = splitAlias(folder);
      if (split) return split;
    }
    return undefined;
  }
  const folder = folders[options.folder];
  return folder === undefined ? undefined : splitAlias(folder);
}

/**
 * The split a COCO file's name gives its images (`instances_val2017.json` -> val, `test.json` -> test), if any.
 * The name's words are separated by `_`, `-` or `.`.
 */
export function fileNameSplit(fileName: string): string | undefined {
  const base = fileName.split('/').pop() ?? fileName;
  for (const word of base.replace(/\.json$/i, '').split(/[_.-]/)) {
    const split = splitAlias(word);
    if (split) return split;
  }
  return undefined;
}

/**
 * The tags to store: the user's tags plus exactly one `split:` tag when a split is known. Annotation sources
 * add theirs in precedence order (sidecar, manifest, COCO), so the first split tag wins; the folder is the
 * fallback. A split tag that names no valid split is dropped.
 */
export function resolveSplitTags(
  tags: readonly string[],
  key: string,
  options: SplitOptions = DEFAULT_SPLIT_OPTIONS,
): string[] {
  const own = tags.filter((tag) => !isSplitTag(tag));
  const written = tags
    .filter(isSplitTag)
    .map((tag) => normaliseSplit(tag.slice(SPLIT_TAG_PREFIX.length)))
    .find((split) => split !== undefined);
  const split = written ?? folderSplit(key, options);
  return split === undefined ? own : [...own, splitTag(split)];
}
