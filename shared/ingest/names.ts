/**
 * A file name as it is on disk (bytes) -> the text of its key. UTF-8 names are read as UTF-8 and NFC-normalised.
 * A name that is not valid UTF-8 (a Latin-1 or Shift-JIS archive) is read byte for byte as Latin-1: every byte
 * becomes one character, so the key is readable for Latin-1 names and can always be turned back into the
 * exact bytes (shared/store/legacy-names.ts does that to serve the original).
 */
export function nameToKey(raw: Buffer): { text: string; utf8: boolean } {
  try {
    return { text: utf8.decode(raw).normalize('NFC'), utf8: true };
  } catch {
    return { text: raw.toString('latin1'), utf8: false };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
