// The semantic model of one file: facts for the chunks being analysed, the module
// summary, and name resolution for rules. Built once per tree version; everything a
// rule asks is answered here or by the resolver, lazily and cached.
import { lastAtOrBefore } from './lines';
import type { Node, Tree } from './tree';
import { asyncOwner, buildScopes, chunkSpans, classScopeFor, emptyChunkFacts, executingFunction, FACT_TYPES, newScope, type CallFact, type ChunkFacts, type ChunkSpan, type Scope } from './facts';
import { parseImport, type ModuleContext } from './imports';
import { mentionsOf, mentionsWord, type Mentions } from './mentions';
import { parseRef, refOf, UNKNOWN } from './refs';
import { Resolver, UNKNOWN_VAL, type Env, type SummarySource, type Val } from './resolve';
import { lookupLocal, scopeBindings, type Lookup } from './scopes';
import { functionDetail, MergedSummary, summarizeChunks, summarizeFunction, type ChunkSummary, type FnDetail, type FnSummary, type ModuleSummary, type SBinding } from './summary';

export interface ModelInput {
  text: string;
  tree: Tree;
  /** Dotted module name and package flag of this file. */
  context: ModuleContext;
  /** The workspace index (summaries of other modules); may be empty. */
  workspace?: SummarySource;
  /** For incremental analysis: chunk spans of `tree`, the chunks to analyse, and summaries of the others. */
  chunks?: ChunkSpan[];
  active?: ReadonlySet<number>;
  reused?: ReadonlyMap<number, ChunkSummary>;
  /** The previous version's merged summary, patched in place: `removed` leave, the new chunks join. */
  merged?: { merged: MergedSummary; removed: readonly ChunkSummary[] };
}

const EMPTY_SOURCE: SummarySource = { get: () => undefined, has: () => false };

/** The name a call's callee ends with (`get` for `client.get(...)`), from the text when it is dotted. */
export function calleeLastName(call: CallFact): string | null {
  // Each segment of a dotted callee is an identifier already (read by dottedCalleeAt).
  if (call.dotted) return call.dotted.slice(call.dotted.lastIndexOf('.') + 1);
  const fn = call.node.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? null;
  return fn?.type === 'identifier' ? fn.text : null;
}

/** What may follow a name bound at the start of a line: an optional annotation, then `=` (not `==`). */
const ASSIGNED = /[ \t]*(:[^=\n]*)?=[^=]/uy;

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * True when `text` binds `name` by `as name` or by `name = ...` at the start of a line. Looks
 * only where the name occurs (indexOf): one regex over the whole text per name cost more
 * than the rest of the alias test.
 */
function bindsByAssignment(text: string, name: string): boolean {
  for (let q = text.indexOf(name); q !== -1; q = text.indexOf(name, q + 1)) {
    let p = q;
    while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
    const end = q + name.length;
    // `as name`, on word boundaries.
    const asBefore = p < q && p >= 2 && text.startsWith('as', p - 2) && (p === 2 || !isWordChar(text.charCodeAt(p - 3)));
    if (asBefore && isWordChar(text.charCodeAt(end - 1)) !== isWordChar(text.charCodeAt(end))) return true;
    // `name = ...` or `name: T = ...` at the start of a line.
    if (p === 0 || isLineBreak(text.charCodeAt(p - 1))) {
      ASSIGNED.lastIndex = end;
      if (ASSIGNED.test(text)) return true;
    }
  }
  return false;
}

/** The child whose body holds `offset`, by binary search over children sorted by body start with disjoint bodies. */
function bodyHolding(sorted: readonly Scope[], offset: number): Scope | undefined {
  const c = sorted[lastAtOrBefore(sorted, offset, (s) => s.bodyStart)];
  return c && c.bodyStart <= offset && offset < c.end ? c : undefined;
}

