// Symbolic value references: a tiny string language that describes how a value is
// obtained, so that module summaries stay plain data (cloneable, hashable, cacheable)
// and resolution can happen later against the workspace index.
//
//   ref  := NAME ( "." NAME | "()" | "[]" )*   |   "?"
//
// "requests.Session()"  : call of requests.Session
// "db.query().all"      : attribute all of the result of db.query(...)
// "?"                   : unknown (a literal, an operator, a lambda ...)
import type { Node } from './tree';

export const UNKNOWN = '?';

type RefOp = { op: 'attr'; name: string } | { op: 'call' } | { op: 'sub' };

/** Identifier (Python allows Unicode letters), then dotted names, then the opening parenthesis of a call. */
const DOTTED_CALL = /([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:[ \t]*\.[ \t]*[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*)[ \t]*\(/uy;
const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;

const IDENTS = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;

/** The identifier-like words of a text, in order (keywords, and words in strings and comments, too). */
export function identifiersIn(text: string): string[] {
  return text.match(IDENTS) ?? [];
}

/** At a sticky lastIndex: no identifier runs on into it from the left, or on out of it to the right. */
const NOT_AFTER_WORD = /(?<![\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/uy;
const NOT_BEFORE_WORD = /(?![\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}])/uy;

/** How many of `identifiersIn(text)` are `name`: found with indexOf, without splitting the whole text into words. */
export function countIdentifier(text: string, name: string): number {
  IDENT.lastIndex = 0;
  if (IDENT.exec(name)?.[0] !== name) return 0;
  let n = 0;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    NOT_AFTER_WORD.lastIndex = at;
    NOT_BEFORE_WORD.lastIndex = at + name.length;
    if (NOT_AFTER_WORD.test(text) && NOT_BEFORE_WORD.test(text)) n++;
  }
  return n;
}

/** The leading identifier at `offset` (the root name of an expression), without touching the tree. */
export function identifierAt(text: string, offset: number): string | null {
  IDENT.lastIndex = offset;
  const m = IDENT.exec(text);
  return m ? m[0] : null;
}

/** The callee of a call written as a plain dotted name (`a.b.c(`), read from the text: no tree access. */
export function dottedCalleeAt(text: string, offset: number): string | null {
  DOTTED_CALL.lastIndex = offset;
  const m = DOTTED_CALL.exec(text);
  if (!m) return null;
  return m[1].includes(' ') || m[1].includes('\t') ? m[1].replace(/[ \t]+/g, '') : m[1];
}

/** Longest chain of operations a ref keeps; deeper expressions (generated code) are unknown. */
const MAX_REF_OPS = 100;

/** Builds the ref of an expression node (a loop, not recursion: generated code nests thousands deep). */
export function refOf(node: Node | null, text: string): string {
  const suffix: string[] = [];
  for (let n = node; n; ) {
    if (suffix.length > MAX_REF_OPS) return UNKNOWN;
    switch (n.type) {
      case 'identifier': {
        let out = text.slice(n.startIndex, n.endIndex);
        for (let i = suffix.length - 1; i >= 0; i--) out += suffix[i];
        return out;
      }
      case 'attribute': {
        const attr = n.childForFieldName('attribute');
        if (!attr) return UNKNOWN;
        suffix.push(`.${text.slice(attr.startIndex, attr.endIndex)}`);
        n = n.childForFieldName('object');
        continue;
      }
      case 'call':
        // Not dottedCalleeAt: in `a.b(x).c()` the text at the start names the inner call.
        suffix.push('()');
        n = n.childForFieldName('function');
        continue;
      case 'subscript':
        suffix.push('[]');
        n = n.childForFieldName('value');
        continue;
      case 'generic_type':
        // `Annotated[X, ...]` inside annotations parses as generic_type.
        suffix.push('[]');
        n = n.firstNamedChild;
        continue;
      case 'binary_operator':
        // `base / "name"` builds a path from a path (pathlib and friends): the ref calls the
        // operator method so the resolver can type the result through its tables.
        if (n.childForFieldName('operator')?.type !== '/') return UNKNOWN;
        suffix.push('.__truediv__()');
        n = n.childForFieldName('left');
        continue;
      case 'await':
      case 'parenthesized_expression':
      case 'type':
        n = n.firstNamedChild;
        continue;
      default:
        return UNKNOWN;
    }
  }
  return UNKNOWN;
}

/** Splits a ref into its root name and the operations applied to it. */
export function parseRef(ref: string): { root: string; ops: RefOp[] } | null {
  if (ref === UNKNOWN || ref.length === 0) return null;
  const ops: RefOp[] = [];
  let i = 0;
  const n = ref.length;
  while (i < n && ref[i] !== '.' && ref[i] !== '(' && ref[i] !== '[') i++;
  const root = ref.slice(0, i);
  while (i < n) {
    const c = ref[i];
    if (c === '.') {
      let j = i + 1;
      while (j < n && ref[j] !== '.' && ref[j] !== '(' && ref[j] !== '[') j++;
      ops.push({ op: 'attr', name: ref.slice(i + 1, j) });
      i = j;
    } else if (c === '(') {
      ops.push({ op: 'call' });
      i += 2;
    } else {
      ops.push({ op: 'sub' });
      i += 2;
    }
  }
  return { root, ops };
}

/**
 * The name a callee's ref ends with: `get` for `client.get`, `middleware` for the decorator
 * `app.middleware()` (its call dropped); null when it ends otherwise (`handlers[]`, `make()()`).
 */
export function refLastName(ref: string): string | null {
  const bare = ref.endsWith('()') ? ref.slice(0, -2) : ref;
  IDENT.lastIndex = bare.lastIndexOf('.') + 1;
  const m = IDENT.exec(bare);
  return m && IDENT.lastIndex === bare.length ? m[0] : null;
}

/** True when the ref is a plain dotted name (`a.b.c`), no calls or subscripts. */
export function isDotted(ref: string): boolean {
  return ref !== UNKNOWN && !ref.includes('(') && !ref.includes('[');
}

/**
 * The longest dotted prefix of `q` (`q` itself included) for which `holds` is true, or null:
 * the workspace module a qualified name lives in (`app.services.pdf` for
 * `app.services.pdf.build`), the library path a canonical name maps.
 */
export function longestPrefix(q: string, holds: (prefix: string) => boolean): string | null {
  for (let i = q.length; i > 0; i = q.lastIndexOf('.', i - 1)) {
    const prefix = q.slice(0, i);
    if (holds(prefix)) return prefix;
  }
  return null;
}
