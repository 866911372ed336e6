// How findings read in an editor. The Problems panel gives a message one line and shows
// it as plain text, so a message says what is wrong and what to do first, in at most
// MESSAGE_LIMIT characters; the rest (library versions, resolved names, longer advice)
// goes to the finding's `detail`, shown in the hover. Rules write code in `backticks`:
// the hover renders them, plainText drops them where the editor shows plain text.

/**
 * The longest message, as plain text. A Problems row at the default width (a 1280-1920 px
 * window, the panel under the editor) shows about 130-180 characters of message next to
 * the file name and position; 120 leaves room for both.
 */
export const MESSAGE_LIMIT = 120;

/** A message or title as plain text: without the Markdown code marks (VS Code shows them verbatim). */
export function plainText(s: string): string {
  return s.replace(/`/g, '');
}

/**
 * `problem; advice` when it fits in MESSAGE_LIMIT, else `problem; short` with the full
 * advice as the detail (the hover shows it).
 */
export function withAdvice(problem: string, advice: string, short: string): { message: string; detail?: string } {
  const full = `${problem}; ${advice}`;
  if (plainText(full).length <= MESSAGE_LIMIT) return { message: full };
  return { message: `${problem}; ${short}`, detail: `${advice[0].toUpperCase()}${advice.slice(1)}.` };
}

/** Code quoted in a message, at most `max` characters: a long receiver is cut in the middle, the last name kept (`mongo["shop"]...insert_one`). */
export function shortCode(code: string, max = 22): string {
  if (code.length <= max) return code;
  const dot = code.lastIndexOf('.');
  const tail = dot > 0 ? code.slice(dot) : '';
  if (tail.length > max - 6) return tail.length <= max + 1 ? tail.slice(1) : `${tail.slice(1, max - 2)}...`;
  return `${code.slice(0, max - tail.length - 2)}...${tail.slice(1)}`;
}
