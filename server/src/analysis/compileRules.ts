// What CPython's compiler rejects in code tree-sitter parses cleanly: `await`, `async for`
// and `async with` outside an async function (comprehensions, lambdas and nested defs
// included), async comprehensions outside one, `yield from` and `return value` in async
// generators, `return`/`yield` outside a function, duplicate parameters, a parameter
// without a default after one with, a repeated keyword argument, a late `from __future__`
// import; and one run-time error: a name used in a function before the function's own
// import of it (UnboundLocalError). Fixes are checked against it (engine/fixes.ts); the
// messages are CPython 3.11's, and test/analysis/compileRules.test.ts compares with it.
import type { Node } from './tree';

export interface CompileProblem {
  start: number;
  end: number;
  message: string;
}

type ScopeKind = 'module' | 'function' | 'lambda' | 'class' | 'comprehension' | 'generator';

interface CScope {
  kind: ScopeKind;
  isAsync: boolean;
  /** End of the node (for the sweep's stack). */
  nodeEnd: number;
  /** Code that runs in this scope: a def's body, not its decorators, defaults or annotations. */
  bodyStart: number;
  bodyEnd: number;
  /** A comprehension's first iterable, which runs in the enclosing scope. */
  outerStart: number;
  outerEnd: number;
  parent: CScope | null;
  /** A comprehension holding `await` or `async for` (its own, or a nested comprehension's). */
  awaits: boolean;
  yields: boolean;
  returnsValue: Node | null;
  node: Node | null;
}

const SCOPE_TYPES: Record<string, ScopeKind> = {
  function_definition: 'function',
  lambda: 'lambda',
  class_definition: 'class',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'generator',
};

const TYPES = [
  ...Object.keys(SCOPE_TYPES),
  'await',
  'for_statement',
  'with_statement',
  'for_in_clause',
  'yield',
  'return_statement',
  'parameters',
  'lambda_parameters',
  'argument_list',
  'keyword_argument',
  'import_statement',
  'import_from_statement',
];

const IDENT = /[\p{L}\p{N}_]/u;
const KEYWORD = /^[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]*/u;

function newScope(kind: ScopeKind, node: Node | null, start: number, end: number, parent: CScope | null): CScope {
  return { kind, isAsync: false, nodeEnd: end, bodyStart: start, bodyEnd: end, outerStart: -1, outerEnd: -1, parent, awaits: false, yields: false, returnsValue: null, node };
}

