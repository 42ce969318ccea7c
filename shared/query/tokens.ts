import { QuerySyntaxError } from './errors.ts';

/** One piece of a query: free text, or a qualifier (`label:cat`, `blur>0.6`), possibly negated. */
export type Token =
  | { kind: 'text'; text: string; raw: string; at: number }
  | {
      kind: 'qualifier';
      negated: boolean;
      field: string;
      operator: ':' | '>' | '>=' | '<' | '<=';
      value: string;
      raw: string;
      at: number;
    };

const QUALIFIER = /^(-?)([A-Za-z][A-Za-z0-9_]*)(>=|<=|:|>|<)([\s\S]*)$/;

/**
 * Splits a query the way GitHub's search box does: whitespace separates tokens, double quotes keep a phrase
 * together (`"sunset over mountains"`, `label:"golden retriever"`), `-` before a qualifier negates it.
 * Positions are kept so an error can point at the token that caused it.
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i])) {
      i++;
      continue;
    }
    const at = i;
    let raw = '';
    let quoted = false;
    while (i < query.length && (quoted || !/\s/.test(query[i]))) {
      if (query[i] === '"') quoted = !quoted;
      raw += query[i++];
    }
    if (quoted) throw new QuerySyntaxError(raw, at, 'a quote is not closed');
    tokens.push(classify(raw, at));
  }
  return tokens;
}

function classify(raw: string, at: number): Token {
  if (raw.startsWith('"')) return { kind: 'text', text: unquote(raw, at), raw, at };
  const match = QUALIFIER.exec(raw);
  if (!match) {
    if (raw.startsWith('-') && raw.length > 1)
      throw new QuerySyntaxError(raw, at, 'only qualifiers can be negated (for example -label:dog)');
    return { kind: 'text', text: raw.replaceAll('"', ''), raw, at };
  }
  const [, minus, field, operator, value] = match;
  const text = unquote(value, at);
  if (text === '') throw new QuerySyntaxError(raw, at, `"${field}${operator}" needs a value`);
  return {
    kind: 'qualifier',
    negated: minus === '-',
    field: field.toLowerCase(),
    operator: operator as ':' | '>' | '>=' | '<' | '<=',
    value: text,
    raw,
    at,
  };
}

/** `"a b"` -> `a b`; quotes inside a bare word are refused rather than guessed at. */
function unquote(value: string, at: number): string {
  if (!value.includes('"')) return value;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"') && !value.slice(1, -1).includes('"'))
    return value.slice(1, -1);
  throw new QuerySyntaxError(value, at, 'quote a whole value ("like this")');
}
