// Small text helpers for fixes that insert or replace whole lines.

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

/** The indentation before `offset` when only whitespace precedes it on its line, else null. */
export function indentBefore(text: string, offset: number): string | null {
  const ws = text.slice(lineStart(text, offset), offset);
  return /^[ \t]*$/.test(ws) ? ws : null;
}
