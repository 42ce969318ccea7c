/** How many results a list shows, in words: "24 similar images", "1,204 images", "the first 48 images". */

const number = (n: number): string => n.toLocaleString('en-US');

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

export interface CountOf {
  /** Results on the page now. */
  shown: number;
  /** Nothing more to load: `shown` is all there is. */
  done: boolean;
  /** The size of the whole list when the API gives it. */
  total: number | null;
  /** 'images' for a listing, 'similar images' or 'matching images' for a search. */
  noun: string;
}

/**
 * A listing with a total says it ("1,204 images", with how many are shown while not all are); without one it
 * says only what it knows ("the first 48 images") until the end is reached.
 */
export function countWords({ shown, done, total, noun }: CountOf): string {
  const one = noun.replace(/s$/, '');
  if (total !== null) {
    const all = plural(total, one, noun);
    return shown < total ? `${all} · ${number(shown)} shown` : all;
  }
  if (done) return plural(shown, one, noun);
  return `the first ${plural(shown, one, noun)}`;
}
