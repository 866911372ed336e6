// The facts pass: one descendantsOfType walk over the flat tree collects every node any
// analysis needs, and a pass over that list builds the scope tree. Files are split into
// chunks (top-level statements and class members) so an edit re-analyses only its chunk.
import type { Node } from './tree';
import { stripParens } from './expressions';
import { dottedCalleeAt, identifierAt, refOf } from './refs';

export const FACT_TYPES = [
  'call',
  'function_definition',
  'class_definition',
  'lambda',
  'import_statement',
  'import_from_statement',
  'await',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'for_in_clause',
  'as_pattern',
  'named_expression',
  'global_statement',
  'nonlocal_statement',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'return_statement',
  'yield',
  'decorator',
];

type ScopeKind = 'module' | 'function' | 'lambda' | 'class' | 'comprehension';

export interface Scope {
  kind: ScopeKind;
  node: Node | null;
  start: number;
  end: number;
  /** Where code executed in this scope begins: decorators, defaults and annotations before it belong to the parent. */
  bodyStart: number;
  parent: Scope | null;
  name: string;
  /** Python's __qualname__: `C.m`, `f.<locals>.g`; empty for the module. */
  qualname: string;
  isAsync: boolean;
  chunk: number;
  /** Binding statements whose targets land in this scope (assignments, for, with-as, imports ...). */
  bindingNodes: Node[];
  /** The type of each binding node, as the facts pass read it (reading it again crosses into WebAssembly). */
  bindingTypes: string[];
  imports: Node[];
  calls: CallFact[];
  awaits: Node[];
  returns: Node[];
  yields: Node[];
  children: Scope[];
  /** Decorator refs of a function or class (`app.get()`, `staticmethod`), read from the text. */
  decorators: string[];
  /** Start of the first decorator, or of the definition when undecorated. */
  decoStart: number;
  /** Calls in the definition's header: decorator arguments, parameter defaults, annotations. */
  headerCalls: CallFact[];
  /** Pending decorators and their calls, handed to the next definition in this scope. */
  pending?: { decorators: string[]; start: number; calls: CallFact[]; end: number; chunk: number; text?: string };
}

export interface CallFact {
  node: Node;
  start: number;
  /** Innermost scope the call executes in (comprehensions included). */
  scope: Scope;
  /** The callee when it is a plain dotted name, read from the text (`requests.get`); null otherwise. */
  dotted: string | null;
  /** Leading identifier of the callee, or null (`(a or b)()`, `"x".join()`). */
  root: string | null;
  chunk: number;
  /** The operand of an `await` (`await f()`), known without a parent lookup (which costs the tree's depth). */
  awaited: boolean;
}

export interface ChunkSpan {
  start: number;
  end: number;
  /** The statement's node in the current tree; null for chunks reused from an earlier version. */
  node: Node | null;
  /** True for the head of a class (decorators, name, bases) whose members are chunks of their own. */
  header: boolean;
  /** The enclosing class_definition nodes of a class member, outermost first. */
  classNodes: Node[];
}

export interface ChunkFacts {
  calls: CallFact[];
  functions: Scope[];
  classes: Scope[];
  lambdas: Scope[];
  awaits: Node[];
}

