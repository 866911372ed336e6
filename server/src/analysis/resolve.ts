// The resolver: evaluates symbolic refs to values (a qualified name, or an instance of
// a class) from module summaries alone, following imports, re-exports, assignments,
// parameter annotations, Depends(...) and return types across the workspace.
import { ATTRIBUTES, CANONICAL, CLASS_CONSTRUCTORS, EXTERNAL_BASES, METHODS, RETURNS } from './knowledge/types';
import { longestPrefix, parseRef, UNKNOWN } from './refs';
import type { ClassSummary, FnDetail, FnSummary, LocalEntry, ModuleSummary, SBinding } from './summary';

export type Val = { k: 'ref'; q: string } | { k: 'inst'; t: string } | { k: 'unknown' };

export const UNKNOWN_VAL: Val = Object.freeze({ k: 'unknown' }) as Val;

export interface SummarySource {
  /** Summary of a workspace module, when available. */
  get(module: string): ModuleSummary | undefined;
  /** Whether a dotted name is a module of the workspace (its summary may still be pending). */
  has(module: string): boolean;
  /** Told when a workspace module was needed and its summary was not available. */
  missing?(module: string): void;
  /** Body facts of a function whose summary has none yet (computed from the tree, or by re-parsing). */
  detail?(module: string, q: string): FnDetail | undefined;
}

export interface Env {
  readonly module: string;
  lookup(name: string, at: number): Val;
}

const DEPENDS = new Set(['fastapi.Depends', 'fastapi.Security']);
const MAX_DEPTH = 40;

function sameVal(a: Val, b: Val): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'ref') return a.q === (b as { q: string }).q;
  if (a.k === 'inst') return a.t === (b as { t: string }).t;
  return true;
}

/** An entry of a class's MRO: a workspace class, a library class (opaque), or a base that could not be resolved. */
export type MroEntry = { k: 'ws'; key: string; m: string; cls: ClassSummary } | { k: 'lib'; key: string; q: string } | { k: 'unknown'; key: string };

/** Library bases that define no attribute a rule asks about: left out of the MRO. */
const EMPTY_BASES = new Set(['builtins.object', 'typing.Generic', 'typing.Protocol', 'typing_extensions.Protocol', 'abc.ABC']);

/** C3 linearisation: `head` then the merge of `seqs`, or null when no consistent order exists. */
function c3(head: MroEntry, seqs: MroEntry[][]): MroEntry[] | null {
  const out = [head];
  const rest = seqs.map((s) => [...s]).filter((s) => s.length > 0);
  while (rest.length > 0) {
    const pick = rest.map((s) => s[0]).find((c) => !rest.some((s) => s.slice(1).some((x) => x.key === c.key)));
    if (!pick) return null;
    out.push(pick);
    for (const s of rest) if (s[0].key === pick.key) s.shift();
    for (let i = rest.length - 1; i >= 0; i--) if (rest[i].length === 0) rest.splice(i, 1);
  }
  return out;
}

function looksLikeClass(q: string): boolean {
  const last = q.slice(q.lastIndexOf('.') + 1);
  return /^_?[A-Z]/.test(last) && /[a-z]/.test(last);
}

export class Resolver {
  private canonCache = new Map<string, string>();
  private splitCache = new Map<string, [string, string] | null>();
  private memo = new Map<string, Val>();
  /** Class attributes being evaluated (cycle guard for member lookups). */
  private pendingAttrs = new Set<string>();
  private depth = 0;

  constructor(readonly src: SummarySource) {}

  /** Public name for a library path (`sqlalchemy.orm.session.Session` -> `sqlalchemy.orm.Session`). */
  canonical(q: string): string {
    let c = this.canonCache.get(q);
    if (c !== undefined) return c;
    const prefix = longestPrefix(q, (p) => Object.hasOwn(CANONICAL, p));
    c = prefix === null ? q : CANONICAL[prefix] + q.slice(prefix.length);
    this.canonCache.set(q, c);
    return c;
  }