export class FileModel {
  readonly text: string;
  readonly tree: Tree;
  readonly root: Node;
  readonly context: ModuleContext;
  readonly chunks: ChunkSpan[];
  /** Indexes of the chunks analysed in this model, in document order. */
  readonly active: number[];
  readonly moduleScope: Scope;
  readonly facts: ChunkFacts[];
  readonly chunkSummaries: Map<number, ChunkSummary>;
  readonly merged: MergedSummary;
  readonly summary: ModuleSummary;
  readonly resolver: Resolver;
  /** Workspace modules that were needed but had no summary yet (the CLI re-lints such files). */
  readonly missingModules = new Set<string>();
  /**
   * Set when an answer needed the scopes of a chunk this model does not analyse (incremental
   * linting reuses that chunk): only a full analysis of the file answers it right.
   */
  needsFullAnalysis = false;
  private readonly chunkStarts: number[];
  private readonly classScopes = new Map<number, Scope>();

  constructor(input: ModelInput) {
    this.text = input.text;
    this.tree = input.tree;
    this.root = input.tree.rootNode;
    this.context = input.context;
    this.chunks = input.chunks ?? chunkSpans(this.root);
    this.chunkStarts = this.chunks.map((c) => c.start);
    const all = !input.active;
    this.active = all ? this.chunks.map((_, i) => i) : [...input.active!].sort((a, b) => a - b);
    this.moduleScope = newScope('module', null, 0, this.text.length, 0, null, '', false, -1);
    this.facts = new Array(this.chunks.length);
    this.runFactsPass(all);

    const fresh = summarizeChunks(this.active, (o) => this.chunkOf(o), this.moduleScope, this.facts, this.classScopes.values(), this.text, this.context);
    this.chunkSummaries = new Map();
    for (let i = 0; i < this.chunks.length; i++) {
      const cs = fresh.get(i) ?? input.reused?.get(i);
      if (cs) this.chunkSummaries.set(i, cs);
    }
    if (input.merged) {
      this.merged = input.merged.merged;
      for (const cs of input.merged.removed) this.merged.remove(cs);
      for (const c of this.active) this.merged.add(fresh.get(c)!);
    } else this.merged = new MergedSummary(this.context.module, this.context.isPackage, this.chunkSummaries.values());
    this.summary = this.merged.summary;

    const ws = input.workspace ?? EMPTY_SOURCE;
    this.workspaceText = (input.workspace as { textOf?(m: string): string | undefined } | undefined)?.textOf?.bind(input.workspace);
    const self = this.context.module;
    this.resolver = new Resolver({
      get: (m) => (m === self ? this.summary : ws.get(m)),
      has: (m) => m === self || ws.has(m),
      missing: (m) => this.missingModules.add(m),
      detail: (m, q) => (m === self ? this.functionDetail(q) : ws.detail?.(m, q)),
    });
  }

  private runFactsPass(all: boolean): void {
    const nodes = all ? this.root.descendantsOfType(FACT_TYPES) : null;
    let k = 0;
    for (const c of this.active) {
      const chunk = this.chunks[c];
      let list: (Node | null)[];
      if (nodes) {
        // The walk is in document order and chunks are too: a linear merge assigns nodes.
        const next = c + 1 < this.chunks.length ? this.chunks[c + 1].start : Infinity;
        const from = k;
        while (k < nodes.length && nodes[k]!.startIndex < next) k++;
        list = nodes.slice(from, k);
      } else {
        list = chunk.node!.descendantsOfType(FACT_TYPES, chunk.start, chunk.end);
      }
      this.facts[c] = emptyChunkFacts();
      buildScopes(list, this.text, this.outerScope(chunk), () => c, this.facts, this.classScopes);
    }
  }

  /** The scope a chunk's statements run in: the module, or its (re-created) enclosing class. */
  private outerScope(chunk: ChunkSpan): Scope {
    let parent = this.moduleScope;
    for (const node of chunk.classNodes) {
      let s = this.classScopes.get(node.startIndex);
      if (!s) {
        s = classScopeFor(node, this.text, parent, this.chunkOf(node.startIndex));
        this.classScopes.set(node.startIndex, s);
      }
      parent = s;
    }
    return parent;
  }

  chunkOf(offset: number): number {
    return lastAtOrBefore(this.chunkStarts, offset);
  }