/** Everything in `root` CPython's compiler would reject (and local imports used too early), in document order. */
export function compileProblems(root: Node, text: string): CompileProblem[] {
  const out: CompileProblem[] = [];
  const report = (n: Node, message: string): void => void out.push({ start: n.startIndex, end: n.endIndex, message });
  const module = newScope('module', null, root.startIndex, root.endIndex, null);
  const scopes: CScope[] = [];
  const stack: CScope[] = [];
  const localImports: Array<{ node: Node; scope: CScope }> = [];
  // The scope code at `p` runs in: the innermost one around it, less a comprehension's first iterable.
  const scopeAt = (p: number): CScope => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const s = stack[i];
      if (p >= s.bodyStart && p < s.bodyEnd && !(p >= s.outerStart && p < s.outerEnd)) return s;
    }
    return module;
  };
  // Argument lists open around the current node, with the keywords each has passed.
  const calls: Array<{ end: number; names: Set<string> }> = [];
  let last: Node | null = null;
  for (const n of root.descendantsOfType(TYPES)) {
    if (!n) continue;
    const start = n.startIndex;
    // The keywords `await`, `yield` and `lambda` have their node's type and start: skip them.
    if (last && last.startIndex === start && last.type === n.type) continue;
    last = n;
    while (stack.length && stack[stack.length - 1].nodeEnd <= start) stack.pop();
    while (calls.length && calls[calls.length - 1].end <= start) calls.pop();
    const kind = SCOPE_TYPES[n.type];
    if (kind) {
      const s = newScope(kind, n, start, n.endIndex, scopeAt(start));
      if (kind === 'function' || kind === 'lambda' || kind === 'class') {
        const body = n.childForFieldName('body');
        s.bodyStart = body ? body.startIndex : n.endIndex;
        s.bodyEnd = body ? body.endIndex : n.endIndex;
        s.isAsync = kind === 'function' && n.child(0)?.type === 'async';
      } else {
        const first = n.namedChildren.find((c) => c?.type === 'for_in_clause');
        const right = first?.childrenForFieldName('right').filter((c): c is Node => !!c) ?? [];
        if (right.length) {
          s.outerStart = right[0].startIndex;
          s.outerEnd = right[right.length - 1].endIndex;
        }
      }
      scopes.push(s);
      stack.push(s);
      continue;
    }
    switch (n.type) {
      case 'await': {
        const s = scopeAt(start);
        if (s.kind === 'comprehension' || s.kind === 'generator') s.awaits = true;
        else if (s.kind === 'module' || s.kind === 'class') report(n, "'await' outside function");
        else if (!s.isAsync) report(n, "'await' outside async function");
        break;
      }
      case 'for_statement':
      case 'with_statement': {
        if (n.child(0)?.type !== 'async') break;
        const s = scopeAt(start);
        if (!(s.kind === 'function' && s.isAsync)) report(n, `'async ${n.type === 'for_statement' ? 'for' : 'with'}' outside async function`);
        break;
      }
      case 'for_in_clause': {
        // The clause belongs to the comprehension on top of the stack (its parent node).
        const s = stack[stack.length - 1];
        if (n.child(0)?.type === 'async' && s && (s.kind === 'comprehension' || s.kind === 'generator')) s.awaits = true;
        break;
      }
      case 'yield': {
        const s = scopeAt(start);
        if (s.kind === 'module' || s.kind === 'class') report(n, "'yield' outside function");
        else if (s.kind === 'function') {
          s.yields = true;
          if (s.isAsync && n.children.some((c) => c?.type === 'from')) report(n, "'yield from' inside async function");
        }
        break;
      }
      case 'return_statement': {
        const s = scopeAt(start);
        if (s.kind === 'module' || s.kind === 'class') report(n, "'return' outside function");
        else if (s.kind === 'function' && s.isAsync && n.namedChildCount > 0 && !s.returnsValue) s.returnsValue = n;
        break;
      }
      case 'parameters':
      case 'lambda_parameters':
        checkParameters(n, report);
        break;
      case 'argument_list':
        calls.push({ end: n.endIndex, names: new Set() });
        break;
      case 'keyword_argument': {
        // Read from the text (`name=`): a keyword argument is a direct child of the innermost argument list.
        const name = KEYWORD.exec(text.slice(start, Math.min(n.endIndex, start + 200)))?.[0];
        const names = calls[calls.length - 1]?.names;
        if (!name || !names) break;
        if (names.has(name)) report(n, `keyword argument repeated: ${name}`);
        names.add(name);
        break;
      }
      case 'import_statement':
      case 'import_from_statement': {
        const s = scopeAt(start);
        if (s.kind === 'function') localImports.push({ node: n, scope: s });
        break;
      }
    }
  }
  // Async comprehensions, innermost first: a generator expression may be async anywhere; a
  // list, set or dict comprehension only in an async function or another comprehension (which becomes async).
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i];
    if (s.kind !== 'comprehension' || !s.awaits) continue;
    const p = s.parent!;
    if (p.kind === 'comprehension') p.awaits = true;
    else if (!(p.kind === 'generator' || (p.kind === 'function' && p.isAsync))) report(s.node!, 'asynchronous comprehension outside of an asynchronous function');
  }
  for (const s of scopes) if (s.kind === 'function' && s.isAsync && s.yields && s.returnsValue) report(s.returnsValue, "'return' with value in async generator");
  checkFutureImports(root, report);
  usedBeforeLocalImport(localImports, text, root, report);
  return out.sort((a, b) => a.start - b.start);
}

/** The name a parameter binds, and whether it is `*args`/`**kwargs` or has a default. */
function parameterOf(p: Node): { name: string | null; kind: 'plain' | 'default' | 'star' | 'kwargs' | 'separator' | 'positional' } {
  switch (p.type) {
    case 'identifier':
      return { name: p.text, kind: 'plain' };
    case 'default_parameter':
    case 'typed_default_parameter':
      return { name: p.childForFieldName('name')?.text ?? null, kind: 'default' };
    case 'typed_parameter': {
      const inner = p.namedChild(0);
      if (inner?.type === 'list_splat_pattern') return { name: inner.namedChild(0)?.text ?? null, kind: 'star' };
      if (inner?.type === 'dictionary_splat_pattern') return { name: inner.namedChild(0)?.text ?? null, kind: 'kwargs' };
      return { name: inner?.type === 'identifier' ? inner.text : null, kind: 'plain' };
    }
    case 'list_splat_pattern':
      return { name: p.namedChild(0)?.text ?? null, kind: 'star' };
    case 'dictionary_splat_pattern':
      return { name: p.namedChild(0)?.text ?? null, kind: 'kwargs' };
    case 'keyword_separator':
      return { name: null, kind: 'star' };
    case 'positional_separator':
      return { name: null, kind: 'positional' };
    default:
      return { name: null, kind: 'separator' };
  }
}

