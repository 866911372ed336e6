// Module summaries: plain data describing a module's bindings, functions and classes,
// with values kept as symbolic refs. The workspace index holds only these (never
// trees), and the resolver answers every semantic question from them.
import type { Node } from './tree';
import { annotationRef } from './annotations';
import { scopesUnder, type CallFact, type ChunkFacts, type Scope } from './facts';
import type { ModuleContext } from './imports';
import { stringPrefix } from './expressions';
import { identifierCandidates, identifierNodeAt } from './mentions';
import { refOf, UNKNOWN } from './refs';
import { firstParamName, isBindingSite, lookupLocal, parameters, scopeBindings, type Binding, type ParamInfo } from './scopes';

/** Module-level binding: import target, def/class qualname, value ref, or opaque. */
export interface SBinding {
  k: 'import' | 'def' | 'class' | 'value' | 'opaque' | 'star';
  /** import target qname, def/class qualname, or star-import module. */
  t?: string;
  ref?: string;
  ann?: string | null;
  /** For a value that is a string literal: its leading constant text (see `stringPrefix`). */
  lit?: string;
  at: number;
}

/** A call in a function body. Offsets are relative to the function's start. */
export interface CallEntry {
  /** The callee's ref. */
  ref: string;
  /** The callee's span. */
  start: number;
  end: number;
  /** CALL_* bits. */
  flags: number;
  /** Lambdas passed as arguments (`paginate_all(lambda p: repo.page(p))`): what they call when the callee calls them. */
  cb?: Callback[];
}
export const CALL_AWAITED = 1;

/**
 * A lambda passed to a call: the position (`i`, -1 after a `*args`) or keyword (`kw`) it is
 * passed as, and the calls of its body, offsets relative to the enclosing function's start;
 * a call whose callee starts from a name the lambda binds (its parameters) has ref `?`.
 */
export interface Callback {
  i: number;
  kw?: string;
  calls: CallEntry[];
}

/** A binding in a function body (parameters aside). `at` is relative to the function's start. */
export interface LocalEntry {
  name: string;
  /** v value, i import, o opaque, g global, n nonlocal, d def, c class. */
  kind: 'v' | 'i' | 'o' | 'g' | 'n' | 'd' | 'c';
  /** The value's ref (v), the import target (i), the def or class qualname (d, c); empty otherwise. */
  ref: string;
  at: number;
  /** The annotation of `x: T = v`. */
  ann?: string;
}

/** A call in a function's header (decorator arguments, defaults, Annotated metadata): `Depends(get_db)`. */
interface DepCall {
  callee: string;
  /** Ref of the first positional argument (or of `dependency=`), `?` when there is none. */
  arg: string;
  /** The call's start offset (absolute). */
  at: number;
}

/** A parameter of a function. Offsets are relative to the function's start. */
interface ParamEntry {
  name: string;
  /** The annotation's class ref (unwrapped). */
  ann: string | null;
  /** The default value's ref. */
  def: string | null;
  start: number;
  end: number;
  /** How the body uses the value, for rules that follow an argument into its callee (a limit passed on). */
  use?: ParamUse;
}

/**
 * `unread`: the body never reads the parameter. `compared`: it compares it with a bound
 * (`p > MAX`, `p >= 100`). `passedTo`: refs of the bare names it is passed to as an argument
 * (`min` in `min(p, 100)`), for the reader to resolve.
 */
export interface ParamUse {
  unread?: true;
  compared?: true;
  passedTo?: string[];
}

/** `self.name = value` in a method. `at` is relative to the method's start. */
interface SelfAttr {
  name: string;
  ref: string;
  at: number;
}

/** A class-level attribute: `name = value` (or an import) in the body of class `cls`. */
interface ClassAttr {
  /** The class's qualname. */
  cls: string;
  name: string;
  /** The value's ref. */
  ref: string;
  /** Qualname of the method the value is evaluated in; null for the class body. */
  fn: string | null;
  /** Absolute offset. */
  at: number;
}

