// Bindings of each scope, extracted from the binding nodes the facts pass collected,
// and Python's name lookup over them (local, enclosing functions, module, builtins;
// class bodies are visible only to code directly inside them).
import type { Node } from './tree';
import type { Scope } from './facts';
import { annotationRef } from './annotations';
import { parseImport, type ModuleContext } from './imports';
import { refOf, UNKNOWN } from './refs';

export type Binding =
  | { k: 'import'; target: string; star?: boolean; at: number }
  | { k: 'param'; index: number; ann: string | null; annNode: Node | null; def: string | null; defNode: Node | null; node: Node; at: number; star?: boolean }
  | { k: 'value'; ref: string; ann: string | null; node: Node | null; at: number }
  | { k: 'def'; scope: Scope; at: number }
  | { k: 'class'; scope: Scope; at: number }
  | { k: 'opaque'; at: number }
  | { k: 'global'; at: number }
  | { k: 'nonlocal'; at: number };

interface ScopeBindings {
  names: Map<string, Binding[]>;
  /** `self.x = value` assignments in a method (first parameter receiver), for instance attribute types. */
  selfAttrs: Array<{ name: string; ref: string; at: number }>;
}

const cache = new WeakMap<Scope, ScopeBindings>();

function add(map: Map<string, Binding[]>, name: string, b: Binding): void {
  const list = map.get(name);
  if (list) list.push(b);
  else map.set(name, [b]);
}

function slice(src: string, n: Node): string {
  return src.slice(n.startIndex, n.endIndex);
}

