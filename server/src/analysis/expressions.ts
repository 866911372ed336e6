// Syntactic questions about one expression, asked of candidate nodes only: method chains
// (`select(M).where(x).limit(5)`), where a value flows (awaited, returned, iterated),
// literal constants and small literal payloads.
import type { Node } from './tree';

/** Strips parentheses and `await` around an expression: the value it evaluates to. */
export function unwrap(node: Node | null): Node | null {
  while (node && (node.type === 'parenthesized_expression' || node.type === 'await')) node = node.firstNamedChild;
  return node;
}

/** Strips parentheses only: the expression itself (`(f())` is the call `f()`). */
export function stripParens(node: Node | null): Node | null {
  while (node && node.type === 'parenthesized_expression') node = node.firstNamedChild;
  return node;
}

/** The expression with the parentheses around it (`(f())` for `f()`): the node its parent sees. */
export function withParens(node: Node): Node {
  let cur = node;
  while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
  return cur;
}

/**
 * Whether an expression is the operand of `await`, through parentheses (`await (f())`). For
 * calls the facts pass answers the same question once for all (`CallFact.awaited`).
 */
export function isAwaitedExpression(node: Node): boolean {
  return withParens(node).parent?.type === 'await';
}

/** One step of a chain: an attribute access, a call of what precedes it, or a subscript. */
export interface ChainLink {
  kind: 'attr' | 'call' | 'subscript';
  /** The attribute name for 'attr' links, '' otherwise. */
  name: string;
  /** The attribute, call or subscript node this step ends with. */
  node: Node;
}

/**
 * The steps of a chain, base first: `db.query(M).filter(x)[0:5].all()` is the base `db`,
 * then .query, (), .filter, (), [], .all, (). Parentheses and `await` are looked through.
 */
export function chainOf(node: Node): { links: ChainLink[]; base: Node } {
  const links: ChainLink[] = [];
  let cur: Node = unwrap(node) ?? node;
  for (let guard = 0; guard < 500; guard++) {
    let next: Node | null = null;
    if (cur.type === 'call') {
      links.unshift({ kind: 'call', name: '', node: cur });
      next = cur.childForFieldName('function');
    } else if (cur.type === 'attribute') {
      links.unshift({ kind: 'attr', name: cur.childForFieldName('attribute')?.text ?? '', node: cur });
      next = cur.childForFieldName('object');
    } else if (cur.type === 'subscript') {
      links.unshift({ kind: 'subscript', name: '', node: cur });
      next = cur.childForFieldName('value');
    }
    const u = unwrap(next);
    if (!u) break;
    cur = u;
  }
  return { links, base: cur };
}

/** Methods called along a chain, in order: `.where(x).limit(5)` is where, limit, with their call nodes. */
export function calledMethods(links: readonly ChainLink[]): Array<{ name: string; call: Node }> {
  const out: Array<{ name: string; call: Node }> = [];
  for (let i = 0; i + 1 < links.length; i++) if (links[i].kind === 'attr' && links[i + 1].kind === 'call') out.push({ name: links[i].name, call: links[i + 1].node });
  return out;
}

/** Parents through which an expression's value passes unchanged (parentheses, `await`). */
function passThrough(n: Node): Node {
  let cur = n;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'await')) cur = cur.parent;
  return cur;
}

/**
 * The chain built on top of an expression: from `db.execute(q)` in
 * `(await db.execute(q)).scalars().all()` it is .scalars, (), .all, (); `top` is the
 * outermost node of the chain (the one whose value the statement uses).
 */
export function chainAbove(node: Node): { links: ChainLink[]; top: Node } {
  const links: ChainLink[] = [];
  let cur = passThrough(node);
  for (let guard = 0; guard < 500; guard++) {
    const p = cur.parent;
    if (!p) break;
    if (p.type === 'attribute' && p.childForFieldName('object')?.id === cur.id) {
      links.push({ kind: 'attr', name: p.childForFieldName('attribute')?.text ?? '', node: p });
    } else if (p.type === 'call' && p.childForFieldName('function')?.id === cur.id) {
      links.push({ kind: 'call', name: '', node: p });
    } else if (p.type === 'subscript' && p.childForFieldName('value')?.id === cur.id) {
      links.push({ kind: 'subscript', name: '', node: p });
    } else break;
    cur = passThrough(p);
  }
  return { links, top: cur };
}

/** How the value of an expression is used by the statement or expression around it. */
type Use =
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

const MAX_PREFIX = 200;

/**
 * The leading constant text of a string literal: all of it for a plain string, the part
 * before the first `{...}` for an f-string (at most 200 characters); null for anything else.
 */
export function stringPrefix(node: Node | null): string | null {
  const n = unwrap(node);
  if (n?.type !== 'string') return null;
  let out = '';
  for (const c of n.namedChildren) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type !== 'string_content' && c.type !== 'escape_sequence') break;
    out += c.text;
    if (out.length >= MAX_PREFIX) return out.slice(0, MAX_PREFIX);
  }
  return out;
}

const SCALAR_LITERALS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** A literal scalar: string (f-strings included), number, bool, None, -1. */
function isScalarLiteral(node: Node | null): boolean {
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
