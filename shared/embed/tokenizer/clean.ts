/**
 * Text clean-up before CLIP's BPE, following the reference `basic_clean` + `whitespace_clean`:
 * ftfy.fix_text, html.unescape twice, whitespace collapsed, trimmed; the caller lower-cases.
 *
 * ftfy is approximated by its deterministic steps (terminal escapes, Latin ligatures, full-width forms, curly
 * quotes, control characters, NFC). Its mojibake repair (text decoded with the wrong codec) is not reproduced:
 * such text tokenizes as written. HTML entities: numeric ones and the common named ones.
 */

/** Python's `\s` for str patterns (Unicode White_Space plus the ASCII separators 0x1c-0x1f). */
export const WHITESPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const whitespaceRun = new RegExp(`[${WHITESPACE}]+`, 'gu');
const edgeWhitespace = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, 'gu');

export function cleanText(text: string): string {
  const fixed = fixText(text);
  const unescaped = unescapeHtml(unescapeHtml(fixed)).replace(edgeWhitespace, '');
  return unescaped.replace(whitespaceRun, ' ').replace(edgeWhitespace, '');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
const terminalEscape = /\x1b\[[\d;]*[A-Za-z]/g;
// ftfy's CONTROL_CHARS: C0 controls except tab, LF, FF, CR; DEL; deprecated format characters; BOM; annotation marks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const controlChars = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
const singleQuotes = /[\u02bc\u2018-\u201b]/g;
const doubleQuotes = /[\u201c-\u201f]/g;
const ligatures: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st',
};
const ligature = new RegExp(`[${Object.keys(ligatures).join('')}]`, 'g');
// Full-width and half-width forms take their NFKC equivalent, as ftfy's fix_character_width does.
const widthForms = /[\u3000\uff01-\uffef]/g;

function fixText(text: string): string {
  return text
    .replace(terminalEscape, '')
    .replace(ligature, (c) => ligatures[c] ?? c)
    .replace(widthForms, (c) => (c === '\u3000' ? ' ' : c.normalize('NFKC')))
    .replace(singleQuotes, "'")
    .replace(doubleQuotes, '"')
    .replace(/\r\n|[\r\u2028\u2029\x85]/g, '\n')
    .replace(controlChars, '')
    .normalize('NFC');
}

const named: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  deg: '°',
  middot: '·',
  times: '×',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  bull: '•',
};
const entity = /&(#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);?/g;

/** Python's html.unescape for numeric references (with its replacements for invalid ones) and common names. */
export function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(entity, (whole, body: string) => {
    if (body.startsWith('#')) return numericReference(body, whole);
    // Named references need their semicolon, except the legacy few HTML allows without one.
    const hasSemicolon = whole.endsWith(';');
    const value = named[body];
    if (
      value !== undefined &&
      (hasSemicolon || ['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'].includes(body))
    ) {
      return value;
    }
    return whole;
  });
}

// html.unescape maps these C1 code points through Windows-1252, like browsers do.
const windows1252: Record<number, number> = {
  128: 0x20ac,
  130: 0x201a,
  131: 0x0192,
  132: 0x201e,
  133: 0x2026,
  134: 0x2020,
  135: 0x2021,
  136: 0x02c6,
  137: 0x2030,
  138: 0x0160,
  139: 0x2039,
  140: 0x0152,
  142: 0x017d,
  145: 0x2018,
  146: 0x2019,
  147: 0x201c,
  148: 0x201d,
  149: 0x2022,
  150: 0x2013,
  151: 0x2014,
  152: 0x02dc,
  153: 0x2122,
  154: 0x0161,
  155: 0x203a,
  156: 0x0153,
  158: 0x017e,
  159: 0x0178,
};

function numericReference(body: string, whole: string): string {
  const code =
    body[1] === 'x' || body[1] === 'X'
      ? Number.parseInt(body.slice(2), 16)
      : Number.parseInt(body.slice(1), 10);
  if (!Number.isFinite(code)) return whole;
  if (code in windows1252) return String.fromCodePoint(windows1252[code]);
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff || code === 0) return '\ufffd';
  if (code === 0x0d || [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(code)) return String.fromCodePoint(code);
  if (isInvalidCodePoint(code)) return '';
  return String.fromCodePoint(code);
}

function isInvalidCodePoint(code: number): boolean {
  return (
    (code >= 0x01 && code <= 0x08) ||
    code === 0x0b ||
    (code >= 0x0e && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    (code & 0xfffe) === 0xfffe
  );
}