/** Names bound by an assignment target: `a`, `a, (b, *c)`, `[d]`. Attributes and subscripts bind nothing. */
function targetNames(node: Node | null, src: string, out: Node[] = []): Node[] {
  if (!node) return out;
  switch (node.type) {
    case 'identifier':
      out.push(node);
      break;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
    case 'as_pattern_target':
      for (const c of node.namedChildren) targetNames(c, src, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * The ref an assigned value binds. A type alias `SessionDep = Annotated[Session, Depends(get_db)]`
 * binds the class it annotates, so `db: SessionDep` is typed like `db: Session`.
 */
function valueRef(value: Node, src: string, type = value.type): string {
  if (type === 'subscript' || type === 'generic_type') {
    const base = type === 'subscript' ? value.childForFieldName('value') : value.firstNamedChild;
    const baseRef = base ? refOf(base, src) : UNKNOWN;
    if (baseRef === 'Annotated' || baseRef.endsWith('.Annotated')) return annotationRef(value, src) ?? UNKNOWN;
  }
  return refOf(value, src);
}

const SEQUENCE_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);
const SEQUENCE_VALUES = new Set(['expression_list', 'tuple', 'list']);

/** `a, b = X(), Y()`: each name gets its element's ref, when both sides are flat sequences of one length. */
function bindElementwise(names: Map<string, Binding[]>, target: Node, value: Node | null, src: string, at: number): boolean {
  if (!value || !SEQUENCE_TARGETS.has(target.type) || !SEQUENCE_VALUES.has(value.type)) return false;
  const left = target.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const right = value.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (left.length !== right.length || left.some((n) => n.type !== 'identifier') || right.some((n) => n.type === 'list_splat')) return false;
  left.forEach((n, i) => add(names, slice(src, n), { k: 'value', ref: refOf(right[i], src), ann: null, node: right[i], at }));
  return true;
}

export function scopeBindings(scope: Scope, src: string, ctx: ModuleContext): ScopeBindings {
  let b = cache.get(scope);
  if (b) return b;
  const names = new Map<string, Binding[]>();
  const selfAttrs: ScopeBindings['selfAttrs'] = [];
  b = { names, selfAttrs };
  cache.set(scope, b);

  if ((scope.kind === 'function' || scope.kind === 'lambda') && scope.node) {
    for (const p of parameters(scope.node, src)) add(names, p.name, p.binding);
  }
  const selfName = scope.kind === 'function' && scope.parent?.kind === 'class' ? firstParamName(scope, src) : null;

  for (const imp of scope.imports) {
    for (const ib of parseImport(imp, src, ctx)) add(names, ib.name, { k: 'import', target: ib.target, star: ib.star, at: ib.start });
  }
  // Child scopes by start, built once: a module of thousands of functions is not searched per definition.
  let childAt: Map<number, Scope> | undefined;
  for (let i = 0; i < scope.bindingNodes.length; i++) {
    const node = scope.bindingNodes[i];
    const type = scope.bindingTypes[i];
    const at = node.startIndex;
    switch (type) {
      case 'function_definition':
      case 'class_definition': {
        if (!childAt) {
          childAt = new Map();
          for (const c of scope.children) if (!childAt.has(c.start)) childAt.set(c.start, c);
        }
        const child = childAt.get(at);
        if (child) add(names, child.name, child.kind === 'class' ? { k: 'class', scope: child, at } : { k: 'def', scope: child, at });
        break;
      }
      case 'assignment': {
        // a = b = value: every target gets the innermost right-hand side.
        const targets: Node[] = [];
        let cur: Node | null = node;
        let ann: Node | null = null;
        let value: Node | null = null;
        let valueType: string | undefined;
        do {
          targets.push(cur.childForFieldName('left')!);
          ann = ann ?? cur.childForFieldName('type');
          value = cur.childForFieldName('right');
          valueType = value?.type;
          cur = value;
        } while (cur && valueType === 'assignment');
        // `x: Optional[T] = ...` declares a T: unwrap as parameter annotations are.
        const annRef = ann ? (annotationRef(ann, src) ?? refOf(ann, src)) : null;
        for (const t of targets) {
          if (!t) continue;
          const targetType = t.type;
          if (targetType === 'identifier') {
            add(names, slice(src, t), { k: 'value', ref: value ? valueRef(value, src, valueType) : UNKNOWN, ann: annRef, node: value, at });
          } else if (targetType === 'attribute' && selfName) {
            const obj = t.childForFieldName('object');
            const attr = t.childForFieldName('attribute');
            if (obj && attr && obj.type === 'identifier' && slice(src, obj) === selfName) {
              selfAttrs.push({ name: slice(src, attr), ref: value ? refOf(value, src) : annRef ?? UNKNOWN, at });
            }
          } else if (!bindElementwise(names, t, targets.length === 1 ? value : null, src, at)) {
            for (const n of targetNames(t, src)) add(names, slice(src, n), { k: 'opaque', at });
          }
        }
        break;
      }
      case 'augmented_assignment':
        for (const n of targetNames(node.childForFieldName('left'), src)) add(names, slice(src, n), { k: 'opaque', at });
        break;
      case 'for_statement':
      case 'for_in_clause':
        for (const n of targetNames(node.childForFieldName('left'), src)) add(names, slice(src, n), { k: 'opaque', at });
        break;
      case 'named_expression': {
        const n = node.childForFieldName('name');
        if (n) add(names, slice(src, n), { k: 'value', ref: refOf(node.childForFieldName('value'), src), ann: null, node: node.childForFieldName('value'), at });
        break;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const inWith = node.parent?.type === 'with_item';
        const value = inWith ? node.firstNamedChild : null;
        for (const n of targetNames(alias, src)) {
          // `with X() as x`: __enter__ of clients, sessions and files returns the object itself.
          if (inWith && alias?.firstNamedChild?.type === 'identifier') add(names, slice(src, n), { k: 'value', ref: refOf(value, src), ann: null, node: value, at });
          else add(names, slice(src, n), { k: 'opaque', at });
        }
        break;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.namedChildren) {
          if (c && c.type === 'identifier') add(names, slice(src, c), { k: type === 'global_statement' ? 'global' : 'nonlocal', at });
        }
        break;
      default:
        break;
    }
  }
  return b;
}

const TARGET_PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'as_pattern_target', 'expression_list']);

/**
 * True when an identifier is written to (an assignment or loop target, `as x`, `x :=`, `global x`),
 * not read. `parent` saves the caller's lookup: each `.parent` descends from the root again.
 */
export function isBindingSite(id: Node, parent: Node | null = id.parent): boolean {
  let n: Node = id;
  let p = parent;
  let type = p?.type;
  while (p && TARGET_PATTERNS.has(type!)) {
    n = p;
    p = p.parent;
    type = p?.type;
  }
  if (!p) return false;
  if (type === 'as_pattern_target' || type === 'global_statement' || type === 'nonlocal_statement') return true;
  if (n.type === 'as_pattern_target') return true;
  const field = type === 'named_expression' ? 'name' : type === 'assignment' || type === 'for_statement' || type === 'for_in_clause' ? 'left' : null;
  return !!field && p.childForFieldName(field)?.id === n.id;
}

export interface ParamInfo {
  name: string;
  binding: Extract<Binding, { k: 'param' }>;
}

const paramCache = new WeakMap<Node, ParamInfo[]>();