function checkParameters(list: Node, report: (n: Node, message: string) => void): void {
  const seen = new Set<string>();
  let defaults = false;
  let keywordOnly = false;
  for (const p of list.namedChildren) {
    if (!p || p.type === 'comment') continue;
    const { name, kind } = parameterOf(p);
    if (name !== null) {
      if (seen.has(name)) report(p, `duplicate argument '${name}' in function definition`);
      seen.add(name);
    }
    if (kind === 'star' || kind === 'kwargs') keywordOnly = true;
    else if (kind === 'default') defaults = true;
    else if (kind === 'plain' && defaults && !keywordOnly) report(p, 'non-default argument follows default argument');
  }
}

/** `from __future__ import` must come first: after the docstring and other future imports only. */
function checkFutureImports(root: Node, report: (n: Node, message: string) => void): void {
  let index = 0;
  let other = false;
  for (const c of root.namedChildren) {
    if (!c || c.type === 'comment') continue;
    const docstring = index === 0 && c.type === 'expression_statement' && c.namedChildCount === 1 && c.namedChild(0)?.type === 'string';
    index++;
    if (c.type === 'future_import_statement') {
      if (other) report(c, 'from __future__ imports must occur at the beginning of the file');
    } else if (!docstring) other = true;
  }
}

/** Names an import statement binds (`import a.b` binds `a`; `from m import x as y` binds `y`). */
function importedNames(stmt: Node): Array<{ name: string; at: number }> {
  const out: Array<{ name: string; at: number }> = [];
  const fromModule = stmt.type === 'import_from_statement' ? stmt.childForFieldName('module_name') : null;
  for (const c of stmt.childrenForFieldName('name')) {
    if (!c || (fromModule && c.id === fromModule.id)) continue;
    if (c.type === 'aliased_import') {
      const alias = c.childForFieldName('alias');
      if (alias) out.push({ name: alias.text, at: stmt.startIndex });
    } else if (c.type === 'dotted_name') out.push({ name: stmt.type === 'import_statement' ? (c.namedChild(0)?.text ?? c.text) : c.text, at: stmt.startIndex });
  }
  return out;
}

/**
 * A function's own import of a name makes the name local to it: a use earlier in the body
 * (or in a comprehension there) raises UnboundLocalError. Only names the function binds by
 * an import are checked, and only before its first import of them.
 */
function usedBeforeLocalImport(imports: Array<{ node: Node; scope: CScope }>, text: string, root: Node, report: (n: Node, message: string) => void): void {
  const first = new Map<CScope, Map<string, number>>();
  for (const { node, scope } of imports) {
    let names = first.get(scope);
    if (!names) first.set(scope, (names = new Map()));
    for (const { name, at } of importedNames(node)) if (!names.has(name) || names.get(name)! > at) names.set(name, at);
  }
  for (const [fn, names] of first) {
    for (const [name, at] of names) {
      for (let i = text.indexOf(name, fn.bodyStart); i !== -1 && i < at; i = text.indexOf(name, i + 1)) {
        if (IDENT.test(text[i - 1] ?? '') || IDENT.test(text[i + name.length] ?? '')) continue;
        const id = root.descendantForIndex(i, i + name.length);
        if (!id || id.type !== 'identifier' || id.startIndex !== i || !isLoadIn(id, fn.node!)) continue;
        report(id, `local variable '${name}' referenced before assignment (imported later in the function)`);
      }
    }
  }
}

/** Whether an identifier reads a variable of `fn` itself: not an attribute or keyword name, not in a nested function, lambda or class. */
function isLoadIn(id: Node, fn: Node): boolean {
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return false;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) return false;
  if (parent?.type === 'dotted_name' || parent?.type === 'aliased_import') return false;
  for (let p = parent; p; p = p.parent) {
    if (p.id === fn.id) return true;
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return false;
  }
  return false;
}
