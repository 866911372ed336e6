// Module summaries: plain data describing a module's bindings, functions and classes,
// with values kept as symbolic refs. The workspace index holds only these (never
// trees), and the resolver answers every semantic question from them.
import type { Node } from '../engine/parser';
import { annotatedMetadata, annotationRef } from './annotations';
import type { ChunkFacts, Scope } from './facts';
import type { ModuleContext } from './imports';
import { refOf, UNKNOWN } from './refs';
import { firstParamName, lookupLocal, parameters, scopeBindings, type Binding } from './scopes';

/** Module-level binding: import target, def/class qualname, value ref, or opaque. */
export interface SBinding {
  k: 'import' | 'def' | 'class' | 'value' | 'opaque' | 'star';
  /** import target qname, def/class qualname, or star-import module. */
  t?: string;
  ref?: string;
  ann?: string | null;
  at: number;
}

/** A call in a function body: callee ref, callee start and end offsets, flags (CALL_*). */
export type CallEntry = [ref: string, start: number, end: number, flags: number];
export const CALL_AWAITED = 1;

/** Local binding: name, kind (v value, i import, o opaque, g global, n nonlocal, d def, c class), payload, offset, and the annotation of `x: T = v`. */
export type LocalEntry = [name: string, kind: 'v' | 'i' | 'o' | 'g' | 'n' | 'd' | 'c', payload: string, at: number, ann?: string];

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
  /** Calls in the header (decorator arguments, defaults, Annotated metadata): callee ref, first argument ref, offset. */
  depCalls: Array<[string, string, number]>;
  /** Body facts, computed on demand: from the tree while it exists, else by re-parsing the module's text. */
  detail?: FnDetail;
}

export interface FnDetail {
  /** Contains `yield`: a generator (a yield dependency when used with Depends). */
  gen: boolean;
  /** name, annotation class ref (unwrapped), default value ref, start offset, end offset. */
  params: Array<[string, string | null, string | null, number, number]>;
  locals: LocalEntry[];
  calls: CallEntry[];
  returns: string[];
  yields: string[];
  retAnn: string | null;
  /** `self.x = value` in this method: name, value ref, offset. */
  selfAttrs: Array<[string, string, number]>;
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
  /** Class-level and `self.x` attributes: name, value ref, qualname of the method it is evaluated in (null: class body), offset. */
  attrs: Array<[string, string, string | null, number]>;
}

export interface ChunkSummary {
  bindings: Array<[string, SBinding]>;
  functions: FnSummary[];
  classes: ClassSummary[];
  classAttrs: Array<[string, string, string, string | null, number]>;
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

function isAwaited(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 /* ( */ || c === 92) i--;
    else break;
  }
  return i >= 4 && text.startsWith('await', i - 4) && !/[\p{L}\p{N}_]/u.test(text[i - 5] ?? ' ');
}

