import { plural } from './counts.ts';
import { middleEllipsis } from './file-name.ts';

/** What a duplicate cluster is titled by: what it shows and which copy is kept, not its 32-character id. */
export interface ClusterNaming {
  /** The members' labels (null: unlabelled). */
  labels: (string | null)[];
  keeperKey: string;
  size: number;
}

/** "cat · cats/cat-0007.png · 4 copies"; mixed labels read "cat / dog", none "unlabelled". */
export function clusterTitle({ labels, keeperKey, size }: ClusterNaming, keyChars = 32): string {
  const named = [...new Set(labels.filter((label): label is string => label !== null))].sort();
  const what = named.length === 0 ? 'unlabelled' : named.join(' / ');
  return `${what} · ${middleEllipsis(keeperKey, keyChars)} · ${plural(size, 'copy', 'copies')}`;
}