/** A module-level binding contributed by a chunk. */
interface ChunkBinding {
  name: string;
  binding: SBinding;
}

export interface FnSummary {
  q: string;
  name: string;
  async: boolean;
  /** Qualname of the class for methods. */
  cls: string | null;
  kind: 'function' | 'method' | 'staticmethod' | 'classmethod';
  /** Qualname of the enclosing function for closures. */
  parent: string | null;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  decorators: string[];
  /** Calls in the header (decorator arguments, defaults, Annotated metadata). */
  depCalls: DepCall[];
  /** Body facts, computed on demand: from the tree while it exists, else by re-parsing the module's text. */
  detail?: FnDetail;
}

/** Offsets in a FnDetail are relative to the function's start, so moving a function moves nothing inside it. */
export interface FnDetail {
  /** Contains `yield`: a generator (a yield dependency when used with Depends). */
  gen: boolean;
  params: ParamEntry[];
  locals: LocalEntry[];
  calls: CallEntry[];
  returns: string[];
  yields: string[];
  retAnn: string | null;
  /** `self.x = value` in this method. */
  selfAttrs: SelfAttr[];
}

export interface ClassSummary {
  q: string;
  name: string;
  bases: string[];
  decorators: string[];
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  methods: Record<string, string>;
  /** Class-level attributes, in document order. */
  attrs: ClassAttr[];
}

export interface ChunkSummary {
  bindings: ChunkBinding[];
  functions: FnSummary[];
  classes: ClassSummary[];
  classAttrs: ClassAttr[];
}

export interface ModuleSummary {
  module: string;
  isPackage: boolean;
  bindings: Record<string, SBinding[]>;
  functions: Record<string, FnSummary>;
  classes: Record<string, ClassSummary>;
}

const DEF_NAME = /(?:async[ \t]+)?def[ \t\\\r\n]+/y;
const CLASS_KW = /class[ \t\\\r\n]+/y;
const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;

function nameSpan(text: string, start: number, kw: RegExp): [number, number] {
  kw.lastIndex = start;
  if (!kw.exec(text)) return [start, start];
  IDENT.lastIndex = kw.lastIndex;
  const m = IDENT.exec(text);
  return m ? [m.index, m.index + m[0].length] : [start, start];
}

