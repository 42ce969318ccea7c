/** JSON.parse that answers undefined for text that is not JSON, so the caller's zod schema says what was wrong. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
