// File names that are not valid UTF-8. Node decodes such a name with replacement
// characters, and the file can no longer be opened by that name. Names read as bytes are
// kept as strings with each stray byte as a lone surrogate U+DC80..U+DCFF (Python's
// `surrogateescape`), which `fsPath` turns back into the original bytes; `displayName`
// shows them as U+FFFD where output must be text.

import { pathToFileURL } from 'node:url';

/** A surrogate that is not half of a pair. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a name holds escaped bytes (or another lone surrogate), which `fs` and URIs must get as bytes. */
export function hasEscapedBytes(name: string): boolean {
  return LONE.test(name);
}

/** A file name read as bytes, as a string that `fsPath` turns back into the same bytes. */
export function nameFromBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (!text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(buf)) return text;
  let out = '';
  for (let i = 0; i < buf.length; ) {
    const n = sequenceLength(buf, i);
    if (n === 0) out += String.fromCharCode(0xdc00 + buf[i++]);
    else {
      out += buf.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  // The second byte's range excludes overlong forms and UTF-16 surrogates (RFC 3629).
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The bytes of a string as a file name: escaped bytes come back as themselves. */
export function nameBytes(name: string): Buffer {
  if (!hasEscapedBytes(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let run = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHigh(name.charCodeAt(i - 1)))) {
      parts.push(Buffer.from(run, 'utf8'), Buffer.from([c - 0xdc00]));
      run = '';
    } else run += name[i];
  }
  parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** The path to give `fs`: the string itself, or its bytes when it holds escaped bytes. */
export function fsPath(p: string): string | Buffer {
  return hasEscapedBytes(p) ? nameBytes(p) : p;
}

/** A path for text output: escaped bytes (and any other lone surrogate) become U+FFFD. */
export function displayName(p: string): string {
  return hasEscapedBytes(p) ? nameBytes(p).toString('utf8') : p;
}

const URI_SAFE = /^[A-Za-z0-9\-._~/]$/;

/** A path's bytes percent-encoded for a URI: the exact name, whatever its bytes (RFC 3986). */
export function uriPath(p: string): string {
  let out = '';
  for (const b of nameBytes(p)) {
    const c = String.fromCharCode(b);
    out += URI_SAFE.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A `file:` URI naming exactly this file (an absolute path). */
export function fileUri(p: string): string {
  return hasEscapedBytes(p) ? `file://${uriPath(p)}` : pathToFileURL(p).href;
}

/** The inverse of `uriPath`: percent-escapes decoded as bytes, a name that is not UTF-8 kept as `nameFromBytes` keeps it. */
export function pathFromUriPath(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i], 'utf8'));
  }
  return nameFromBytes(Uint8Array.from(bytes));
}