  /** [module, rest] for the longest workspace-module prefix of q, or null for a library name. */
  split(q: string): [string, string] | null {
    let r = this.splitCache.get(q);
    if (r !== undefined) return r;
    const m = longestPrefix(q, (p) => this.src.has(p));
    r = m === null ? null : [m, q.slice(m.length + 1)];
    this.splitCache.set(q, r);
    return r;
  }

  /** A module's summary (workspace modules only; built on demand where the index can). */
  summaryOf(m: string): ModuleSummary | undefined {
    return this.module(m);
  }

  private module(m: string): ModuleSummary | undefined {
    const ms = this.src.get(m);
    if (!ms) this.src.missing?.(m);
    return ms;
  }

  /** Records the qualnames of `recordModule`'s functions whose body facts were read (incremental linting). */
  recorder: Set<string> | null = null;
  recordModule = '';

  /** Body facts of a function, computing them on first use. */
  detail(m: string, fn: FnSummary): FnDetail | undefined {
    if (this.recorder && m === this.recordModule) this.recorder.add(`f:${fn.q}`);
    if (!fn.detail) fn.detail = this.src.detail?.(m, fn.q);
    return fn.detail;
  }

  /** The function summary behind a workspace function ref (`app.svc.Report.build`). */
  fn(q: string): { module: string; fn: FnSummary } | undefined {
    const sp = this.split(q);
    if (!sp || !sp[1]) return undefined;
    if (this.recorder && sp[0] === this.recordModule) this.recorder.add(`f:${sp[1]}`).add(`c:${sp[1]}`);
    const f = this.module(sp[0])?.functions[sp[1]];
    return f ? { module: sp[0], fn: f } : undefined;
  }

  /** The class summary behind a workspace class ref. */
  cls(q: string): { module: string; cls: ClassSummary } | undefined {
    const sp = this.split(q);
    if (!sp || !sp[1]) return undefined;
    if (this.recorder && sp[0] === this.recordModule) this.recorder.add(`c:${sp[1]}`).add(`f:${sp[1]}`);
    const c = this.module(sp[0])?.classes[sp[1]];
    return c ? { module: sp[0], cls: c } : undefined;
  }

  resetMemo(): void {
    this.memo.clear();
    this.mroCache.clear();
  }

  private guard<T extends Val>(key: string | null, compute: () => T): Val {
    if (key !== null) {
      const hit = this.memo.get(key);
      if (hit) return hit;
    }
    if (this.depth >= MAX_DEPTH) return UNKNOWN_VAL;
    if (key !== null) this.memo.set(key, UNKNOWN_VAL); // cycles resolve to unknown
    this.depth++;
    try {
      const v = compute();
      if (key !== null) this.memo.set(key, v);
      return v;
    } finally {
      this.depth--;
    }
  }

  /** Value of a fully qualified name: a workspace symbol followed through its module, or a library name. */
  qname(q: string): Val {
    const sp = this.split(q);
    if (!sp) return { k: 'ref', q: this.canonical(q) };
    const [m, rest] = sp;
    let v: Val = { k: 'ref', q: m };
    if (!rest) return v;
    for (const part of rest.split('.')) v = this.attr(v, part);
    return v;
  }

  /** A name used at the top level of module m: its binding, a star import, or a builtin. */
  moduleName(m: string, name: string): Val {
    if (this.recorder && m === this.recordModule) this.recorder.add(`b:${name}`).add('b:*');
    return this.guard(`n|${m}|${name}`, () => {
      const ms = this.module(m);
      if (!ms) return UNKNOWN_VAL;
      const list = ms.bindings[name];
      if (list && list.length > 0) return this.bindingsVal(m, list);
      for (const star of ms.bindings['*'] ?? []) {
        const sp = star.t ? this.split(star.t) : null;
        if (!sp) return UNKNOWN_VAL; // a library star import could define anything
        const other = this.module(star.t!);
        if (other?.bindings[name]) return this.moduleName(star.t!, name);
      }
      return { k: 'ref', q: `builtins.${name}` };
    });
  }

  private bindingsVal(m: string, list: SBinding[]): Val {
    let out: Val | null = null;
    for (const b of list) {
      const v = this.bindingVal(m, b);
      if (out === null) out = v;
      else if (!sameVal(out, v)) return UNKNOWN_VAL; // conditional definitions disagree: do not guess
    }
    return out ?? UNKNOWN_VAL;
  }

