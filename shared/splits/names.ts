/** Canonical split names and the spellings datasets use for them (`valid/`, `validation/`, COCO's `val2017/`). */
export const CANONICAL_SPLITS = ['train', 'val', 'test'] as const;

const ALIASES: Readonly<Record<string, string>> = {
  train: 'train',
  training: 'train',
  trn: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  dev: 'val',
  eval: 'val',
  test: 'test',
  testing: 'test',
  tst: 'test',
};

/** A year suffix as COCO writes it (`train2017`). */
const YEAR = /^(.*?)[-_]?(19|20)\d\d$/;

/** The canonical name of a folder or file-name word that names a split, else undefined. */
export function splitAlias(word: string): string | undefined {
  const lower = word.toLowerCase();
  return ALIASES[lower] ?? ALIASES[YEAR.exec(lower)?.[1] ?? ''];
}

const CUSTOM = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * A split written in an annotation (`"split": "Validation"`): an alias becomes its canonical name; another name
 * (a `holdout` split) is kept, lower-cased, when it is a short plain word; anything else is refused.
 */
export function normaliseSplit(value: string): string | undefined {
  const alias = splitAlias(value.trim());
  if (alias) return alias;
  const lower = value.trim().toLowerCase();
  return CUSTOM.test(lower) ? lower : undefined;
}

/**
 * How evaluative a split is: the test split is the one that must stay clean, then val, then any other named split,
 * then train. Leakage keeps the copy in the most evaluative split.
 */
export function evaluationRank(split: string): number {
  if (split === 'test') return 3;
  if (split === 'val') return 2;
  return split === 'train' ? 0 : 1;
}
