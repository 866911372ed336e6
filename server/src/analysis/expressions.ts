// Syntactic questions about one expression, asked of candidate nodes only: method chains
// (`select(M).where(x).limit(5)`), where a value flows (awaited, returned, iterated),
// literal constants and small literal payloads.
import type { Node } from '../engine/parser';

/** Strips parentheses and `await` around an expression. */
export function unwrap(node: Node | null): Node | null {
  while (node && (node.type === 'parenthesized_expression' || node.type === 'await')) node = node.firstNamedChild;
  return node;
}

/** A plain dotted name: `a`, `a.b.c`. */
export function isDottedName(node: Node | null): boolean {
  let n = node;
  while (n && n.type === 'attribute') n = n.childForFieldName('object');
  return !!n && n.type === 'identifier';
}

export interface ChainLink {
  /** Method or attribute name; the callee's text for the base call (`select`, `db.query`); '[]' for a subscript. */
  name: string;
  kind: 'call' | 'attr' | 'subscript';
  /** The call, attribute or subscript node this link ends with. */
  node: Node;
}

/**
 * The links of a chain, base first: `db.query(M).filter(x)[0:5].all()` is the base call
 * `db.query(M)` (named `db.query`), then filter(), [], all(). `base` is the dotted name the
 * chain starts from (the base call's callee `db.query`, or `result` in `result.scalars()`),
 * or whatever other expression it starts from.
 */
export function chainOf(node: Node): { links: ChainLink[]; base: Node } {
  const links: ChainLink[] = [];
  let cur: Node = node;
  for (let guard = 0; guard < 200; guard++) {
    const u = unwrap(cur) ?? cur;
    if (u.type === 'call') {
      const fn = u.childForFieldName('function');
      if (fn?.type === 'attribute') {
        const inner = unwrap(fn.childForFieldName('object'));
        if (inner && !isDottedName(inner)) {
          links.unshift({ name: fn.childForFieldName('attribute')?.text ?? '', kind: 'call', node: u });
          cur = inner;
          continue;
        }
      }
      links.unshift({ name: fn?.text ?? '', kind: 'call', node: u });
      return { links, base: fn ?? u };
    }
    if (u.type === 'attribute') {
      const obj = unwrap(u.childForFieldName('object'));
      if (obj && !isDottedName(obj)) {
        links.unshift({ name: u.childForFieldName('attribute')?.text ?? '', kind: 'attr', node: u });
        cur = obj;
        continue;
      }
      return { links, base: u };
    }
    if (u.type === 'subscript') {
      const value = u.childForFieldName('value');
      links.unshift({ name: '[]', kind: 'subscript', node: u });
      if (!value) return { links, base: u };
      cur = value;
      continue;
    }
    return { links, base: u };
  }
  return { links, base: cur };
}

/** True when a subscript is a slice (`[a:b]`, `[:n]`). */
export function isSliceSubscript(node: Node): boolean {
  return node.type === 'subscript' && node.childrenForFieldName('subscript').some((s) => s?.type === 'slice');
}

/** Parents through which an expression's value passes unchanged (parentheses, `await`). */
function passThrough(n: Node): Node {
  let cur = n;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'await')) cur = cur.parent;
  return cur;
}

/**
 * The chain built on top of an expression: `(await db.execute(q)).scalars().all()` from the
 * `db.execute(q)` call is [scalars(), all()], and `top` is the outermost node of the chain.
 */
export function chainAbove(node: Node): { links: ChainLink[]; top: Node } {
  const links: ChainLink[] = [];
  let cur = passThrough(node);
  for (let guard = 0; guard < 200; guard++) {
    const p = cur.parent;
    if (!p) break;
    if (p.type === 'attribute' && p.childForFieldName('object')?.id === cur.id) {
      const name = p.childForFieldName('attribute')?.text ?? '';
      const call = p.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === p.id) {
        links.push({ name, kind: 'call', node: call });
        cur = passThrough(call);
      } else {
        links.push({ name, kind: 'attr', node: p });
        cur = passThrough(p);
      }
      continue;
    }
    if (p.type === 'subscript' && p.childForFieldName('value')?.id === cur.id) {
      links.push({ name: '[]', kind: 'subscript', node: p });
      cur = passThrough(p);
      continue;
    }
    break;
  }
  return { links, top: cur };
}

/** How the value of an expression is used by the statement or expression around it. */
export type Use =
  | { kind: 'return' }
  | { kind: 'assign'; name: string }
  | { kind: 'iterate' }
  | { kind: 'argument'; call: Node }
  | { kind: 'other' };