  private bindingVal(m: string, b: SBinding): Val {
    switch (b.k) {
      case 'import':
        return this.qname(b.t!);
      case 'def':
      case 'class':
        return { k: 'ref', q: `${m}.${b.t}` };
      case 'value': {
        if (b.ann) {
          const t = this.typeOf(this.evalRef(b.ann, this.moduleEnv(m), b.at));
          if (t.k !== 'unknown') return t;
        }
        return this.evalRef(b.ref ?? UNKNOWN, this.moduleEnv(m), b.at - 1);
      }
      default:
        return UNKNOWN_VAL;
    }
  }

  moduleEnv(m: string): Env {
    return { module: m, lookup: (name) => this.moduleName(m, name) };
  }

  /** Environment of a function body: locals, parameters, enclosing functions, module, builtins. */
  fnEnv(m: string, fn: FnSummary): Env {
    const outer = (): Env => {
      if (fn.parent) {
        const p = this.module(m)?.functions[fn.parent];
        if (p) return this.fnEnv(m, p);
      }
      return this.moduleEnv(m);
    };
    return {
      module: m,
      lookup: (name, at) => {
        const d = this.detail(m, fn);
        if (!d) return UNKNOWN_VAL; // no body facts: do not guess past a possible local
        let best: LocalEntry | undefined;
        let last: LocalEntry | undefined;
        for (const e of d.locals) {
          if (e.name !== name) continue;
          if (e.kind === 'g') return this.moduleName(m, name);
          if (e.kind === 'n') return outer().lookup(name, Infinity);
          last = e;
          if (fn.start + e.at <= at) best = e;
        }
        const pi = d.params.findIndex((p) => p.name === name);
        const entry = best ?? (pi === -1 ? last : undefined);
        if (entry) return this.localVal(m, fn, entry);
        if (pi !== -1) return this.paramVal(m, fn, pi);
        return outer().lookup(name, Infinity);
      },
    };
  }

  private localVal(m: string, fn: FnSummary, e: LocalEntry): Val {
    switch (e.kind) {
      case 'v':
        return this.guard(`l|${m}|${fn.q}|${fn.start}|${e.name}|${e.at}`, () => {
          // `x: T = value`: the declared type wins, as for module-level bindings.
          if (e.ann) {
            const t = this.typeOf(this.evalRef(e.ann, this.fnEnv(m, fn), fn.start + e.at));
            if (t.k !== 'unknown') return t;
          }
          return this.evalRef(e.ref, this.fnEnv(m, fn), fn.start + e.at - 1);
        });
      case 'i':
        return this.qname(e.ref);
      case 'd':
      case 'c':
        return { k: 'ref', q: `${m}.${e.ref}` };
      default:
        return UNKNOWN_VAL;
    }
  }

  /**
   * Value of a parameter: `self`, what its Depends(...) provides when that is known (the
   * provider's real object beats the annotation: `db: Session = Depends(get_db)` with a
   * `get_db` that yields an `AsyncSession` is an `AsyncSession`), unless the annotation names a
   * subclass of it (more precise: `ModelSession` for a `Session`); else its annotation.
   */
  paramVal(m: string, fn: FnSummary, index: number): Val {
    return this.guard(`p|${m}|${fn.q}|${fn.start}|${index}`, () => {
      if (index === 0 && fn.cls) {
        if (fn.kind === 'method') return { k: 'inst', t: `${m}.${fn.cls}` };
        if (fn.kind === 'classmethod') return { k: 'ref', q: `${m}.${fn.cls}` };
      }
      const d = this.detail(m, fn);
      if (!d || !d.params[index]) return UNKNOWN_VAL;
      const p = d.params[index];
      const outer = fn.parent ? this.fnEnvByQ(m, fn.parent) : this.moduleEnv(m);
      for (const dep of fn.depCalls) {
        if (dep.at < fn.start + p.start || dep.at >= fn.start + p.end || !this.isDepends(this.evalRef(dep.callee, outer, fn.start))) continue;
        const provided = this.dependencyResult(this.evalRef(dep.arg, outer, fn.start));
        if (provided.k === 'unknown') break;
        const declared = p.ann ? this.typeOf(this.evalRef(p.ann, outer, fn.start)) : UNKNOWN_VAL;
        return declared.k === 'inst' && provided.k === 'inst' && this.isSubclass(declared.t, new Set([this.canonical(provided.t)])) ? declared : provided;
      }
      return p.ann ? this.typeOf(this.evalRef(p.ann, outer, fn.start)) : UNKNOWN_VAL;
    });
  }

