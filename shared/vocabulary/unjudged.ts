import type { QualityIssue } from './issues.ts';

/** The quality checks that could not judge an image, each with why (its confidence is then 0, not a guess). */
export type Unjudged = Partial<Record<QualityIssue, string>>;

/** As the images table stores it: JSON, or null when every check judged (and in rows written before it existed). */
export function encodeUnjudged(unjudged: Unjudged): string | null {
  return Object.keys(unjudged).length === 0 ? null : JSON.stringify(unjudged);
}

/** The stored text back; anything that is not an object of strings reads as judged. */
export function decodeUnjudged(text: string | null | undefined): Unjudged {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, reason]) => typeof reason === 'string'));
  } catch {
    return {};
  }
}

/** The words every face shows: 'cannot judge: too small (150x100 < 192 px)'. */
export function unjudgedWords(reason: string): string {
  return `cannot judge: ${reason}`;
}