  private fnScopes: Map<string, Scope> | undefined;

  /** Body facts of a function of this file, from the tree. */
  functionDetail(q: string): FnDetail | undefined {
    if (!this.fnScopes) {
      this.fnScopes = new Map();
      for (const c of this.active) for (const f of this.facts[c].functions) this.fnScopes.set(f.qualname, f);
    }
    const scope = this.fnScopes.get(q);
    return scope ? functionDetail(scope, this.text, this.context) : undefined;
  }

  /** Fills in body facts for every function of the analysed chunks (before the tree goes away). */
  computeAllDetails(): void {
    for (const c of this.active) {
      // Each definition from its own scope, not by name: an edit removing the last of two
      // definitions of a name makes the earlier one the module's, with its own body.
      const scopes = new Map(this.facts[c].functions.map((s) => [s.start, s]));
      for (const f of this.chunkSummaries.get(c)?.functions ?? []) {
        const scope = scopes.get(f.start);
        if (!f.detail && scope) f.detail = functionDetail(scope, this.text, this.context);
      }
    }
  }

  // ---- facts of the analysed chunks -------------------------------------------------

  get calls(): CallFact[] {
    return this.flat('calls');
  }
  get functions(): Scope[] {
    return this.flat('functions');
  }
  get classes(): Scope[] {
    return this.flat('classes');
  }
  get lambdas(): Scope[] {
    return this.flat('lambdas');
  }
  get awaits(): Node[] {
    return this.flat('awaits');
  }

  private asyncCache: Array<{ call: CallFact; owner: Scope }> | undefined;

  /** Calls that run directly in an `async def` body, with that function. */
  get asyncCalls(): Array<{ call: CallFact; owner: Scope }> {
    if (!this.asyncCache) {
      this.asyncCache = [];
      for (const call of this.calls) {
        const owner = asyncOwner(call.scope);
        if (owner) this.asyncCache.push({ call, owner });
      }
    }
    return this.asyncCache;
  }

  private flatCache = new Map<string, unknown[]>();
  private focused: number | null = null;

  /** Restricts the fact getters to one chunk (per-chunk rule runs of incremental linting); null for all. */
  focus(chunk: number | null): void {
    if (chunk === this.focused) return;
    this.focused = chunk;
    this.flatCache.clear();
    this.asyncCache = undefined;
    this.byCallee = undefined;
    this.byName = undefined;
    // Cached answers carry no record of what they read: start afresh so each chunk's reads are recorded.
    if (this.resolver.recorder) {
      this.callValCache.clear();
      this.resolver.resetMemo();
      this.aliasCache.clear();
      this.moduleAlias.clear();
    }
  }

  /**
   * True when `offset` lies in what the fact getters cover: the focused chunk in per-chunk
   * runs, else every analysed chunk. Rules that find their candidates outside the facts
   * (module-level imports and assignments) report only where this holds.
   */
  covers(offset: number): boolean {
    const c = this.chunkOf(offset);
    if (this.focused !== null) return c === this.focused;
    return this.active.length === this.chunks.length || this.active.includes(c);
  }

  private flat<K extends keyof ChunkFacts>(key: K): ChunkFacts[K] {
    let v = this.flatCache.get(key);
    if (!v) {
      if (this.focused !== null) v = this.facts[this.focused][key];
      else v = this.active.length === 1 ? this.facts[this.active[0]][key] : this.joined(key);
      this.flatCache.set(key, v);
    }
    return v as ChunkFacts[K];
  }

  /** One list of a fact over the analysed chunks (a loop: flatMap cost more than the rest of the getter). */
  private joined(key: keyof ChunkFacts): unknown[] {
    const out: unknown[] = [];
    for (const c of this.active) for (const x of this.facts[c][key] as unknown[]) out.push(x);
    return out;
  }

  // ---- resolution ----------------------------------------------------------------------

  private redefined = new Map<Scope, FnSummary>();