  private fnEnvByQ(m: string, q: string): Env {
    const f = this.module(m)?.functions[q];
    return f ? this.fnEnv(m, f) : this.moduleEnv(m);
  }

  isDepends(v: Val): boolean {
    return v.k === 'ref' && DEPENDS.has(v.q);
  }

  /** What a dependency provides: a yield dependency's yielded value, a function's result, a class instance. */
  dependencyResult(v: Val): Val {
    if (v.k !== 'ref') return UNKNOWN_VAL;
    const f = this.fn(v.q);
    if (f) return this.fnResult(f.module, f.fn);
    return this.call(v);
  }

  /** The value a workspace function returns (or yields, for generators), from its annotation or its return statements. */
  fnResult(m: string, fn: FnSummary): Val {
    return this.guard(`r|${m}|${fn.q}|${fn.start}`, () => {
      const d = this.detail(m, fn);
      if (!d) return UNKNOWN_VAL;
      const outer = fn.parent ? this.fnEnvByQ(m, fn.parent) : this.moduleEnv(m);
      if (d.retAnn) {
        const t = this.typeOf(this.evalRef(d.retAnn, outer, fn.start));
        if (t.k !== 'unknown') return t;
      }
      const env = this.fnEnv(m, fn);
      for (const r of d.gen ? d.yields : d.returns) {
        const v = this.evalRef(r, env, fn.end);
        if (v.k !== 'unknown') return v;
      }
      return UNKNOWN_VAL;
    });
  }

  /** An annotation's value as the instance type it declares. */
  typeOf(v: Val): Val {
    if (v.k !== 'ref') return UNKNOWN_VAL;
    if (this.fn(v.q)) return UNKNOWN_VAL;
    if (v.q.startsWith('builtins.')) return { k: 'inst', t: v.q };
    return { k: 'inst', t: v.q };
  }

  evalRef(ref: string, env: Env, at: number): Val {
    const parsed = parseRef(ref);
    if (!parsed) return UNKNOWN_VAL;
    let v = env.lookup(parsed.root, at);
    let owner: Val = UNKNOWN_VAL;
    let member = '';
    for (const op of parsed.ops) {
      if (v.k === 'unknown') return v;
      const before = v;
      v = op.op === 'attr' ? this.attr(v, op.name) : op.op === 'call' ? (this.classConstructed(owner, member, v) ?? this.call(v)) : this.sub(v);
      owner = op.op === 'attr' ? before : UNKNOWN_VAL;
      member = op.op === 'attr' ? op.name : '';
    }
    return v;
  }

  /**
   * `Item.model_validate(data)`: a library classmethod (CLASS_CONSTRUCTORS) called on a
   * workspace class `owner` that does not define `name` itself builds an `owner`.
   */
  private classConstructed(owner: Val, name: string, method: Val): Val | null {
    if (owner.k !== 'ref' || method.k !== 'ref' || this.fn(method.q) || !this.cls(owner.q)) return null;
    for (const [base, names] of Object.entries(CLASS_CONSTRUCTORS)) {
      if (names.includes(name) && this.isSubclass(owner.q, new Set([base]))) return { k: 'inst', t: owner.q };
    }
    return null;
  }

