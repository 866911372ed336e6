// Text positions and source decoding.
// Offsets everywhere in the engine are UTF-16 code-unit indexes into the JS string
// (what tree-sitter reports for string input); LSP positions are (line, UTF-16 column).

import { isUtf8 } from 'node:buffer';
import { lastAtOrBefore } from '../analysis/lines';
import type { Position, Range } from '../ruleApi/rule';


/** Maps offsets to LSP positions. Line breaks as LSP defines them: \n, \r\n and a lone \r. */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? scanLineStarts(text, 0, text.length, [0]);
  }

  /**
   * The index of `newText`, which is this text with [start, oldEnd) replaced by `inserted`
   * characters: only the lines the edit touched are scanned again.
   */
  edited(newText: string, start: number, oldEnd: number, inserted: number): LineIndex {
    const ls = this.lineStarts;
    // From the line before: an edit at a line start can join a CR ending that line to a LF (or split them).
    const a = Math.max(0, this.lineOf(start) - 1);
    let b = this.lineOf(oldEnd) + 1; // first old line starting after the edit
    while (b < ls.length && ls[b] <= oldEnd) b++;
    const delta = inserted - (oldEnd - start);
    const scanEnd = b < ls.length ? ls[b] + delta : newText.length;
    const out = ls.slice(0, a + 1);
    scanLineStarts(newText, ls[a], scanEnd, out);
    if (out[out.length - 1] === scanEnd && b < ls.length) out.pop();
    for (let i = b; i < ls.length; i++) out.push(ls[i] + delta);
    return new LineIndex(newText, out);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineOf(offset: number): number {
    return lastAtOrBefore(this.lineStarts, offset);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.lineStarts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of an LSP position, clamped into the document as the LSP spec asks. */
  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** 1-based column in Unicode code points (what Ruff's JSON and text output use). */
  codePointColumn(offset: number): number {
    const line = this.lineOf(offset);
    let col = 1;
    for (let i = this.lineStarts[line]; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset) i++;
      col++;
    }
    return col;
  }
}

/** Appends the line starts found in text[from, to) (a break at `to - 1` adds `to`). */
function scanLineStarts(text: string, from: number, to: number, out: number[]): number[] {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) out.push(i + 1);
  }
  return out;
}

export interface DecodedSource {
  text: string;
  /** The encoding the bytes were read with: utf-8 unless a PEP 263 cookie says otherwise. */
  encoding: string;
  bom: boolean;
  /** Set when the bytes could not be decoded faithfully: such a file is linted but never rewritten. */
  lossy?: string;
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Decodes Python source bytes: BOM, PEP 263 coding cookie on line 1 or 2, else UTF-8. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  let body = bytes;
  let bom = false;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bom = true;
    body = bytes.subarray(3);
  }
  let encoding = 'utf-8';
  if (!bom) {
    const head = Buffer.from(body.subarray(0, 400)).toString('latin1').split(/\r\n|\r|\n/, 2);
    for (const line of head) {
      const m = COOKIE.exec(line);
      if (m) {
        encoding = normaliseEncoding(m[1]);
        break;
      }
      if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
    }
  }
  if (encoding !== 'utf-8') {
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(body);
      return { text, encoding, bom };
    } catch {
      // Unknown label or bytes that do not fit it: fall through to UTF-8.
    }
  }
  // Valid UTF-8, nearly every file: Node's native decoder gives TextDecoder's text, faster.
  // A second BOM is left to TextDecoder, which drops it.
  if (!(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) && isUtf8(body)) {
    return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), encoding: 'utf-8', bom };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    const text = new TextDecoder('utf-8').decode(body);
    return { text, encoding: 'utf-8', bom, lossy: 'file is not valid UTF-8 and declares no encoding' };
  }
}

/** How much of a file's start decides whether it is binary: git looks at the first 8,000 bytes. */
const BINARY_HEAD = 8000;

/**
 * Whether a decoded file is binary rather than source: a NUL in its first 8,000 characters (as
 * git decides; CPython refuses source with NUL bytes too), or more than a quarter of them
 * undecodable (replacement characters). A few stray bytes in a comment are still linted.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, BINARY_HEAD);
  if (head.includes('\0')) return true;
  let replaced = 0;
  for (let i = head.indexOf('\uFFFD'); i !== -1; i = head.indexOf('\uFFFD', i + 1)) replaced++;
  return replaced * 4 > head.length;
}

/** `looksBinary` for a file's bytes, judged from its head alone: a large binary file is not decoded. */
export function isBinaryFile(bytes: Uint8Array): boolean {
  return looksBinary(decodeSource(bytes.subarray(0, BINARY_HEAD)).text);
}

function normaliseEncoding(label: string): string {
  const l = label.toLowerCase().replace(/_/g, '-');
  if (l === 'utf-8' || l === 'utf8' || l.startsWith('utf-8-')) return 'utf-8';
  if (l === 'latin-1' || l === 'iso-8859-1' || l === 'iso8859-1' || l === 'l1' || l === 'latin1') return 'latin1';
  return l;
}

/** Encodes text back with the encoding it was read with; undefined when that cannot be done exactly. */
export function encodeSource(text: string, src: Pick<DecodedSource, 'encoding' | 'bom' | 'lossy'>): Uint8Array | undefined {
  if (src.lossy) return undefined;
  let body: Uint8Array;
  if (src.encoding === 'utf-8') body = Buffer.from(text, 'utf8');
  else if (src.encoding === 'latin1') {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return undefined;
    body = Buffer.from(text, 'latin1');
  } else {
    // Check the round trip through the declared encoding: only ASCII-preserving edits are safe.
    const ascii = Buffer.from(text, 'latin1');
    try {
      if (new TextDecoder(src.encoding).decode(ascii) !== text) return undefined;
    } catch {
      return undefined;
    }
    body = ascii;
  }
  if (!src.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}