  /**
   * Summary of a function scope of this file. The module summary keeps the last definition
   * of a name; an earlier one (a property getter before its setter, `if`/`else` variants,
   * a redefined test function) gets a summary of its own, with its body facts.
   */
  fnSummary(fn: Scope): FnSummary | undefined {
    const s = this.summary.functions[fn.qualname];
    if (!s || s.start === fn.start || !fn.node) return s;
    let own = this.redefined.get(fn);
    if (!own) {
      own = { ...summarizeFunction(fn, this.text), detail: functionDetail(fn, this.text, this.context) };
      this.redefined.set(fn, own);
    }
    return own;
  }

  /** Fully qualified name of a function or class scope of this file (`app.routes.users.list_users`). */
  qualifiedName(scope: Scope): string {
    return this.context.module ? `${this.context.module}.${scope.qualname}` : scope.qualname;
  }

  /** Environment for names used in `scope`, as Python resolves them. */
  env(scope: Scope): Env {
    const module = this.context.module;
    const resolver = this.resolver;
    const self = this;
    return {
      module,
      lookup(name: string, at: number): Val {
        const found = lookupLocal(name, scope, at, self.text, self.context);
        if (found === 'module') return resolver.moduleName(module, name);
        const { binding: b, scope: s } = found;
        if (s.kind === 'function') {
          const fs = self.fnSummary(s);
          if (fs) return resolver.fnEnv(module, fs).lookup(name, at);
        }
        switch (b.k) {
          case 'value':
            return b.ref === UNKNOWN ? UNKNOWN_VAL : resolver.evalRef(b.ref, self.env(s), b.at - 1);
          case 'import':
            return resolver.qname(b.target);
          case 'def':
          case 'class':
            return { k: 'ref', q: self.qualifiedName(b.scope) };
          default:
            return UNKNOWN_VAL;
        }
      },
    };
  }

  private callValCache = new Map<CallFact, Val>();

  /** What a call's callee resolves to: `{ref: 'time.sleep'}`, `{ref: 'requests.Session.get'}` for a typed receiver. */
  callee(call: CallFact): Val {
    let v = this.callValCache.get(call);
    if (!v) {
      const ref = call.dotted ?? refOf(call.node.childForFieldName('function'), this.text);
      v = this.resolver.evalRef(ref, this.env(call.scope), call.start);
      this.callValCache.set(call, v);
    }
    return v;
  }

  private byCallee: Map<string, CallFact[]> | undefined;
  private byName: { named: Map<string, CallFact[]>; aliased: CallFact[] } | undefined;

  /** Calls of the analysed chunks whose callee ends with `name` (`client.get(...)` for "get"), by their text. */
  callsNamed(name: string): readonly CallFact[] {
    return this.nameIndex().named.get(name) ?? [];
  }

  private nameIndex(): { named: Map<string, CallFact[]>; aliased: CallFact[] } {
    if (!this.byName) {
      const named = new Map<string, CallFact[]>();
      const aliased: CallFact[] = [];
      for (const call of this.calls) {
        const name = calleeLastName(call);
        if (name) {
          const list = named.get(name);
          if (list) list.push(call);
          else named.set(name, [call]);
        }
        if (call.root && this.isImportAlias(call.root, call.scope)) aliased.push(call);
      }
      this.byName = { named, aliased };
    }
    return this.byName;
  }

  /**
   * Calls of the analysed chunks whose callee resolves to `q` (`sqlalchemy.select`), in
   * document order. Only calls whose callee ends with the same name are resolved, and those
   * whose root is an import alias (`from json import dumps as to_json`); answers are cached.
   */
  callsTo(q: string): readonly CallFact[] {
    this.byCallee ??= new Map();
    let list = this.byCallee.get(q);
    if (!list) {
      const index = this.nameIndex();
      const candidates = new Set([...(index.named.get(q.slice(q.lastIndexOf('.') + 1)) ?? []), ...index.aliased]);
      list = [...candidates].filter((call) => this.calleeName(call) === q).sort((a, b) => a.start - b.start);
      this.byCallee.set(q, list);
    }
    return list;
  }

