/**
 * A long file name cut in the middle, so that both its folder and its end stay readable:
 * `checkers/checkers-0012.png` at 25 characters is `checkers/che…ers-0012.png`. The end (where the numbers
 * and the extension are) is what tells similar names apart, so it keeps at least the extension and 4 more.
 */
export function middleEllipsis(name: string, max: number): string {
  // Code points, not UTF-16 units: an emoji or accented name is never cut through a character.
  const chars = Array.from(name);
  if (chars.length <= max || max < 3) return name;
  const room = max - 1;
  const dot = name.lastIndexOf('.');
  // A dot that starts the base name (`.env`) is no extension.
  const extension = dot > name.lastIndexOf('/') + 1 ? Array.from(name.slice(dot)).length : 0;
  const tail = Math.min(room - 1, Math.max(Math.ceil(room / 2), extension + 4));
  const head = room - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