/** Only whitespace, line continuations and comments between a decorator and what it decorates. */
const BLANK = /^(?:\s|\\|#[^\n\r]*)*$/;

const DEF_NAME = /(?:async[ \t]+)?def[ \t\\\r\n]+([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/uy;
const CLASS_NAME = /class[ \t\\\r\n]+([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/uy;

/** Splits a module into chunks: top-level statements, and for classes a header plus one chunk per member. */
export function chunkSpans(root: Node): ChunkSpan[] {
  const out: ChunkSpan[] = [];
  for (const child of root.namedChildren) if (child) statementSpans(child, [], out);
  return out;
}

/** Chunk spans of one statement (recursing into class bodies), appended to `out`; `type` when the caller has read it. */
export function statementSpans(stmt: Node, classNodes: Node[], out: ChunkSpan[], type = stmt.type): void {
  if (type === 'comment') return;
  const def = type === 'class_definition' ? stmt : type === 'decorated_definition' ? stmt.childForFieldName('definition') : null;
  if (def && (def === stmt || def.type === 'class_definition')) {
    const body = def.childForFieldName('body');
    const members: Node[] = [];
    const types: string[] = [];
    for (const n of body ? body.namedChildren : []) {
      const t = n?.type;
      if (n && t !== 'comment') members.push(n), types.push(t!);
    }
    if (members.length > 0) {
      out.push({ start: stmt.startIndex, end: members[0].startIndex, node: stmt, header: true, classNodes });
      const inner = [...classNodes, def];
      for (let i = 0; i < members.length; i++) statementSpans(members[i], inner, out, types[i]);
      return;
    }
  }
  out.push({ start: stmt.startIndex, end: stmt.endIndex, node: stmt, header: false, classNodes });
}

export function newScope(kind: ScopeKind, node: Node | null, start: number, end: number, bodyStart: number, parent: Scope | null, name: string, isAsync: boolean, chunk: number): Scope {
  let qualname = '';
  if (kind === 'function' || kind === 'class') {
    if (!parent || parent.kind === 'module') qualname = name;
    else if (parent.kind === 'class') qualname = `${parent.qualname}.${name}`;
    else if (parent.kind === 'function') qualname = `${parent.qualname}.<locals>.${name}`;
    else qualname = `${enclosingNamed(parent)?.qualname ?? ''}.<locals>.${name}`.replace(/^\./, '');
  }
  const s: Scope = { kind, node, start, end, bodyStart, parent, name, qualname, isAsync, chunk, bindingNodes: [], bindingTypes: [], imports: [], calls: [], awaits: [], returns: [], yields: [], children: [], decorators: [], decoStart: start, headerCalls: [] };
  if (parent) {
    parent.children.push(s);
    const p = parent.pending;
    if (p && (kind === 'function' || kind === 'class')) {
      // Only decorators written right above the definition, in the same chunk, are its own
      // (an ERROR region can leave a decorator with no definition).
      if (p.end <= start && p.chunk === chunk && p.text !== undefined && BLANK.test(p.text.slice(p.end, start))) {
        s.decorators = p.decorators;
        s.decoStart = p.start;
        s.headerCalls.push(...p.calls);
      }
      parent.pending = undefined;
    }
  }
  return s;
}

function enclosingNamed(s: Scope | null): Scope | null {
  while (s && s.kind !== 'function' && s.kind !== 'class' && s.kind !== 'module') s = s.parent;
  return s;
}

/** Creates the scope of a class node (header facts only), used as the parent of member chunks. */
export function classScopeFor(node: Node, text: string, parent: Scope, chunk: number): Scope {
  CLASS_NAME.lastIndex = node.startIndex;
  const m = CLASS_NAME.exec(text);
  const body = node.childForFieldName('body');
  const end = node.endIndex;
  return newScope('class', node, node.startIndex, end, body ? body.startIndex : end, parent, m ? m[1] : '<class>', false, chunk);
}

/**
 * Runs the facts pass over the given nodes (document order, as descendantsOfType returns them),
 * starting from `outer` (the module, or a re-created class scope for a class member chunk).
 */
export function buildScopes(nodes: readonly (Node | null)[], text: string, outer: Scope, chunkOf: (start: number) => number, out: ChunkFacts[], classScopes: Map<number, Scope>): void {
  const stack: Scope[] = [outer];
  let prevStart = -1;
  let prevKeyword = '';
  let prevCall: CallFact | null = null;
  // Start -> end of each `await` operand met so far (an await starts before its operand).
  const awaitOperands = new Map<number, number>();
  for (const node of nodes) {
    if (!node) continue;
    const start = node.startIndex;
    // `await`, `lambda` and `yield` are also the names of their keyword tokens, which
    // descendantsOfType returns too: the token starts where its expression does.
    const type = node.type;
    if ((type === 'await' || type === 'lambda' || type === 'yield') && start === prevStart && type === prevKeyword) continue;
    prevStart = start;
    prevKeyword = type;
    while (stack.length > 1 && stack[stack.length - 1].end <= start) stack.pop();
    // Innermost scope whose body holds the node; defaults and annotations run in the parent.
    let i = stack.length - 1;
    let header: Scope | null = null;
    while (i > 0 && stack[i].bodyStart > start) header = stack[i--];
    const scope = stack[i];
    const chunk = chunkOf(start);
    const facts = out[chunk];
    switch (type) {
      case 'call': {
        const dotted = dottedCalleeAt(text, start);
        // In a chain `a.b().c()` the outer call comes first and starts where the inner one
        // does: the dotted name read from the text belongs to the inner call only.
        if (prevCall && prevCall.start === start) prevCall.dotted = null;
        const operandEnd = awaitOperands.get(start);
        const awaited = operandEnd !== undefined && operandEnd === node.endIndex;
        const call: CallFact = { node, start, scope, dotted, root: dotted ? dotted.split('.', 1)[0] : identifierAt(text, start), chunk, awaited };
        prevCall = call;
        scope.calls.push(call);
        facts.calls.push(call);
        if (header) header.headerCalls.push(call);
        else if (scope.pending && start < scope.pending.end) scope.pending.calls.push(call);
        break;
      }
      case 'decorator': {
        const ref = decoratorRef(node, text);
        const end = node.endIndex;
        const p = scope.pending;
        if (p && p.end <= start && p.chunk === chunk && BLANK.test(text.slice(p.end, start))) p.decorators.push(ref), (p.end = end);
        else scope.pending = { decorators: [ref], start, calls: [], end, chunk, text };
        break;
      }
      case 'function_definition': {
        DEF_NAME.lastIndex = start;
        const m = DEF_NAME.exec(text);
        const body = node.childForFieldName('body');
        const end = node.endIndex;
        const fn = newScope('function', node, start, end, body ? body.startIndex : end, scope, m ? m[1] : '<def>', text.startsWith('async', start), chunk);
        addBinding(scope, node, type);
        facts.functions.push(fn);
        stack.push(fn);
        break;
      }
      case 'class_definition': {
        let cls = classScopes.get(start);
        if (!cls) {
          cls = classScopeFor(node, text, scope, chunk);
          classScopes.set(start, cls);
        }
        addBinding(scope, node, type);
        facts.classes.push(cls);
        stack.push(cls);
        break;
      }
      case 'lambda': {
        const body = node.childForFieldName('body');
        const end = node.endIndex;
        const lam = newScope('lambda', node, start, end, body ? body.startIndex : end, scope, '<lambda>', false, chunk);
        facts.lambdas.push(lam);
        stack.push(lam);
        break;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const comp = newScope('comprehension', node, start, node.endIndex, start, scope, '<comp>', false, chunk);
        stack.push(comp);
        break;
      }
      case 'import_statement':
      case 'import_from_statement':
        scope.imports.push(node);
        break;
      case 'await': {
        scope.awaits.push(node);
        facts.awaits.push(node);
        // `await (f())` awaits the call as `await f()` does (isAwaitedExpression answers the same).
        const operand = stripParens(node.firstNamedChild);
        if (operand?.type === 'call') awaitOperands.set(operand.startIndex, operand.endIndex);
        break;
      }
      case 'return_statement':
        scope.returns.push(node);
        break;
      case 'yield':
        scope.yields.push(node);
        break;
      case 'named_expression': {
        // PEP 572: a walrus inside a comprehension binds in the enclosing function.
        let target = scope;
        while (target.kind === 'comprehension' && target.parent) target = target.parent;
        addBinding(target, node, type);
        break;
      }
      default:
        addBinding(scope, node, type);
    }
  }
}

function addBinding(scope: Scope, node: Node, type: string): void {
  scope.bindingNodes.push(node);
  scope.bindingTypes.push(type);
}

const DECORATOR = /@[ \t]*([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:[ \t]*\.[ \t]*[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*)[ \t]*(\(|#|\r|\n|$)/uy;

/** A decorator's ref from its text: `@app.get("/")` -> `app.get()`, `@staticmethod` -> `staticmethod`. */
function decoratorRef(node: Node, text: string): string {
  DECORATOR.lastIndex = node.startIndex;
  const m = DECORATOR.exec(text);
  if (m) {
    const name = m[1].replace(/[ \t]+/g, '');
    return m[2] === '(' ? `${name}()` : name;
  }
  return refOf(node.firstNamedChild, text);
}

export function emptyChunkFacts(): ChunkFacts {
  return { calls: [], functions: [], classes: [], lambdas: [], awaits: [] };
}

/**
 * A scope and the scopes nested in it (those `descend` accepts, and theirs), in document
 * order. A loop, not recursion: generated code nests lambdas and comprehensions thousands deep.
 */
export function scopesUnder(root: Scope, descend: (child: Scope) => boolean = () => true): Scope[] {
  const out: Scope[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    out.push(s);
    for (let i = s.children.length - 1; i >= 0; i--) if (descend(s.children[i])) stack.push(s.children[i]);
  }
  return out;
}

/** The innermost function or lambda a scope runs in, skipping comprehensions; null at module or class level. */
export function executingFunction(scope: Scope): Scope | null {
  let s: Scope | null = scope;
  while (s && s.kind === 'comprehension') s = s.parent;
  if (!s || s.kind === 'module' || s.kind === 'class') return null;
  return s;
}

/** The `async def` whose body a scope runs in directly: nested defs, lambdas and class bodies break it. */
export function asyncOwner(scope: Scope): Scope | null {
  const fn = executingFunction(scope);
  return fn && fn.kind === 'function' && fn.isAsync ? fn : null;
}
