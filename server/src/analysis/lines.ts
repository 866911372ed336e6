// Line-level facts about source text that rules and fixes share: the one end-of-line,
// line bounds and indentation answers (offsets are UTF-16; \n, \r\n and a lone \r end lines).

/** The line ending a text mostly uses, for text the engine inserts. */
export function lineEnding(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text.charCodeAt(i - 1) === 13) return '\r\n';
  if (i === -1 && text.includes('\r')) return '\r';
  return '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset of the end of the line holding `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The leading whitespace of the line holding `offset`: its indentation. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.slice(start, i);
}

/** The indentation before `offset` when only whitespace precedes it on its line, else null. */
export function indentBefore(text: string, offset: number): string | null {
  const ws = text.slice(lineStart(text, offset), offset);
  return /^[ \t]*$/.test(ws) ? ws : null;
}

/**
 * Index of the last of sorted `starts` at or before `offset` (0 when none is): the line, or
 * chunk, holding it. With `startOf`, `starts` are items sorted by that key (ranges by start).
 */
export function lastAtOrBefore(starts: ArrayLike<number>, offset: number): number;
export function lastAtOrBefore<T>(items: ArrayLike<T>, offset: number, startOf: (item: T) => number): number;
export function lastAtOrBefore<T>(items: ArrayLike<T>, offset: number, startOf?: (item: T) => number): number {
  const key = startOf ?? ((x: T) => x as unknown as number);
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(items[mid]) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
