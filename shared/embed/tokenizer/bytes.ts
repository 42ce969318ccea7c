/**
 * CLIP's (GPT-2's) byte-level alphabet: each of the 256 byte values maps to one printable code point, so BPE
 * works on text with no whitespace or control characters and every byte sequence stays encodable.
 */
export function byteAlphabet(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCodePoint(b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCodePoint(256 + shifted++);
  }
  return table;
}

/** Code-point order of the alphabet as the reference lists it: printable bytes first, then the shifted ones. */
export function alphabetInVocabularyOrder(table: string[]): string[] {
  return [...table].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
}