/** Header calls (decorator arguments, defaults, Annotated metadata) as callee ref, first argument ref, offset. */
function depCallsOf(fn: Scope, text: string): FnSummary['depCalls'] {
  const out: FnSummary['depCalls'] = [];
  for (const call of fn.headerCalls) {
    const args = call.node.childForFieldName('arguments');
    let target = args?.namedChildren.find((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment') ?? null;
    if (!target) {
      const kw = args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dependency');
      target = kw?.childForFieldName('value') ?? null;
    }
    out.push([call.dotted ?? calleeRef(call.node, text), target ? refOf(target, text) : UNKNOWN, call.start]);
  }
  return out;
}

/** The callee ref of a call node (without the trailing "()"). */
export function calleeRef(call: Node, text: string): string {
  return refOf(call.childForFieldName('function'), text);
}

/** All calls executed when the function body runs: its own and those in its comprehensions. */
export function bodyCalls(fn: Scope): Array<{ call: import('./facts').CallFact }> {
  const out: Array<{ call: import('./facts').CallFact }> = [];
  const visit = (s: Scope): void => {
    for (const c of s.calls) out.push({ call: c });
    for (const child of s.children) if (child.kind === 'comprehension') visit(child);
  };
  visit(fn);
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
      return b.ann && b.ref !== UNKNOWN ? [name, 'v', b.ref, b.at, b.ann] : [name, 'v', b.ref === UNKNOWN && b.ann ? `${b.ann}()` : b.ref, b.at];
    case 'import':
      return [name, 'i', b.target, b.at];
    case 'def':
      return [name, 'd', b.scope.qualname, b.at];
    case 'class':
      return [name, 'c', b.scope.qualname, b.at];
    case 'global':
      return [name, 'g', '', b.at];
    case 'nonlocal':
      return [name, 'n', '', b.at];
    default:
      return [name, 'o', '', b.at];
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

/** The body facts of a function, from its scope (tree alive). */
export function functionDetail(fn: Scope, text: string, ctx: ModuleContext): FnDetail {
  const node = fn.node!;
  const params = parameters(node, text);
  const calls: CallEntry[] = [];
  for (const { call } of bodyCalls(fn)) {
    let ref = call.dotted ?? calleeRef(call.node, text);
    // A root bound inside a comprehension of this function is opaque to summary-level lookups.
    if (call.scope !== fn && call.root) {
      const found = lookupLocal(call.root, call.scope, call.start, text, ctx);
      if (found !== 'module' && found.scope.kind === 'comprehension') ref = UNKNOWN;
    }
    const end = call.dotted ? call.start + call.dotted.length : (call.node.childForFieldName('function')?.endIndex ?? call.start);
    calls.push([ref, call.start, end, isAwaited(text, call.start) ? CALL_AWAITED : 0]);
  }
  const valueOf = (n: Node): string => refOf(n.firstNamedChild, text);
  const retNode = node.childForFieldName('return_type');
  const selfAttrs: FnDetail['selfAttrs'] = [];
  if (fn.parent?.kind === 'class' && firstParamName(fn, text)) {
    for (const a of scopeBindings(fn, text, ctx).selfAttrs) selfAttrs.push([a.name, a.ref, a.at]);
  }
  return {
    gen: fn.yields.length > 0,
    params: params.map((p) => [p.name, annotationRef(p.binding.annNode, text), p.binding.def, p.binding.node.startIndex, p.binding.node.endIndex]),
    locals: localEntries(fn, text, ctx),
    calls,
    returns: fn.returns.map(valueOf),
    yields: fn.yields.map(valueOf),
    retAnn: retNode ? annotationRef(retNode, text, fn.yields.length > 0 || fn.isAsync) : null,
    selfAttrs,
  };
}

export function summarizeClass(cls: Scope, text: string): ClassSummary {
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
    case 'value':
      return { k: 'value', ref: b.ref, ann: b.ann, at: b.at };
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
    for (const b of list) out.get(chunkOf(b.at))?.bindings.push([name, moduleBinding(b)]);
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
        if (b.k === 'value') cs.classAttrs.push([cls.qualname, name, b.ref === UNKNOWN && b.ann ? `${b.ann}()` : b.ref, null, b.at]);
        else if (b.k === 'import') cs.classAttrs.push([cls.qualname, name, b.target, null, b.at]);
      }
    }
  }
  return out;
}

/** Merges chunk summaries (in document order) into the module summary. */
export function mergeSummaries(module: string, isPackage: boolean, chunks: Iterable<ChunkSummary>): ModuleSummary {
  const ms: ModuleSummary = { module, isPackage, bindings: Object.create(null), functions: Object.create(null), classes: Object.create(null) };
  const attrs: ChunkSummary['classAttrs'] = [];
  for (const cs of chunks) {
    for (const [name, b] of cs.bindings) (ms.bindings[name] ??= []).push(b);
    for (const f of cs.functions) ms.functions[f.q] = f;
    for (const c of cs.classes) ms.classes[c.q] = { ...c, methods: Object.create(null), attrs: [] };
    attrs.push(...cs.classAttrs);
  }
  for (const f of Object.values(ms.functions)) {
    if (f.cls && ms.classes[f.cls]) ms.classes[f.cls].methods[f.name] = f.q;
  }
  for (const [cls, name, ref, fnQ, at] of attrs) ms.classes[cls]?.attrs.push([name, ref, fnQ, at]);
  return ms;
}
