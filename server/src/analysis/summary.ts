// Module summaries: plain data describing a module's bindings, functions and classes,
// with values kept as symbolic refs. The workspace index holds only these (never
// trees), and the resolver answers every semantic question from them.
import type { Node } from './tree';
import { annotationRef } from './annotations';
import { scopesUnder, type ChunkFacts, type Scope } from './facts';
import type { ModuleContext } from './imports';
import { stringPrefix } from './expressions';
import { refOf, UNKNOWN } from './refs';
import { firstParamName, lookupLocal, parameters, scopeBindings, type Binding } from './scopes';

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

/** Offsets in a FnDetail are relative to the function's start, so moving a function moves nothing inside it. */
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
  /** Class-level attributes: class qualname, name, value ref, qualname of the method it is evaluated in (null: class body), offset. */
  attrs: ChunkSummary['classAttrs'];
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
  const base = fn.start;
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
    calls.push([ref, call.start - base, end - base, call.awaited ? CALL_AWAITED : 0]);
  }
  const valueOf = (n: Node): string => refOf(n.firstNamedChild, text);
  const retNode = node.childForFieldName('return_type');
  const selfAttrs: FnDetail['selfAttrs'] = [];
  if (fn.parent?.kind === 'class' && firstParamName(fn, text)) {
    for (const a of scopeBindings(fn, text, ctx).selfAttrs) selfAttrs.push([a.name, a.ref, a.at - base]);
  }
  return {
    gen: fn.yields.length > 0,
    params: params.map((p) => [p.name, annotationRef(p.binding.annNode, text), p.binding.def, p.binding.node.startIndex - base, p.binding.node.endIndex - base]),
    locals: localEntries(fn, text, ctx).map((l) => {
      const rel = [...l] as LocalEntry;
      rel[3] -= base;
      return rel;
    }),
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

/**
 * The module summary as the merge of its chunks' summaries, patchable: an edit removes the
 * summaries of the chunks it replaced and adds the new ones without rebuilding the rest.
 */
export class MergedSummary {
  readonly summary: ModuleSummary;
  /** Per class: its headers (from the chunks holding a class statement of that name) and attribute tuples. */
  private classes = new Map<string, { headers: ClassSummary[]; methods: Record<string, string>; attrs: ChunkSummary['classAttrs'] }>();
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
    for (const [name, b] of cs.bindings) {
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
      const list = this.cls(a[0]).attrs;
      let i = list.length;
      while (i > 0 && list[i - 1][4] > a[4]) i--;
      list.splice(i, 0, a);
      touched.add(a[0]);
    }
    for (const q of touched) this.refresh(q);
  }

  remove(cs: ChunkSummary): void {
    const ms = this.summary;
    const touched = new Set<string>();
    for (const [name, b] of cs.bindings) {
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
      const list = this.classes.get(a[0])?.attrs;
      const i = list ? list.indexOf(a) : -1;
      if (i !== -1) list!.splice(i, 1);
      touched.add(a[0]);
    }
    for (const q of touched) this.refresh(q);
  }
}

/** Moves a chunk summary by `delta` in place (function bodies hold offsets relative to their function). */
export function shiftChunkSummary(cs: ChunkSummary, delta: number): void {
  if (delta === 0) return;
  for (const [, b] of cs.bindings) b.at += delta;
  for (const f of cs.functions) {
    f.start += delta;
    f.end += delta;
    f.nameStart += delta;
    f.nameEnd += delta;
    for (const d of f.depCalls) d[2] += delta;
  }
  for (const c of cs.classes) {
    c.start += delta;
    c.end += delta;
    c.nameStart += delta;
    c.nameEnd += delta;
  }
  for (const a of cs.classAttrs) a[4] += delta;
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
  for (const [n, b] of cs.bindings) add(`b:${n}`, [b.k, b.t, b.ref, b.ann, b.lit]);
  for (const f of cs.functions) {
    add(`f:${f.q}`, [f.async, f.cls, f.kind, f.parent, f.decorators, f.depCalls.map((d) => [d[0], d[1]]), detailSignature(f.detail)]);
    if (f.cls) add(`c:${f.cls}`, ['method', f.name, f.q]);
  }
  for (const c of cs.classes) add(`c:${c.q}`, [c.bases, c.decorators]);
  for (const a of cs.classAttrs) add(`c:${a[0]}`, [a[1], a[2], a[3]]);
  return out;
}

/** A function's body facts without offsets. */
export function detailSignature(d: FnDetail | undefined): string {
  if (!d) return '';
  return JSON.stringify([
    d.gen,
    d.params.map((p) => [p[0], p[1], p[2]]),
    d.locals.map((l) => [l[0], l[1], l[2], l[4]]),
    d.calls.map((c) => [c[0], c[3]]),
    d.returns,
    d.yields,
    d.retAnn,
    d.selfAttrs.map((a) => [a[0], a[1]]),
  ]);
}
