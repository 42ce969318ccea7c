import type { Labels } from './types.ts';

/** Labels as small integers: code -1 = unlabelled; `names[code]` gives the label back. */
export interface LabelCodes {
  codes: Int32Array;
  names: string[];
  /** Members per code. */
  counts: Int32Array;
}

export function encodeLabels(labels: Labels): LabelCodes {
  const index = new Map<string, number>();
  const names: string[] = [];
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === null || label === undefined || label === '') {
      codes[i] = -1;
      continue;
    }
    let code = index.get(label);
    if (code === undefined) {
      code = names.length;
      index.set(label, code);
      names.push(label);
    }
    codes[i] = code;
  }
  const counts = new Int32Array(names.length);
  for (const code of codes) if (code >= 0) counts[code]++;
  return { codes, names, counts };
}