  attr(v: Val, name: string): Val {
    if (v.k === 'unknown') return v;
    if (v.k === 'ref') {
      const sp = this.split(v.q);
      if (!sp) return { k: 'ref', q: this.canonical(`${v.q}.${name}`) };
      const [m, rest] = sp;
      if (!rest) {
        // Attribute of a workspace module: a binding, else a submodule.
        const ms = this.module(m);
        if (this.recorder && m === this.recordModule) this.recorder.add(`b:${name}`);
      if (ms?.bindings[name]) return this.moduleName(m, name);
        // A submodule, indexed or not (a name that matches no table is harmless).
        return { k: 'ref', q: `${m}.${name}` };
      }
      const c = this.cls(v.q);
      if (c) return this.memberOf(c.module, c.cls, name, false);
      if (this.fn(v.q)) return UNKNOWN_VAL;
      return { k: 'ref', q: `${v.q}.${name}` };
    }
    // Instance attribute.
    const c = this.cls(v.t);
    if (c) return this.memberOf(c.module, c.cls, name, true);
    if (METHODS[v.t]?.includes(name)) return { k: 'ref', q: `${v.t}.${name}` };
    const typed = ATTRIBUTES[`${v.t}.${name}`] ?? ATTRIBUTES[`${v.t}.*`];
    if (typed) return { k: 'inst', t: typed };
    return { k: 'ref', q: `${v.t}.${name}` };
  }

  /** `member`, memoised and cycle-safe: `self.buf = self.buf[n:]` refers to itself. */
  private memberOf(m: string, cls: ClassSummary, name: string, onInstance: boolean): Val {
    return this.guard(`a|${m}|${cls.q}|${name}|${onInstance ? 'i' : 'c'}`, () => this.member(m, cls, name, onInstance));
  }

  /**
   * Attribute lookup along the class's MRO (`mro`): the first class that defines the name
   * decides. A library class on the way answers from the library tables; an unknown base,
   * or an MRO that cannot be built, makes the answer unknown (it could define anything).
   */
  private member(m: string, cls: ClassSummary, name: string, onInstance: boolean): Val {
    const line = this.mro(m, cls);
    if (!line) return UNKNOWN_VAL;
    for (const e of line) {
      if (e.k === 'unknown') return UNKNOWN_VAL;
      if (e.k === 'lib') return onInstance ? this.attr({ k: 'inst', t: e.q }, name) : { k: 'ref', q: `${e.q}.${name}` };
      const own = this.ownMember(e.m, e.cls, name, onInstance);
      if (own) return own;
    }
    return UNKNOWN_VAL;
  }

  /** What one class's own body says about a name (a method, a class attribute, `self.name = ...`), or null. */
  private ownMember(m: string, cls: ClassSummary, name: string, onInstance: boolean): Val | null {
    const method = cls.methods[name];
    if (method) return { k: 'ref', q: `${m}.${method}` };
    const attrs = cls.attrs.filter((a) => a.name === name);
    if (attrs.length === 0 && onInstance) {
      // `self.name = value` in the class's methods.
      const ms = this.module(m);
      for (const fq of Object.values(cls.methods)) {
        const f = ms?.functions[fq];
        const d = f ? this.detail(m, f) : undefined;
        for (const a of d?.selfAttrs ?? []) if (a.name === name) attrs.push({ cls: cls.q, name, ref: a.ref, fn: fq, at: f!.start + a.at });
      }
    }
    if (attrs.length === 0) return null;
    // `self.x = f(self.x)`: an attribute whose value reads the attribute itself resolves to unknown.
    const pending = `${m}|${cls.q}|${name}|${onInstance ? 1 : 0}`;
    if (this.pendingAttrs.has(pending)) return UNKNOWN_VAL;
    this.pendingAttrs.add(pending);
    let vals: Val[];
    try {
      vals = attrs.map((a) => {
        const f = a.fn ? this.module(m)?.functions[a.fn] : undefined;
        return this.evalRef(a.ref, f ? this.fnEnv(m, f) : this.moduleEnv(m), a.at - 1);
      });
    } finally {
      this.pendingAttrs.delete(pending);
    }
    // Assignments that disagree (two classes) are unknown; a lazily set attribute (`= None` first) is its known value.
    const known = vals.filter((x) => x.k !== 'unknown');
    if (known.length > 0) return known.every((x) => sameVal(x, known[0])) ? known[0] : UNKNOWN_VAL;
    return onInstance ? null : UNKNOWN_VAL;
  }