/** Header calls (decorator arguments, defaults, Annotated metadata). */
function depCallsOf(fn: Scope, text: string): DepCall[] {
  const out: DepCall[] = [];
  for (const call of fn.headerCalls) {
    const args = call.node.childForFieldName('arguments');
    let target = args?.namedChildren.find((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment') ?? null;
    if (!target) {
      const kw = args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dependency');
      target = kw?.childForFieldName('value') ?? null;
    }
    out.push({ callee: call.dotted ?? calleeRef(call.node, text), arg: target ? refOf(target, text) : UNKNOWN, at: call.start });
  }
  return out;
}

/** The callee ref of a call node (without the trailing "()"). */
function calleeRef(call: Node, text: string): string {
  return refOf(call.childForFieldName('function'), text);
}

/** All calls executed when the function body runs: its own and those in its comprehensions. */
export function bodyCalls(fn: Scope): Array<{ call: CallFact }> {
  const out: Array<{ call: CallFact }> = [];
  for (const s of scopesUnder(fn, (c) => c.kind === 'comprehension')) for (const c of s.calls) out.push({ call: c });
  return out;
}

function localEntries(fn: Scope, text: string, ctx: ModuleContext): LocalEntry[] {
  const out: LocalEntry[] = [];
  for (const [name, list] of scopeBindings(fn, text, ctx).names) {
    for (const b of list) if (b.k !== 'param') out.push(localEntry(name, b));
  }
  return out;
}

function localEntry(name: string, b: Binding): LocalEntry {
  switch (b.k) {
    case 'value':
      return b.ann && b.ref !== UNKNOWN ? { name, kind: 'v', ref: b.ref, at: b.at, ann: b.ann } : { name, kind: 'v', ref: b.ref === UNKNOWN && b.ann ? `${b.ann}()` : b.ref, at: b.at };
    case 'import':
      return { name, kind: 'i', ref: b.target, at: b.at };
    case 'def':
      return { name, kind: 'd', ref: b.scope.qualname, at: b.at };
    case 'class':
      return { name, kind: 'c', ref: b.scope.qualname, at: b.at };
    case 'global':
      return { name, kind: 'g', ref: '', at: b.at };
    case 'nonlocal':
      return { name, kind: 'n', ref: '', at: b.at };
    default:
      return { name, kind: 'o', ref: '', at: b.at };
  }
}

function nearestFunction(s: Scope | null): Scope | null {
  while (s && s.kind !== 'function' && s.kind !== 'module') s = s.parent;
  return s && s.kind === 'function' ? s : null;
}

/** The header of a function: cheap, computed for every function. */
export function summarizeFunction(fn: Scope, text: string): FnSummary {
  const [nameStart, nameEnd] = nameSpan(text, fn.start, DEF_NAME);
  const inClass = fn.parent?.kind === 'class';
  let kind: FnSummary['kind'] = inClass ? 'method' : 'function';
  if (inClass && fn.decorators.includes('staticmethod')) kind = 'staticmethod';
  if (inClass && fn.decorators.includes('classmethod')) kind = 'classmethod';
  return {
    q: fn.qualname,
    name: fn.name,
    async: fn.isAsync,
    cls: inClass ? fn.parent!.qualname : null,
    kind,
    parent: nearestFunction(fn.parent)?.qualname ?? null,
    start: fn.start,
    end: fn.end,
    nameStart,
    nameEnd,
    decorators: fn.decorators,
    depCalls: depCallsOf(fn, text),
  };
}

/** A number literal's value, or null (`100`, `1_000`). */
function numberLiteral(n: Node | null): number | null {
  return n?.type === 'integer' || n?.type === 'float' ? Number(n.text.replace(/_/g, '')) : null;
}

/** How each parameter is used in the body (`ParamUse`), by name; only parameters with something to say. */
function paramUses(fn: Scope, params: readonly ParamInfo[], text: string, ctx: ModuleContext): Map<string, ParamUse> {
  const out = new Map<string, ParamUse>();
  const body = fn.node?.childForFieldName('body');
  // Once a parameter is read, `p.x` says nothing more: without syntax errors a name followed by
  // `.` is an attribute's object (or part of a dotted import), never an argument or an operand.
  const skipAttributes = !!body && !body.hasError;
  // Each parameter's identifiers from the text: the body's other identifiers are never built.
  for (const name of new Set(params.map((p) => p.name))) {
    let read = false;
    for (const at of body ? identifierCandidates(text, name, body.startIndex, body.endIndex) : []) {
      if (read && skipAttributes && text[at + name.length] === '.') continue;
      const id = identifierNodeAt(body!, at, name.length);
      if (!id) continue;
      const parent = id.parent!; // the body at least
      const parentType = parent.type;
      // An attribute's object and a keyword argument's name are its first child: the start tells which.
      if ((parentType === 'attribute' && parent.startIndex !== id.startIndex) || (parentType === 'keyword_argument' && parent.startIndex === id.startIndex) || isBindingSite(id, parent)) continue;
      const found = lookupLocal(name, fn, id.startIndex, text, ctx);
      if (found === 'module' || found.scope !== fn || found.binding.k !== 'param') continue;
      read = true;
      const use = (): ParamUse => out.get(name) ?? (out.set(name, {}), out.get(name)!);
      if (parentType === 'argument_list') {
        const call = parent.parent;
        const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
        const calleeName = callee?.type === 'identifier' ? callee.text : null;
        if (calleeName !== null && !use().passedTo?.includes(calleeName)) (use().passedTo ??= []).push(calleeName);
      }
      if (parentType === 'comparison_operator') {
        // `p > bound`, `bound < p`: a bound other than 0 or 1 (`p > 0` checks the sign).
        const kids = parent.children.filter((k): k is Node => !!k);
        const at = kids.findIndex((k) => k.id === id.id);
        const op = at + 1 < kids.length ? kids[at + 1].type : at > 0 ? kids[at - 1].type : '';
        const other = at + 2 < kids.length && (op === '>' || op === '>=') ? kids[at + 2] : at > 1 && (op === '<' || op === '<=') ? kids[at - 2] : null;
        const n = numberLiteral(other);
        if (other && (n === null || n > 1)) use().compared = true;
      }
    }
    if (!read) out.set(name, { unread: true });
  }
  return out;
}

/** A call's callee ref and span, offsets relative to `base`: from the text when dotted, else one field lookup. */
function callEntry(call: CallFact, base: number, text: string): CallEntry {
  const flags = call.awaited ? CALL_AWAITED : 0;
  if (call.dotted) return { ref: call.dotted, start: call.start - base, end: call.start + call.dotted.length - base, flags };
  const callee = call.node.childForFieldName('function');
  return { ref: refOf(callee, text), start: call.start - base, end: (callee?.endIndex ?? call.start) - base, flags };
}

/** The body facts of a function, from its scope (tree alive). */
export function functionDetail(fn: Scope, text: string, ctx: ModuleContext): FnDetail {
  const node = fn.node!;
  const base = fn.start;
  const params = parameters(node, text);
  const uses = paramUses(fn, params, text, ctx);
  const calls: CallEntry[] = [];
  for (const { call } of bodyCalls(fn)) {
    const entry = callEntry(call, base, text);
    // A root bound inside a comprehension of this function is opaque to summary-level lookups.
    if (call.scope !== fn && call.root) {
      const found = lookupLocal(call.root, call.scope, call.start, text, ctx);
      if (found !== 'module' && found.scope.kind === 'comprehension') entry.ref = UNKNOWN;
    }
    calls.push(entry);
  }
  addCallbacks(fn, calls, text, ctx);
  const valueOf = (n: Node): string => refOf(n.firstNamedChild, text);
  const retNode = node.childForFieldName('return_type');
  const selfAttrs: SelfAttr[] = [];
  if (fn.parent?.kind === 'class' && firstParamName(fn, text)) {
    for (const a of scopeBindings(fn, text, ctx).selfAttrs) selfAttrs.push({ name: a.name, ref: a.ref, at: a.at - base });
  }
  return {
    gen: fn.yields.length > 0,
    params: params.map((p) => {
      const entry: ParamEntry = { name: p.name, ann: annotationRef(p.binding.annNode, text), def: p.binding.def, start: p.binding.node.startIndex - base, end: p.binding.node.endIndex - base };
      const use = uses.get(p.name);
      return use ? { ...entry, use } : entry;
    }),
    locals: localEntries(fn, text, ctx).map((l) => ({ ...l, at: l.at - base })),
    calls,
    returns: fn.returns.map(valueOf),
    yields: fn.yields.map(valueOf),
    retAnn: retNode ? annotationRef(retNode, text, fn.yields.length > 0 || fn.isAsync) : null,
    selfAttrs,
  };
}

/** Records on each call of `fn` the lambdas passed to it as arguments (see `Callback`). */
function addCallbacks(fn: Scope, calls: CallEntry[], text: string, ctx: ModuleContext): void {
  const base = fn.start;
  let byStart: Map<string, CallEntry> | undefined;
  for (const lam of scopesUnder(fn, (c) => c.kind === 'comprehension' || c.kind === 'lambda')) {
    if (lam.kind !== 'lambda' || !lam.node) continue;
    let arg: Node = lam.node;
    let kw: string | undefined;
    if (arg.parent?.type === 'keyword_argument') {
      kw = arg.parent.childForFieldName('name')?.text;
      arg = arg.parent;
    }
    const list = arg.parent;
    const callNode = list?.type === 'argument_list' ? list.parent : null;
    if (!list || callNode?.type !== 'call') continue;
    // Calls are keyed by their callee's span: `P().run(...)` and `P()` start at the same offset.
    byStart ??= new Map(calls.map((c) => [`${c.start + base}:${c.end + base}`, c]));
    const entry = byStart.get(`${callNode.startIndex}:${callNode.childForFieldName('function')?.endIndex}`);
    if (!entry) continue; // a call inside another lambda, or not run by this function
    let i = -1;
    if (!kw) {
      i = 0;
      for (const a of list.namedChildren) {
        if (!a || a.type === 'comment') continue;
        if (a.id === arg.id) break;
        if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
          i = -1;
          break;
        }
        if (a.type !== 'keyword_argument') i++;
      }
      if (i === -1) continue;
    }
    const inner: CallEntry[] = [];
    for (const c of bodyCalls(lam).map((x) => x.call)) {
      const call = callEntry(c, base, text);
      const found = c.root ? lookupLocal(c.root, c.scope, c.start, text, ctx) : 'module';
      if (found !== 'module' && (found.scope === lam || found.scope.kind === 'comprehension')) call.ref = UNKNOWN;
      inner.push(call);
    }
    if (inner.length > 0) (entry.cb ??= []).push(kw ? { i, kw, calls: inner } : { i, calls: inner });
  }
}

function summarizeClass(cls: Scope, text: string): ClassSummary {
  const node = cls.node!;
  const [nameStart, nameEnd] = nameSpan(text, cls.start, CLASS_KW);
  const supers = node.childForFieldName('superclasses');
  const bases: string[] = [];
  for (const b of supers?.namedChildren ?? []) {
    if (b && b.type !== 'keyword_argument' && b.type !== 'comment') bases.push(refOf(b, text));
  }
  return { q: cls.qualname, name: cls.name, bases, decorators: cls.decorators, start: cls.start, end: cls.end, nameStart, nameEnd, methods: {}, attrs: [] };
}

function moduleBinding(b: Binding): SBinding {
  switch (b.k) {
    case 'import':
      return b.star ? { k: 'star', t: b.target, at: b.at } : { k: 'import', t: b.target, at: b.at };
    case 'def':
      return { k: 'def', t: b.scope.qualname, at: b.at };
    case 'class':
      return { k: 'class', t: b.scope.qualname, at: b.at };
    case 'value': {
      const lit = stringPrefix(b.node);
      return lit === null ? { k: 'value', ref: b.ref, ann: b.ann, at: b.at } : { k: 'value', ref: b.ref, ann: b.ann, lit, at: b.at };
    }
    default:
      return { k: 'opaque', at: b.at };
  }
}

/**
 * Summaries of the given chunks. `module` holds the module-level bindings of those chunks,
 * `facts[c]` their functions and classes; class scopes carry class-body bindings.
 */
export function summarizeChunks(chunks: readonly number[], chunkOf: (offset: number) => number, module: Scope, facts: ChunkFacts[], classScopes: Iterable<Scope>, text: string, ctx: ModuleContext): Map<number, ChunkSummary> {
  const out = new Map<number, ChunkSummary>();
  for (const c of chunks) out.set(c, { bindings: [], functions: [], classes: [], classAttrs: [] });
  for (const [name, list] of scopeBindings(module, text, ctx).names) {
    for (const b of list) out.get(chunkOf(b.at))?.bindings.push({ name, binding: moduleBinding(b) });
  }
  for (const c of chunks) {
    const cs = out.get(c)!;
    for (const fn of facts[c].functions) cs.functions.push(summarizeFunction(fn, text));
    for (const cls of facts[c].classes) {
      if (chunkOf(cls.start) === c) cs.classes.push(summarizeClass(cls, text));
    }
  }
  for (const cls of classScopes) {
    for (const [name, list] of scopeBindings(cls, text, ctx).names) {
      for (const b of list) {
        const cs = out.get(chunkOf(b.at));
        if (!cs) continue;
        if (b.k === 'value') cs.classAttrs.push({ cls: cls.qualname, name, ref: b.ref === UNKNOWN && b.ann ? `${b.ann}()` : b.ref, fn: null, at: b.at });
        else if (b.k === 'import') cs.classAttrs.push({ cls: cls.qualname, name, ref: b.target, fn: null, at: b.at });
      }
    }
  }
  return out;
}

/**
 * The module summary as the merge of its chunks' summaries, patchable: an edit removes the
 * summaries of the chunks it replaced and adds the new ones without rebuilding the rest.
 */
export class MergedSummary {
  readonly summary: ModuleSummary;
  /** Per class: its headers (from the chunks holding a class statement of that name), methods and attributes. */
  private classes = new Map<string, { headers: ClassSummary[]; methods: Record<string, string>; attrs: ClassAttr[] }>();
  /**
   * Every definition of each function qualname. A name defined twice is the last definition,
   * as in Python, whatever order chunks are added and removed in (incremental analysis).
   */
  private fnDefs = new Map<string, FnSummary[]>();

  constructor(module: string, isPackage: boolean, chunks: Iterable<ChunkSummary> = []) {
    this.summary = { module, isPackage, bindings: Object.create(null), functions: Object.create(null), classes: Object.create(null) };
    for (const cs of chunks) this.add(cs);
  }

  private cls(q: string) {
    let c = this.classes.get(q);
    if (!c) this.classes.set(q, (c = { headers: [], methods: Object.create(null), attrs: [] }));
    return c;
  }

  /** The last definition in the document. */
  private static last<T extends { start: number }>(list: readonly T[]): T | undefined {
    let best: T | undefined;
    for (const x of list) if (!best || x.start >= best.start) best = x;
    return best;
  }

  /** Rebuilds the merged entry of a class from its record. */
  private refresh(q: string): void {
    const c = this.classes.get(q);
    const header = c && MergedSummary.last(c.headers);
    if (!header) {
      delete this.summary.classes[q];
      return;
    }
    // The header object itself is the merged entry, so moving its chunk moves it too.
    header.methods = c.methods;
    header.attrs = c.attrs;
    this.summary.classes[q] = header;
  }

  add(cs: ChunkSummary): void {
    const ms = this.summary;
    const touched = new Set<string>();
    for (const { name, binding: b } of cs.bindings) {
      const list = (ms.bindings[name] ??= []);
      let i = list.length;
      while (i > 0 && list[i - 1].at > b.at) i--;
      list.splice(i, 0, b);
    }
    for (const f of cs.functions) {
      const defs = this.fnDefs.get(f.q) ?? this.fnDefs.set(f.q, []).get(f.q)!;
      defs.push(f);
      ms.functions[f.q] = MergedSummary.last(defs)!;
      if (f.cls) {
        this.cls(f.cls).methods[f.name] = f.q;
        touched.add(f.cls);
      }
    }
    for (const c of cs.classes) {
      this.cls(c.q).headers.push(c);
      touched.add(c.q);
    }
    for (const a of cs.classAttrs) {
      const list = this.cls(a.cls).attrs;
      let i = list.length;
      while (i > 0 && list[i - 1].at > a.at) i--;
      list.splice(i, 0, a);
      touched.add(a.cls);
    }
    for (const q of touched) this.refresh(q);
  }

  remove(cs: ChunkSummary): void {
    const ms = this.summary;
    const touched = new Set<string>();
    for (const { name, binding: b } of cs.bindings) {
      const list = ms.bindings[name];
      if (!list) continue;
      const i = list.indexOf(b);
      if (i !== -1) list.splice(i, 1);
      if (list.length === 0) delete ms.bindings[name];
    }
    for (const f of cs.functions) {
      const defs = this.fnDefs.get(f.q);
      const i = defs ? defs.indexOf(f) : -1;
      if (i !== -1) defs!.splice(i, 1);
      const last = defs && MergedSummary.last(defs);
      if (last) ms.functions[f.q] = last;
      else {
        this.fnDefs.delete(f.q);
        if (ms.functions[f.q] === f) delete ms.functions[f.q];
      }
      if (f.cls) {
        const c = this.classes.get(f.cls);
        if (c && c.methods[f.name] === f.q && !ms.functions[f.q]) delete c.methods[f.name];
        touched.add(f.cls);
      }
    }
    for (const c of cs.classes) {
      const rec = this.classes.get(c.q);
      const i = rec ? rec.headers.indexOf(c) : -1;
      if (i !== -1) rec!.headers.splice(i, 1);
      touched.add(c.q);
    }
    for (const a of cs.classAttrs) {
      const list = this.classes.get(a.cls)?.attrs;
      const i = list ? list.indexOf(a) : -1;
      if (i !== -1) list!.splice(i, 1);
      touched.add(a.cls);
    }
    for (const q of touched) this.refresh(q);
  }
}

/** Moves a chunk summary by `delta` in place (function bodies hold offsets relative to their function). */
export function shiftChunkSummary(cs: ChunkSummary, delta: number): void {
  if (delta === 0) return;
  for (const { binding } of cs.bindings) binding.at += delta;
  for (const f of cs.functions) {
    f.start += delta;
    f.end += delta;
    f.nameStart += delta;
    f.nameEnd += delta;
    for (const d of f.depCalls) d.at += delta;
  }
  for (const c of cs.classes) {
    c.start += delta;
    c.end += delta;
    c.nameStart += delta;
    c.nameEnd += delta;
  }
  for (const a of cs.classAttrs) a.at += delta;
}

/**
 * What a chunk contributes to the module, keyed the way the resolver records reads:
 * `b:name` a module binding, `f:qualname` a function (header and body facts), `c:qualname`
 * a class (header, attributes, methods). Offsets are left out: moving code changes nothing.
 */
export function chunkContributions(cs: ChunkSummary): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, sig: unknown): void => {
    const s = JSON.stringify(sig);
    const prev = out.get(key);
    out.set(key, prev === undefined ? s : `${prev}|${s}`);
  };
  for (const { name, binding: b } of cs.bindings) add(`b:${name}`, [b.k, b.t, b.ref, b.ann, b.lit]);
  for (const f of cs.functions) {
    add(`f:${f.q}`, [f.async, f.cls, f.kind, f.parent, f.decorators, f.depCalls.map((d) => [d.callee, d.arg]), detailSignature(f.detail)]);
    if (f.cls) add(`c:${f.cls}`, ['method', f.name, f.q]);
  }
  for (const c of cs.classes) add(`c:${c.q}`, [c.bases, c.decorators]);
  for (const a of cs.classAttrs) add(`c:${a.cls}`, [a.name, a.ref, a.fn]);
  return out;
}

/** A function's body facts without offsets. */
function detailSignature(d: FnDetail | undefined): string {
  if (!d) return '';
  return JSON.stringify([
    d.gen,
    d.params.map((p) => [p.name, p.ann, p.def]),
    d.locals.map((l) => [l.name, l.kind, l.ref, l.ann]),
    d.calls.map((c) => [c.ref, c.flags, c.cb?.map((b) => [b.i, b.kw, b.calls.map((x) => [x.ref, x.flags])])]),
    d.returns,
    d.yields,
    d.retAnn,
    d.selfAttrs.map((a) => [a.name, a.ref]),
  ]);
}