  /** Canonical qualified name of the callee, or null when it cannot be resolved. */
  calleeName(call: CallFact): string | null {
    const v = this.callee(call);
    return v.k === 'ref' ? v.q : null;
  }

  /** Value of an expression node evaluated in `scope` (a call's result, a name, an attribute chain). */
  valueOf(node: Node, scope: Scope): Val {
    const ref = refOf(node, this.text);
    return ref === UNKNOWN ? UNKNOWN_VAL : this.resolver.evalRef(ref, this.env(scope), node.startIndex);
  }

  /** Resolves a dotted name as written at `offset` in `scope` (`asyncio.sleep`). */
  resolveName(dotted: string, scope: Scope, offset: number): Val {
    return parseRef(dotted) ? this.resolver.evalRef(dotted, this.env(scope), offset) : UNKNOWN_VAL;
  }

  /** Innermost scope (function, lambda, class, comprehension or module) whose body contains the offset. */
  scopeAt(offset: number): Scope {
    let s = this.moduleScope;
    for (;;) {
      const sorted = s.children.length > 8 ? this.childrenByBody(s) : null;
      const child = sorted ? bodyHolding(sorted, offset) : s.children.find((c) => c.bodyStart <= offset && offset < c.end);
      if (!child) return s;
      s = child;
    }
  }

  private bodyOrder = new WeakMap<Scope, { n: number; sorted: Scope[] | null }>();

  /** A scope's children by body start when their bodies do not overlap (at most one holds an offset), else null. */
  private childrenByBody(s: Scope): Scope[] | null {
    let e = this.bodyOrder.get(s);
    if (!e || e.n !== s.children.length) {
      const sorted = [...s.children].sort((a, b) => a.bodyStart - b.bodyStart);
      let maxEnd = -Infinity;
      let disjoint = true;
      for (const c of sorted) {
        if (maxEnd > c.bodyStart) disjoint = false;
        maxEnd = Math.max(maxEnd, c.end);
      }
      e = { n: s.children.length, sorted: disjoint ? sorted : null };
      this.bodyOrder.set(s, e);
    }
    return e.sorted;
  }

  // ---- mentions of a name anywhere in the file ------------------------------------------

  private mentionIndex: Mentions | undefined;

  private mentions(): Mentions {
    return (this.mentionIndex ??= mentionsOf(this.root, this.text));
  }

  /**
   * The identifiers named `name` anywhere in the file (every chunk, analysed or not), in
   * document order, attribute and keyword-argument names included. Recorded as `n:name`: an
   * edit that adds or removes a mention of the name runs the reader again.
   */
  identifiers(name: string): readonly Node[] {
    this.resolver.recorder?.add(`n:${name}`);
    return this.mentions().identifiers.get(name) ?? [];
  }

  /** The string literals' contents (`string_content`) in `[start, end)` that mention `name` as a word (`__all__`, string annotations). */
  stringsMentioning(name: string, start = 0, end = this.text.length): Node[] {
    this.resolver.recorder?.add(`n:${name}`);
    return this.mentions().strings.filter((s) => s.startIndex >= start && s.endIndex <= end && mentionsWord(this.text, name, s.startIndex, s.endIndex));
  }

  /** The innermost scope at an offset of any chunk; one this model does not analyse has no scopes here. */
  private scopeAnywhere(offset: number): Scope {
    if (this.active.length !== this.chunks.length && !this.active.includes(this.chunkOf(offset))) this.needsFullAnalysis = true;
    return this.scopeAt(offset);
  }

  /** Where the variable an identifier names is bound: the scope holding its binding, or 'module' (module-level and builtin names). */
  bindingScope(id: Node): Scope | 'module' {
    const at = id.startIndex;
    const found = lookupLocal(this.text.slice(at, id.endIndex), this.scopeAnywhere(at), at, this.text, this.context);
    return found === 'module' ? 'module' : found.scope;
  }

