// Line-level facts about source text that rules and fixes share.

/** The line ending a text mostly uses, for text the engine inserts. */
export function lineEnding(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text.charCodeAt(i - 1) === 13) return '\r\n';
  if (i === -1 && text.includes('\r')) return '\r';
  return '\n';
}
