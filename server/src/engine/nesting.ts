// How deep brackets nest, read from the text. CPython refuses more than 200 nested
// brackets ("too many nested parentheses"), so such a file is not Python: its tree is
// thousands of levels deep, where every parent lookup costs the depth (web-tree-sitter
// finds a parent by descending from the root) and analysing it would take minutes.
export const MAX_BRACKET_DEPTH = 200;

const QUOTE_SINGLE = 39;
const QUOTE_DOUBLE = 34;

/** The deepest bracket nesting in text[from, to), strings and comments skipped; stops counting past `limit`. */
export function bracketDepth(text: string, from = 0, to = text.length, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 35) {
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i += triple ? 3 : 1;
      for (; i < to; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c && (!triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          if (triple) i += 2;
          break;
        } else if (!triple && (d === 10 || d === 13)) break;
      }
    }
  }
  return max;
}