  /**
   * Where this file refers to one of its own functions or classes, other than by its
   * definition's name: each identifier that, alone or as the attribute it names (`self.build`,
   * `module.fn`), resolves to it, with the scope it is used in. Keyword-argument names are not
   * references.
   */
  referencesTo(def: Scope): Array<{ node: Node; scope: Scope }> {
    const q = this.qualifiedName(def);
    const defName = def.node?.childForFieldName('name')?.startIndex ?? -1;
    const out: Array<{ node: Node; scope: Scope }> = [];
    for (const node of this.identifiers(def.name)) {
      if (node.startIndex === defName) continue;
      const parent = node.parent;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
      const scope = this.scopeAnywhere(node.startIndex);
      const expr = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
      const v = this.valueOf(expr, scope);
      if (v.k === 'ref' && v.q === q) out.push({ node, scope });
    }
    return out;
  }

  /** The function (or lambda) whose body executes a node at this scope, skipping comprehensions. */
  executingFunction(scope: Scope): Scope | null {
    return executingFunction(scope);
  }

  private aliasCache = new Map<Scope, Map<string, boolean>>();
  private workspaceText: ((module: string) => string | undefined) | undefined;

  /**
   * True when `name`, used in `scope`, is bound by an import under another name than the
   * imported one (`from time import sleep as nap` binds `nap`) or from a workspace module
   * (which may re-export anything under any name): a call through such a name says nothing
   * about its callee by its written name. Reads the imports of the scopes around the use
   * and the module's bindings of that one name.
   */
  isImportAlias(name: string, scope: Scope): boolean {
    let perScope = this.aliasCache.get(scope);
    if (!perScope) this.aliasCache.set(scope, (perScope = new Map()));
    const hit = perScope.get(name);
    if (hit !== undefined) return hit;
    let answer: boolean | undefined;
    for (let s: Scope | null = scope; s && s.kind !== 'module' && answer === undefined; s = s.parent) {
      for (const imp of s.imports) {
        for (const ib of parseImport(imp, this.text, this.context)) if (ib.name === name) answer = this.aliasOf(name, ib.target);
      }
    }
    if (answer === undefined) {
      this.resolver.recorder?.add(`b:${name}`);
      answer = this.moduleAlias.get(name);
      if (answer === undefined) {
        answer = (this.summary.bindings[name] ?? []).some((b) => b.k === 'import' && !!b.t && this.aliasOf(name, b.t));
        this.moduleAlias.set(name, answer);
      }
    }
    perScope.set(name, answer);
    return answer;
  }

  /** `isImportAlias`'s answers for the module's own bindings: each scope asks again. */
  private moduleAlias = new Map<string, boolean>();

  /** Whether binding `local` to the import `target` may bind another object than its name says (see isImportAlias). */
  private aliasOf(local: string, target: string): boolean {
    return target !== local && !target.endsWith(`.${local}`) ? true : this.reexports(local, target);
  }

  /**
   * `from .utils import pause` may name a re-export (`from time import sleep as pause`,
   * `pause = time.sleep`): only the defining module's text can say it does not.
   */
  private reexports(local: string, target: string): boolean {
    const sp = this.resolver.split(target);
    if (!sp || !sp[1]) return false;
    const text = sp[0] === this.context.module ? this.text : this.workspaceText?.(sp[0]);
    if (text === undefined) return true;
    return bindsByAssignment(text, local);
  }

  private importIndex: Map<string, Array<{ name: string; order: number }>> | undefined;
  private importMatches = new Map<string, boolean>();

  /**
   * The module-level import bindings by target (`asyncio` -> the names bound to it), each
   * with its rank in `summary.bindings` order. Built once per model: fixes ask per finding.
   */
  importsByTarget(): ReadonlyMap<string, ReadonlyArray<{ name: string; order: number }>> {
    this.resolver.recorder?.add('*'); // reads every binding of the module
    if (!this.importIndex) {
      const index = new Map<string, Array<{ name: string; order: number }>>();
      let order = 0;
      for (const [name, list] of Object.entries(this.summary.bindings)) {
        for (const b of list) {
          if (b.k !== 'import' || !b.t) continue;
          const entry = { name, order: order++ };
          const at = index.get(b.t);
          if (at) at.push(entry);
          else index.set(b.t, [entry]);
        }
      }
      this.importIndex = index;
    }
    return this.importIndex;
  }