  private mroCache = new Map<string, MroEntry[] | null>();

  /**
   * The method resolution order of a workspace class (C3, as CPython builds it) over its
   * workspace bases; a library base is one opaque entry, an unresolved one an `unknown` entry.
   * `object`, `Generic` and the like define nothing a rule asks about and are left out. Null
   * when the bases admit no consistent order (or a cycle).
   */
  mro(m: string, cls: ClassSummary): MroEntry[] | null {
    const key = `${m}.${cls.q}`;
    if (this.recorder) this.cls(key); // records the read of the class and its bases
    if (this.mroCache.has(key)) return this.mroCache.get(key)!;
    this.mroCache.set(key, null); // cycle guard
    const self: MroEntry = { k: 'ws', key, m, cls };
    const seqs: MroEntry[][] = [];
    const direct: MroEntry[] = [];
    for (const [i, b] of this.bases(m, cls).entries()) {
      let e: MroEntry | null;
      let line: MroEntry[] | null;
      const bc = b.k === 'ref' ? this.cls(b.q) : undefined;
      if (bc) {
        line = this.mro(bc.module, bc.cls);
        e = line?.[0] ?? null;
      } else if (b.k === 'ref' && EMPTY_BASES.has(this.canonical(b.q))) {
        continue;
      } else {
        e = b.k === 'ref' ? { k: 'lib', key: this.canonical(b.q), q: this.canonical(b.q) } : { k: 'unknown', key: `?${key}#${i}` };
        line = [e];
      }
      if (!line || !e) return null;
      seqs.push(line);
      direct.push(e);
    }
    seqs.push(direct);
    const out = c3(self, seqs);
    this.mroCache.set(key, out);
    return out;
  }

  /** The values of a class's bases; a subscripted base (`CRUDBase[User]`, `Generic[T]`) is its class, as in CPython. */
  bases(m: string, cls: ClassSummary): Val[] {
    return cls.bases.map((b) => this.evalRef(b.endsWith('[]') ? b.slice(0, -2) : b, this.moduleEnv(m), cls.start));
  }

  call(v: Val): Val {
    if (v.k === 'unknown') return v;
    if (v.k === 'ref') {
      const f = this.fn(v.q);
      if (f) return this.fnResult(f.module, f.fn);
      if (this.cls(v.q)) return { k: 'inst', t: v.q };
      if (this.split(v.q)) return UNKNOWN_VAL;
      const q = this.canonical(v.q);
      const r = RETURNS[q];
      if (r) return { k: 'inst', t: r };
      return looksLikeClass(q) ? { k: 'inst', t: q } : UNKNOWN_VAL;
    }
    const c = this.cls(v.t);
    if (c) {
      const m = this.member(c.module, c.cls, '__call__', true);
      return m.k === 'ref' ? this.call(m) : UNKNOWN_VAL;
    }
    const r = RETURNS[`${v.t}.__call__`];
    return r ? { k: 'inst', t: r } : UNKNOWN_VAL;
  }

  sub(v: Val): Val {
    if (v.k !== 'inst') return UNKNOWN_VAL;
    const typed = RETURNS[`${v.t}.__getitem__`] ?? ATTRIBUTES[`${v.t}.*`];
    return typed ? { k: 'inst', t: typed } : UNKNOWN_VAL;
  }

  /** True when class `t` is, or derives from, one of `targets` (workspace bases and known library bases). */
  isSubclass(t: string, targets: ReadonlySet<string>, seen = new Set<string>()): boolean {
    const q = this.split(t) ? t : this.canonical(t);
    if (targets.has(q)) return true;
    if (seen.has(q)) return false;
    seen.add(q);
    const c = this.cls(q);
    if (c) {
      for (const b of this.bases(c.module, c.cls)) if (b.k === 'ref' && this.isSubclass(b.q, targets, seen)) return true;
      return false;
    }
    for (const b of EXTERNAL_BASES[q] ?? []) if (this.isSubclass(b, targets, seen)) return true;
    return false;
  }

  /** Instance type of a value, if it is an instance. */
  typeName(v: Val): string | null {
    return v.k === 'inst' ? v.t : null;
  }
}
