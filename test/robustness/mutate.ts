// Mutations of real source text for the fuzzer: lines and tokens deleted, duplicated or
// swapped, and random bytes inserted (decoded the way the CLI decodes a file, so invalid
// UTF-8 becomes replacement characters). Each mutation also reports the single text
// change it made, so the same mutation can be sent to a Document as an edit.
import { decodeSource } from '../../server/src/engine/text';
import { int, pick, type Random } from './corpus';

export interface Change {
  start: number;
  end: number;
  text: string;
}

type MutationKind = 'delete-line' | 'duplicate-line' | 'swap-lines' | 'delete-token' | 'duplicate-token' | 'swap-tokens' | 'insert-bytes' | 'insert-snippet';

const MUTATIONS: readonly MutationKind[] = ['delete-line', 'duplicate-line', 'swap-lines', 'delete-token', 'duplicate-token', 'swap-tokens', 'insert-bytes', 'insert-snippet'];

/** Bits of Python (and of what is not Python) that break or reshape the tree in interesting ways. */
const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '"""', "'''", '\\', '#', '@', '.', '=', 'await ', 'async ', 'def ', 'class ', 'lambda: ',
  'yield ', 'return ', 'import ', 'from ', ' if ', ' else ', 'for x in y: ', '\n', '\r\n', '\r', '\t', '    ', '\n    ', '\u0000', '\ufeff',
  'é', '中', '🚀', '\ud83d', '\ude80', 'f"{', 'print "x"', 'exec "x"', 'except E, e:', '`x`', '0777', 'ur""', '<>',
  'async def f():\n    time.sleep(1)\n', 'import time\n', 'class C(BaseModel):\n    class Config:\n        orm_mode = True\n',
  '@app.get("/")\nasync def r(db: Session = Depends(get_db)):\n    return db.query(M).all()\n', 'requests.get(u)', 'open(p).read()',
];

/** Line spans [start, end) including their line break. */
function lineSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      out.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < text.length || out.length === 0) out.push([start, text.length]);
  return out;
}

const TOKEN = /[\p{L}\p{N}_]+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s\p{L}\p{N}_]/gu;

/** Token spans on one random stretch of the text (scanning a whole 100k file per mutation is wasteful). */
function tokensNear(text: string, r: Random): Array<[number, number]> {
  const from = int(r, text.length + 1);
  const to = Math.min(text.length, from + 2000);
  const out: Array<[number, number]> = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m && m.index < to; m = TOKEN.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Random bytes (mostly high ones, some control and ASCII), decoded like a file read from disk. */
function randomBytesText(r: Random): string {
  const n = 1 + int(r, 8);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = r() < 0.6 ? 0x80 + int(r, 128) : int(r, 128);
  return decodeSource(bytes).text;
}

/** One mutation of `text` as a single replacement (swaps replace the span covering both parts). */
export function mutation(text: string, r: Random, kind: MutationKind = pick(r, MUTATIONS)): Change {
  switch (kind) {
    case 'delete-line':
    case 'duplicate-line': {
      const [a, b] = pick(r, lineSpans(text));
      return kind === 'delete-line' ? { start: a, end: b, text: '' } : { start: a, end: a, text: text.slice(a, b) };
    }
    case 'swap-lines': {
      const lines = lineSpans(text);
      let i = int(r, lines.length);
      let j = int(r, lines.length);
      if (i > j) [i, j] = [j, i];
      if (i === j) return { start: lines[i][0], end: lines[i][0], text: '' };
      const [a1, b1] = lines[i];
      const [a2, b2] = lines[j];
      return { start: a1, end: b2, text: text.slice(a2, b2) + text.slice(b1, a2) + text.slice(a1, b1) };
    }
    case 'delete-token':
    case 'duplicate-token':
    case 'swap-tokens': {
      const toks = tokensNear(text, r);
      if (toks.length === 0) return { start: text.length, end: text.length, text: pick(r, SNIPPETS) };
      const [a, b] = pick(r, toks);
      if (kind === 'delete-token') return { start: a, end: b, text: '' };
      if (kind === 'duplicate-token') return { start: b, end: b, text: (r() < 0.5 ? ' ' : '') + text.slice(a, b) };
      const [c, d] = pick(r, toks);
      if (c === a) return { start: a, end: a, text: '' };
      const [x, y, u, v] = a < c ? [a, b, c, d] : [c, d, a, b];
      return { start: x, end: v, text: text.slice(u, v) + text.slice(y, u) + text.slice(x, y) };
    }
    case 'insert-bytes': {
      const at = int(r, text.length + 1);
      return { start: at, end: at, text: randomBytesText(r) };
    }
    case 'insert-snippet': {
      const at = int(r, text.length + 1);
      const end = r() < 0.3 ? Math.min(text.length, at + int(r, 40)) : at;
      return { start: at, end, text: pick(r, SNIPPETS) };
    }
  }
}

export function applyChange(text: string, c: Change): string {
  return text.slice(0, c.start) + c.text + text.slice(c.end);
}