  /** True when a module-level import targets a module matching `pattern` (`/^anyio(\.|$)/`). */
  moduleImports(pattern: RegExp): boolean {
    const targets = this.importsByTarget();
    const key = `${pattern.flags}/${pattern.source}`;
    let hit = this.importMatches.get(key);
    if (hit === undefined) {
      hit = false;
      for (const t of targets.keys()) if ((hit = pattern.test(t))) break;
      this.importMatches.set(key, hit);
    }
    return hit;
  }

  /**
   * The leading text of the string a module-level name is bound to (`DB_URL = "sqlite:///x"`),
   * when the module binds it exactly once; null otherwise. Read from the summary, so it holds
   * for incremental analysis too.
   */
  moduleString(name: string): string | null {
    this.resolver.recorder?.add(`b:${name}`);
    const list = this.summary.bindings[name];
    return list && list.length === 1 && list[0].k === 'value' && list[0].lit !== undefined ? list[0].lit : null;
  }

  /**
   * The module-level bindings of a name, across the whole file (whichever chunks are analysed).
   * Rules read the summary through this, so incremental linting knows what they depend on.
   */
  moduleBinding(name: string): readonly SBinding[] {
    this.resolver.recorder?.add(`b:${name}`);
    return this.summary.bindings[name] ?? [];
  }

  /**
   * What a name used at `at` in `scope` is bound to: a local binding with its scope, or the
   * module-level bindings of the name (none for a builtin), read as `moduleBinding` does.
   */
  bindingOf(name: string, scope: Scope, at: number): Lookup | { module: readonly SBinding[] } {
    const found = lookupLocal(name, scope, at, this.text, this.context);
    return found === 'module' ? { module: this.moduleBinding(name) } : found;
  }

  /**
   * The calls of workspace function `q` anywhere in this file, found through the module's
   * summary (every chunk, analysed or reused): each call's callee span and the function making
   * it. For a question about a function that depends on how the rest of the file uses it; the
   * answer is recorded as depending on every chunk.
   */
  callsOfFunction(q: string): Array<{ caller: FnSummary; start: number; end: number }> {
    this.resolver.recorder?.add('*');
    const m = this.context.module;
    const out: Array<{ caller: FnSummary; start: number; end: number }> = [];
    for (const f of Object.values(this.summary.functions)) {
      for (const c of this.resolver.detail(m, f)?.calls ?? []) {
        if (!c.ref.includes(q.slice(q.lastIndexOf('.') + 1))) continue;
        const v = this.resolver.evalRef(c.ref, this.resolver.fnEnv(m, f), f.start + c.start);
        if (v.k === 'ref' && v.q === q) out.push({ caller: f, start: f.start + c.start, end: f.start + c.end });
      }
    }
    return out;
  }

  /** Names bound in a scope (for rules that check shadowing or local assignments). */
  bindings(scope: Scope) {
    return scopeBindings(scope, this.text, this.context);
  }

  /**
   * True when `name` written at `offset` would be read before anything binds it: a variable
   * of the function running there that only a later statement binds (its own import further
   * down: UnboundLocalError), or, in code run at import time, a module name bound further down.
   */
  unboundAt(name: string, offset: number): boolean {
    for (let s: Scope | null = this.scopeAt(offset); s; s = s.parent) {
      if (s.kind === 'module') {
        this.resolver.recorder?.add(`b:${name}`);
        const list = this.summary.bindings[name];
        return !!list?.length && !list.some((b) => b.at <= offset);
      }
      const list = this.bindings(s).names.get(name);
      if (!list) continue;
      if (s.kind === 'comprehension') return false;
      if (s.kind === 'class') {
        if (list.some((b) => b.at <= offset)) return false;
        continue; // not yet bound in the class body: read outside
      }
      // Declared global or nonlocal: bound elsewhere, read when the function runs.
      if (list.some((b) => b.k === 'nonlocal' || b.k === 'global')) return false;
      return !list.some((b) => b.at <= offset);
    }
    return false;
  }
}
