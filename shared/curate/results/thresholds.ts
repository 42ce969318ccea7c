import type { Config } from '../../config/index.ts';
import type { IssueThresholds } from './issues.ts';

/** The configured default threshold of each listable issue; `uniques` has none (the select-uniques subset). */
export function issueThresholds(config: Config): IssueThresholds {
  const t = config.thresholds;
  return {
    duplicates: t.duplicate,
    mislabels: t.mislabel,
    outliers: t.outlier,
    blur: t.blur,
    dark: t.dark,
    bright: t.bright,
  };
}