/** Parameters of a function or lambda node, in order. */
export function parameters(fnNode: Node, src: string): ParamInfo[] {
  const cached = paramCache.get(fnNode);
  if (cached) return cached;
  const out: ParamInfo[] = [];
  const params = fnNode.childForFieldName('parameters');
  let index = 0;
  for (const p of params ? params.namedChildren : []) {
    if (!p) continue;
    let nameNode: Node | null = null;
    let annNode: Node | null = null;
    let defNode: Node | null = null;
    let star = false;
    switch (p.type) {
      case 'identifier':
        nameNode = p;
        break;
      case 'typed_parameter':
        nameNode = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        if (!nameNode) {
          const splat = p.namedChildren.find((c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern');
          nameNode = splat?.firstNamedChild ?? null;
          star = true;
        }
        annNode = p.childForFieldName('type');
        break;
      case 'default_parameter':
        nameNode = p.childForFieldName('name');
        defNode = p.childForFieldName('value');
        break;
      case 'typed_default_parameter':
        nameNode = p.childForFieldName('name');
        annNode = p.childForFieldName('type');
        defNode = p.childForFieldName('value');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        nameNode = p.firstNamedChild;
        star = true;
        break;
      default:
        continue;
    }
    if (!nameNode || nameNode.type !== 'identifier') continue;
    out.push({
      name: slice(src, nameNode),
      binding: {
        k: 'param',
        index: index++,
        ann: annNode ? refOf(annNode, src) : null,
        annNode,
        def: defNode ? refOf(defNode, src) : null,
        defNode,
        node: p,
        at: p.startIndex,
        star,
      },
    });
  }
  paramCache.set(fnNode, out);
  return out;
}

const DECORATED_STATIC = /^(staticmethod|classmethod)$/;

const receiverCache = new WeakMap<Scope, string | null>();

/** Name of the receiver parameter (`self`) of a method, unless it is a static or class method. */
export function firstParamName(fn: Scope, src: string): string | null {
  let name = receiverCache.get(fn);
  if (name === undefined) receiverCache.set(fn, (name = receiverOf(fn, src)));
  return name;
}

function receiverOf(fn: Scope, src: string): string | null {
  if (!fn.node) return null;
  // One parent lookup: each descends from the root.
  const parent = fn.node.parent;
  if (parent?.type === 'decorated_definition') {
    for (const d of parent.namedChildren) {
      if (d?.type === 'decorator' && DECORATED_STATIC.test(src.slice(d.startIndex + 1, d.endIndex).trim())) return null;
    }
  }
  const ps = parameters(fn.node, src);
  return ps.length > 0 && !ps[0].binding.star ? ps[0].name : null;
}

export interface Lookup {
  binding: Binding;
  scope: Scope;
}

/**
 * Picks the binding in effect at `offset`: the last one before it in straight-line code, else
 * the last one. An assignment's value runs before it binds: `x` in `x = min(x, 10)` reads the
 * binding before.
 */
function pick(list: Binding[], offset: number, sameFunction: boolean): Binding {
  if (!sameFunction) return list[list.length - 1];
  let best: Binding | undefined;
  for (const b of list) {
    const inOwnValue = b.k === 'value' && !!b.node && b.node.startIndex <= offset && offset < b.node.endIndex;
    if (b.at <= offset && !inOwnValue) best = b;
  }
  return best ?? list[list.length - 1];
}

/**
 * Resolves a name used in `scope` at `offset` to its binding, following Python's rules.
 * Returns 'module' when the name is not bound in any function, lambda, comprehension or
 * class scope around the use, so the caller looks it up in the module's merged summary.
 */
export function lookupLocal(name: string, scope: Scope, offset: number, src: string, ctx: ModuleContext): Lookup | 'module' {
  let s: Scope | null = scope;
  let first = true;
  let sameFunction = true;
  while (s && s.kind !== 'module') {
    if (s.kind === 'class' && !first) {
      s = s.parent;
      continue;
    }
    const list = scopeBindings(s, src, ctx).names.get(name);
    if (list) {
      const decl = list.find((b) => b.k === 'global' || b.k === 'nonlocal');
      if (decl?.k === 'global') return 'module';
      // In a class body a name not yet assigned is looked up outside (`policy = policy.default`).
      const unboundInClass = s.kind === 'class' && first && !list.some((b) => b.at <= offset);
      if (!decl && !unboundInClass) return { binding: pick(list, offset, sameFunction), scope: s };
    }
    if (s.kind === 'function' || s.kind === 'lambda' || s.kind === 'class') sameFunction = false;
    first = false;
    s = s.parent;
  }
  return 'module';
}