export function useOf(node: Node): Use {
  const cur = passThrough(node);
  const p = cur.parent;
  if (!p) return { kind: 'other' };
  switch (p.type) {
    case 'return_statement':
      return { kind: 'return' };
    case 'assignment': {
      const left = p.childForFieldName('left');
      if (p.childForFieldName('right')?.id === cur.id && left?.type === 'identifier') return { kind: 'assign', name: left.text };
      return { kind: 'other' };
    }
    case 'for_statement':
    case 'for_in_clause':
      return p.childForFieldName('right')?.id === cur.id ? { kind: 'iterate' } : { kind: 'other' };
    case 'argument_list': {
      const call = p.parent;
      return call?.type === 'call' ? { kind: 'argument', call } : { kind: 'other' };
    }
    default:
      return { kind: 'other' };
  }
}

/** Value of a numeric literal expression (`1_000`, `-1`, `2**31 - 1`, `float("inf")`), else null. */
export function literalNumber(node: Node | null): number | null {
  const n = unwrap(node);
  if (!n) return null;
  switch (n.type) {
    case 'integer': {
      const t = n.text.replace(/_/g, '').toLowerCase();
      const v = t.startsWith('0x') || t.startsWith('0o') || t.startsWith('0b') ? Number(t) : Number(t.replace(/l$/, ''));
      return Number.isFinite(v) ? v : null;
    }
    case 'float': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isNaN(v) ? null : v;
    }
    case 'unary_operator': {
      const v = literalNumber(n.childForFieldName('argument'));
      const op = n.childForFieldName('operator')?.type;
      if (v === null) return null;
      return op === '-' ? -v : op === '+' ? v : null;
    }
    case 'binary_operator': {
      const a = literalNumber(n.childForFieldName('left'));
      const b = literalNumber(n.childForFieldName('right'));
      if (a === null || b === null) return null;
      switch (n.childForFieldName('operator')?.type) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '**':
          return a ** b;
        case '//':
          return b === 0 ? null : Math.floor(a / b);
        default:
          return null;
      }
    }
    case 'call': {
      // float("inf")
      const fn = n.childForFieldName('function');
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.type === 'identifier' && fn.text === 'float' && args.length === 1 && args[0]?.type === 'string' && /^["']\+?inf(inity)?["']$/i.test(args[0].text)) return Infinity;
      return null;
    }
    default:
      return null;
  }
}

const SCALAR_LITERALS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** A literal scalar: string (f-strings included), number, bool, None, -1. */
export function isScalarLiteral(node: Node | null): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (SCALAR_LITERALS.has(n.type)) return true;
  return n.type === 'unary_operator' && isScalarLiteral(n.childForFieldName('argument'));
}

/** Keys whose value is a short message or status even when it is computed (`{"detail": str(exc)}`). */
const MESSAGE_KEYS = new Set(['detail', 'error', 'errors', 'message', 'msg', 'status', 'code', 'reason', 'ok', 'success', 'result']);
const CONTAINERS = new Set(['list', 'dictionary', 'set', 'tuple', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression']);

/**
 * A tiny literal payload: a dict display of at most four string keys whose values are literal
 * scalars, or anything but a container under a message-like key (`{"status": "ok"}`,
 * `{"detail": str(exc)}`); or a literal scalar. Serialising it costs nothing worth a finding.
 */
export function isTinyPayload(node: Node | null): boolean {
  const n = unwrap(node);
  if (!n) return true;
  if (isScalarLiteral(n)) return true;
  if (n.type !== 'dictionary') return false;
  const pairs = n.namedChildren.filter((c) => c && c.type !== 'comment');
  if (pairs.length > 4) return false;
  for (const p of pairs) {
    if (!p || p.type !== 'pair') return false; // **spread
    const key = p.childForFieldName('key');
    const value = unwrap(p.childForFieldName('value'));
    if (!key || key.type !== 'string' || !value) return false;
    if (isScalarLiteral(value)) continue;
    const k = key.namedChildren.find((c) => c?.type === 'string_content')?.text ?? '';
    if (MESSAGE_KEYS.has(k.toLowerCase()) && !CONTAINERS.has(value.type)) continue;
    return false;
  }
  return true;
}

/** Whether `inner` lies inside `outer` (same node included). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The nearest ancestor of `node` (excluded) of one of `types`, stopping at `stop`. */
export function ancestorOfType(node: Node, types: ReadonlySet<string>, stop?: Node | null): Node | null {
  for (let p = node.parent; p; p = p.parent) {
    if (stop && p.id === stop.id) return null;
    if (types.has(p.type)) return p;
  }
  return null;
}
