/**
 * The search box's side of the query syntax (the server parses it: shared/query). Here: whether a query holds
 * conditions only (then it lists images with `q=`, no text search), and completions for the token being typed.
 */

export const QUERY_FIELDS = [
  'label:',
  'tag:',
  'split:',
  'is:',
  'dup:',
  'has:',
  'key:',
  'cluster:',
  'keeper:true',
  'threshold:',
  'blur>',
  'dark>',
  'bright>',
  'uniqueness>=',
  'typicality>=',
  'mislabel>',
  'outlier>',
  'duplicate>',
  'width>',
  'height>',
  'size>',
];
const VALUES: Record<string, string[]> = {
  'is:': ['blur', 'dark', 'bright', 'duplicate', 'unique', 'mislabel', 'outlier', 'keeper'],
  'dup:': ['exact', 'near', 'any', 'none'],
  'has:': ['objects', 'caption', 'label', 'tags'],
  'split:': ['train', 'val', 'test'],
};

/** Words and "quoted phrases"; a quote left open runs to the end. */
export function tokens(query: string): string[] {
  return query.match(/-?[^\s"]*"[^"]*"?|\S+/g) ?? [];
}

const CONDITION = /^-?[a-zA-Z]+(:|>=|<=|>|<)\S/;

/** True when every token is a condition such as `split:test` or `blur>0.6` (no free text to search for). */
export function conditionsOnly(query: string): boolean {
  const list = tokens(query);
  return list.length > 0 && list.every((token) => CONDITION.test(token));
}

/** Whole-query completions for the last token: field names, then their values and the dataset's labels. */
export function completions(query: string, labels: readonly string[], max = 12): string[] {
  const at = /\S*$/.exec(query)?.index ?? query.length;
  const head = query.slice(0, at);
  const last = query.slice(at);
  const negated = last.startsWith('-') ? '-' : '';
  const word = last.slice(negated.length).toLowerCase();
  const out: string[] = [];
  const field = /^([a-z]+:)(.*)$/.exec(word);
  if (field) {
    const values = field[1] === 'label:' ? labels : (VALUES[field[1]] ?? []);
    for (const value of values)
      if (value.toLowerCase().startsWith(field[2]) && value.toLowerCase() !== field[2])
        out.push(`${head}${negated}${field[1]}${/\s/.test(value) ? `"${value}"` : value} `);
  } else if (word.length > 0) {
    for (const name of QUERY_FIELDS)
      if (name.startsWith(word) && name !== word) out.push(`${head}${negated}${name}`);
  }
  return out.slice(0, max);
}
