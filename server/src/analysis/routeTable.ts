// The route table: every path operation of a workspace with the path a client calls. Each
// module's route facts are plain data read from its tree (`moduleRoutes`); `routeTable` joins
// them across modules through the resolver: the owner of each route decorator, the
// APIRouter(prefix=...) it was built with, and the include_router(prefix=...) / mount(...)
// edges from the app down to it, nested routers included. The language server's routes
// request and code lenses read this one answer.
import type { Node } from './tree';
import { APP_TYPES, keywordArgs, positionalArgs, ROUTE_DECORATORS, stringValue } from './fastapi';
import { isDotted, parseRef, refOf, UNKNOWN } from './refs';
import type { Env, Resolver, Val } from './resolve';
import { roleOfModule } from './serving';
import type { FnSummary } from './summary';

/** A piece of a path: literal text, or an expression (`settings.API_PREFIX`) read as a constant when it is one. */
export type PathPart = { lit: string } | { expr: string; ref: string };

/** A `Depends(x)` / `Security(x)` written in a `dependencies=[...]` list. */
interface DepDecl {
  callee: string;
  arg: string;
  text: string;
}

export interface RouteDecl {
  /** Python's qualname of the handler (`list_items`, `create_app.<locals>.health`). */
  fn: string;
  /** Qualname of the function the decorator runs in; null at module level (and in class bodies there). */
  scope: string | null;
  /** Ref of the app or router whose method decorates (`router`, `api.router`). */
  owner: string;
  verb: string;
  methods: string[];
  path: PathPart[];
  async: boolean;
  /** The decorated definition, decorators included. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

interface IncludeDecl {
  kind: 'include' | 'mount';
  scope: string | null;
  receiver: string;
  child: string;
  prefix: PathPart[];
  deps: DepDecl[];
  at: number;
}

/** `name = APIRouter(prefix=..., dependencies=[...])` (or FastAPI(...), or any call given a `prefix`). */
interface RouterDecl {
  scope: string | null;
  name: string;
  prefix: PathPart[];
  deps: DepDecl[];
  at: number;
}

/** A call made for its effect (`add_routers(app, router)`): a helper may include a router it is given. */
interface CallDecl {
  scope: string | null;
  callee: string;
  args: string[];
  kwargs: Record<string, string>;
  at: number;
}

export interface ModuleRoutes {
  routes: RouteDecl[];
  calls: CallDecl[];
  includes: IncludeDecl[];
  routers: RouterDecl[];
  /** Names bound once to a plain string, by `scope:name` (`:name` at module level). */
  consts: Record<string, string>;
  /** `SessionDep = Annotated[Session, Depends(get_db)]`: the dependencies such an alias declares, by `scope:name`. */
  aliases: Record<string, DepDecl[]>;
}

/** Whether a module's text may hold route facts worth parsing for (cheap, no tree). */
export function mayDeclareRoutes(text: string): boolean {
  return /\.(include_router|mount)\s*\(|APIRouter|FastAPI|@[\w.\s]*\.(get|post|put|patch|delete|head|options|trace|api_route|websocket)\s*\(/.test(text);
}

const MAX_PARTS = 50;

function pathParts(node: Node | null, text: string, out: PathPart[] = []): PathPart[] {
  if (!node || out.length > MAX_PARTS) return out;
  const lit = (s: string): void => {
    const last = out[out.length - 1];
    if (last && 'lit' in last) last.lit += s;
    else out.push({ lit: s });
  };
  switch (node.type) {
    case 'string':
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'string_content' || c.type === 'escape_sequence') lit(text.slice(c.startIndex, c.endIndex));
        else if (c.type === 'interpolation') {
          const e = c.childForFieldName('expression') ?? c.firstNamedChild;
          if (e) out.push({ expr: text.slice(e.startIndex, e.endIndex), ref: refOf(e, text) });
        }
      }
      return out;
    case 'concatenated_string':
      for (const c of node.namedChildren) if (c?.type === 'string') pathParts(c, text, out);
      return out;
    case 'binary_operator':
      if (node.childForFieldName('operator')?.type === '+') {
        pathParts(node.childForFieldName('left'), text, out);
        return pathParts(node.childForFieldName('right'), text, out);
      }
      break;
    case 'parenthesized_expression':
      return pathParts(node.firstNamedChild, text, out);
  }
  out.push({ expr: text.slice(node.startIndex, node.endIndex), ref: refOf(node, text) });
  return out;
}

function depsOf(list: Node | undefined, text: string, from = 0): DepDecl[] {
  const out: DepDecl[] = [];
  if (list?.type !== 'list' && list?.type !== 'tuple' && list?.type !== 'subscript') return out;
  for (const c of list.namedChildren.slice(from)) {
    if (c?.type !== 'call') continue;
    const arg = positionalArgs(c)[0] ?? keywordArgs(c).get('dependency') ?? null;
    if (arg) out.push({ callee: refOf(c.childForFieldName('function'), text), arg: refOf(arg, text), text: text.slice(arg.startIndex, arg.endIndex) });
  }
  return out;
}

/** The function a node runs in (its qualname, null at module level) and the qualname prefix of definitions there. */
function placeOf(node: Node): { scope: string | null; prefix: string } {
  const chain: Node[] = [];
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') chain.push(p);
  let scope: string | null = null;
  let prefix = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const name = chain[i].childForFieldName('name')?.text ?? '';
    if (chain[i].type === 'class_definition') prefix += `${name}.`;
    else {
      scope = prefix + name;
      prefix = `${scope}.<locals>.`;
    }
  }
  return { scope, prefix };
}

/** The route facts of one module, read from its tree. */
export function moduleRoutes(root: Node, text: string): ModuleRoutes {
  const out: ModuleRoutes = { routes: [], calls: [], includes: [], routers: [], consts: Object.create(null), aliases: Object.create(null) };
  const assigned = new Map<string, number>();
  for (const n of root.descendantsOfType(['decorated_definition', 'call', 'assignment'])) {
    if (!n) continue;
    if (n.type === 'decorated_definition') {
      const def = n.childForFieldName('definition');
      if (def?.type !== 'function_definition') continue;
      for (const d of n.namedChildren) {
        const call = d?.type === 'decorator' ? d.firstNamedChild : null;
        const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
        if (callee?.type !== 'attribute') continue;
        const verb = callee.childForFieldName('attribute')?.text ?? '';
        if (!Object.hasOwn(ROUTE_DECORATORS, verb)) continue;
        const kwargs = keywordArgs(call!);
        let methods = ROUTE_DECORATORS[verb];
        if (verb === 'api_route') {
          const listed = (kwargs.get('methods')?.namedChildren ?? []).map((c) => stringValue(c, text)).filter((s): s is string => !!s);
          if (listed.length > 0) methods = listed.map((s) => s.toUpperCase());
        }
        const { scope, prefix } = placeOf(n);
        const name = def.childForFieldName('name');
        out.routes.push({
          fn: prefix + (name?.text ?? ''),
          scope,
          owner: refOf(callee.childForFieldName('object'), text),
          verb,
          methods,
          path: pathParts(positionalArgs(call!)[0] ?? kwargs.get('path') ?? null, text),
          async: def.children[0]?.type === 'async',
          start: n.startIndex,
          end: n.endIndex,
          nameStart: name?.startIndex ?? def.startIndex,
          nameEnd: name?.endIndex ?? def.startIndex,
        });
        break;
      }
    } else if (n.type === 'call') {
      const callee = n.childForFieldName('function');
      if (callee?.type !== 'attribute' && callee?.type !== 'identifier') continue;
      const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      const isInclude = method === 'include_router' || method === 'mount';
      if (!isInclude && n.parent?.type !== 'expression_statement') continue;
      const args = positionalArgs(n);
      const kwargs = keywordArgs(n);
      if (!isInclude) {
        if (args.some((a) => a.type === 'identifier' || a.type === 'attribute')) {
          out.calls.push({ scope: placeOf(n).scope, callee: refOf(callee, text), args: args.map((a) => refOf(a, text)), kwargs: Object.fromEntries([...kwargs].map(([k, v]) => [k, refOf(v, text)])), at: n.startIndex });
        }
        continue;
      }
      // `include_router(router, **options)`: a prefix may be in there.
      const splat = n.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'dictionary_splat');
      const unknownPrefix: PathPart[] = splat ? [{ expr: text.slice(splat.startIndex, splat.endIndex), ref: UNKNOWN }] : [];
      const receiver = refOf(callee.childForFieldName('object'), text);
      const { scope } = placeOf(n);
      if (method === 'include_router') {
        const child = args[0] ?? kwargs.get('router');
        const prefix = args[1] ?? kwargs.get('prefix') ?? null;
        if (child) out.includes.push({ kind: 'include', scope, receiver, child: refOf(child, text), prefix: prefix ? pathParts(prefix, text) : unknownPrefix, deps: depsOf(kwargs.get('dependencies'), text), at: n.startIndex });
      } else {
        const child = args[1] ?? kwargs.get('app');
        const prefix = args[0] ?? kwargs.get('path') ?? null;
        if (child) out.includes.push({ kind: 'mount', scope, receiver, child: refOf(child, text), prefix: prefix ? pathParts(prefix, text) : [], deps: [], at: n.startIndex });
      }
    } else {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const { scope } = placeOf(n);
      const key = `${scope ?? ''}:${left.text}`;
      const count = (assigned.get(key) ?? 0) + 1;
      assigned.set(key, count);
      const s = stringValue(right, text);
      if (s !== null && count === 1) out.consts[key] = s;
      else delete out.consts[key];
      if (right.type === 'subscript') {
        const deps = depsOf(right, text, 1);
        if (deps.length > 0 && count === 1) out.aliases[key] = deps;
        else delete out.aliases[key];
      }
      if (right.type !== 'call') continue;
      const kwargs = keywordArgs(right);
      const prefix = kwargs.get('prefix');
      const deps = depsOf(kwargs.get('dependencies'), text);
      if (prefix || deps.length > 0) out.routers.push({ scope, name: left.text, prefix: prefix ? pathParts(prefix, text) : [], deps, at: n.startIndex });
    }
  }
  return out;
}

// ---- Joining modules ----

/** Where an object is bound: a module-level name, a function's local, or another dotted name. */
interface Site {
  key: string;
  module: string | null;
  scope: string | null;
  name: string;
  isModule?: boolean;
  /** A parameter of the function `scope`. */
  param?: boolean;
}

export interface RouteSource {
  /** Modules that may declare routes, includes or routers (`mayDeclareRoutes`). */
  candidates(): Iterable<string>;
  /** A workspace module's route facts (read on demand). */
  facts(module: string): ModuleRoutes | undefined;
}

export interface RouterLink {
  /** Where the router is bound (`app.api.items.router`). */
  id: string;
  /** Short name to show (`items.router`). */
  name: string;
  /** What this step adds to the path: the include_router/mount prefix and the router's own. */
  prefix: string;
}

export interface RouteEntry {
  module: string;
  decl: RouteDecl;
  methods: string[];
  /** The path a client calls; a part that is not a known constant is shown as `<expression>`. */
  path: string;
  /** False when some part of the path is not a known constant. */
  pathKnown: boolean;
  async: boolean;
  runsOn: 'event-loop' | 'threadpool';
  /** The dependencies written for this route: the app's, the routers', the include's, then the handler's own. */
  dependencies: string[];
  /** The app (or the router no app includes) at the top of the chain. */
  app: RouterLink;
  /** The routers from below the app down to the one that declares the route. */
  routers: RouterLink[];
}

const MAX_SITE_DEPTH = 30;
const MOUNTED: ReadonlySet<string> = new Set(['fastapi.FastAPI']);
/** Chains from an app to a router are short; this bounds pathological include graphs. */
const MAX_CHAIN = 12;
const MAX_ENTRIES = 20000;

class Joiner {
  /** Whether `x = y` makes `x` the object `y` names (false: looking for where an alias is written). */
  private followValues = true;

  constructor(
    private readonly r: Resolver,
    private readonly src: RouteSource,
  ) {}

  env(m: string, scope: string | null): Env {
    const fn = scope !== null ? this.r.summaryOf(m)?.functions[scope] : undefined;
    return fn ? this.r.fnEnv(m, fn) : this.r.moduleEnv(m);
  }

  isApp(m: string, scope: string | null, ref: string, at: number, types: ReadonlySet<string> = APP_TYPES): boolean {
    const v: Val = this.r.evalRef(ref, this.env(m, scope), at);
    return v.k === 'inst' && this.r.isSubclass(v.t, types);
  }

  /** The site a dotted ref names, following imports and plain aliases. */
  site(m: string, scope: string | null, ref: string, depth = 0): Site | null {
    if (!isDotted(ref) || depth > MAX_SITE_DEPTH) return null;
    const parsed = parseRef(ref)!;
    let s = this.rootSite(m, scope, parsed.root, depth + 1);
    for (const op of parsed.ops) if (s && op.op === 'attr') s = this.member(s, op.name, depth + 1);
    return s;
  }

  private moduleSite(q: string): Site | null {
    const sp = this.r.split(q);
    return sp && !sp[1] ? { key: q, module: q, scope: null, name: q, isModule: true } : null;
  }

  private rootSite(m: string, scope: string | null, name: string, depth: number): Site | null {
    if (depth > MAX_SITE_DEPTH) return null;
    const ms = this.r.summaryOf(m);
    if (scope !== null) {
      const fn = ms?.functions[scope];
      const d = fn ? this.r.detail(m, fn) : undefined;
      if (fn && d) {
        const local = d.locals.filter((e) => e.name === name).pop();
        const here: Site = { key: `${m}:${scope}:${name}`, module: m, scope, name };
        if (local) {
          switch (local.kind) {
            case 'g':
              return this.rootSite(m, null, name, depth + 1);
            case 'n':
              return this.rootSite(m, fn.parent, name, depth + 1);
            case 'i':
              return this.qSite(local.ref, depth + 1);
            case 'v':
              return this.followValues && isDotted(local.ref) && local.ref !== name ? this.site(m, scope, local.ref, depth + 1) : here;
            case 'd':
            case 'c':
              return { key: `${m}.${local.ref}`, module: null, scope: null, name };
            default:
              return here;
          }
        }
        if (d.params.some((p) => p.name === name)) return { ...here, param: true };
        return this.rootSite(m, fn.parent, name, depth + 1);
      }
    }
    const b = ms?.bindings[name]?.at(-1);
    if (b?.k === 'import' && b.t) return this.qSite(b.t, depth + 1);
    if (this.followValues && b?.k === 'value' && b.ref && isDotted(b.ref) && b.ref !== name) return this.site(m, null, b.ref, depth + 1);
    return this.moduleSite(`${m}.${name}`) ?? { key: `${m}.${name}`, module: m, scope: null, name };
  }

  private qSite(q: string, depth: number): Site | null {
    const sp = this.r.split(q);
    if (!sp) return { key: q, module: null, scope: null, name: q };
    if (!sp[1]) return this.moduleSite(q);
    const [first, ...rest] = sp[1].split('.');
    let s = this.rootSite(sp[0], null, first, depth + 1);
    for (const part of rest) if (s) s = this.member(s, part, depth + 1);
    return s;
  }

  private member(s: Site, attr: string, depth: number): Site | null {
    if (s.isModule) return this.rootSite(s.module!, null, attr, depth);
    return { key: `${s.key}.${attr}`, module: null, scope: null, name: attr };
  }

  /** A path's text: constants filled in, other expressions kept as `<expression>`. */
  render(m: string, scope: string | null, parts: readonly PathPart[]): { text: string; known: boolean } {
    let text = '';
    let known = true;
    for (const p of parts) {
      if ('lit' in p) {
        text += p.lit;
        continue;
      }
      const c = this.constant(m, scope, p.ref);
      if (c !== null) text += c;
      else {
        text += `<${p.expr}>`;
        known = false;
      }
    }
    return { text, known };
  }

  private constant(m: string, scope: string | null, ref: string): string | null {
    const s = ref === UNKNOWN ? null : this.site(m, scope, ref);
    if (!s?.module || s.isModule) return null;
    return this.src.facts(s.module)?.consts[`${s.scope ?? ''}:${s.name}`] ?? null;
  }

  routerDecl(s: Site): RouterDecl | undefined {
    if (!s.module || s.isModule) return undefined;
    return this.src.facts(s.module)?.routers.find((d) => d.scope === s.scope && d.name === s.name);
  }

  deps(m: string, scope: string | null, list: readonly DepDecl[], at: number): string[] {
    const env = this.env(m, scope);
    return list.filter((d) => this.r.isDepends(this.r.evalRef(d.callee, env, at))).map((d) => d.text);
  }

  /** What a handler declares: `Depends(...)` in its header, then those of `Annotated` aliases its parameters are annotated with. */
  handlerDeps(m: string, fn: FnSummary): string[] {
    const params = this.r.detail(m, fn)?.params ?? [];
    // `x: Annotated[Pager, Depends()]`: the dependency is the annotation's class.
    const calls = fn.depCalls.map((c) => ({ callee: c.callee, arg: c.arg, text: c.arg !== UNKNOWN ? c.arg : (params.find((p) => fn.start + p.start <= c.at && c.at < fn.start + p.end)?.ann ?? UNKNOWN) }));
    const out = this.deps(m, fn.parent, calls, fn.start).filter((d) => d !== UNKNOWN);
    for (const p of params) {
      this.followValues = false;
      let s: Site | null;
      try {
        s = p.ann ? this.site(m, fn.parent, p.ann) : null;
      } finally {
        this.followValues = true;
      }
      const alias = s?.module && !s.isModule ? this.src.facts(s.module)?.aliases[`${s.scope ?? ''}:${s.name}`] : undefined;
      if (alias) out.push(...this.deps(s!.module!, s!.scope, alias, 0));
    }
    return out;
  }
}

/** How an app is named at the top of the tree, as uvicorn is told: `app.main:app`, or the factory `app.main:create_app()`. */
function appName(s: Site): string {
  if (s.module === null || s.isModule) return s.key;
  return s.scope === null ? `${s.module}:${s.name}` : `${s.module}:${s.scope}()`;
}

function shortName(s: Site): string {
  if (s.module === null || s.isModule) return s.key;
  const last = s.module.slice(s.module.lastIndexOf('.') + 1);
  return s.scope === null ? `${last}.${s.name}` : s.name;
}

interface Edge {
  child: Site;
  prefix: { text: string; known: boolean };
  deps: string[];
}

/** Every route of the workspace, once per chain from an app (or a router no app includes) down to it. */
export function routeTable(resolver: Resolver, src: RouteSource): RouteEntry[] {
  const j = new Joiner(resolver, src);
  const routesAt = new Map<string, Array<{ module: string; decl: RouteDecl }>>();
  const sites = new Map<string, Site>();
  const edges = new Map<string, Edge[]>();
  const included = new Set<string>();
  const helpers = new Map<string, Array<{ module: string; inc: IncludeDecl; parent: Site; child: Site }>>();
  const link = (parent: Site, child: Site, prefix: { text: string; known: boolean }, deps: string[]): void => {
    if (parent.key === child.key) return;
    sites.set(parent.key, parent);
    sites.set(child.key, child);
    const list = edges.get(parent.key) ?? [];
    list.push({ child, prefix, deps });
    edges.set(parent.key, list);
    included.add(child.key);
  };
  for (const m of src.candidates()) {
    // Apps in tests, scripts and migrations serve no client (analysis/serving.ts).
    const facts = roleOfModule(m) === 'serving' ? src.facts(m) : undefined;
    if (!facts) continue;
    for (const decl of facts.routes) {
      if (!j.isApp(m, decl.scope, decl.owner, decl.start)) continue;
      const s = j.site(m, decl.scope, decl.owner);
      if (!s) continue;
      sites.set(s.key, s);
      const list = routesAt.get(s.key) ?? [];
      list.push({ module: m, decl });
      routesAt.set(s.key, list);
    }
    for (const inc of facts.includes) {
      const parent = j.site(m, inc.scope, inc.receiver);
      const child = j.site(m, inc.scope, inc.child);
      if (!parent || !child) continue;
      if ((parent.param || child.param) && inc.scope !== null) {
        // A helper that includes the router it is given: joined at each call below.
        const q = `${m}.${inc.scope}`;
        helpers.set(q, [...(helpers.get(q) ?? []), { module: m, inc, parent, child }]);
        continue;
      }
      const types = inc.kind === 'mount' ? MOUNTED : APP_TYPES;
      if (!j.isApp(m, inc.scope, inc.receiver, inc.at) || !j.isApp(m, inc.scope, inc.child, inc.at, types)) continue;
      link(parent, child, j.render(m, inc.scope, inc.prefix), j.deps(m, inc.scope, inc.deps, inc.at));
    }
  }
  if (helpers.size > 0) {
    const names = new Set([...helpers.keys()].map((q) => q.slice(q.lastIndexOf('.') + 1)));
    for (const m of src.candidates()) {
      for (const call of src.facts(m)?.calls ?? []) {
        const last = call.callee.slice(call.callee.lastIndexOf('.') + 1);
        if (!names.has(last)) continue;
        const target = resolver.evalRef(call.callee, j.env(m, call.scope), call.at);
        const uses = target.k === 'ref' ? helpers.get(target.q) : undefined;
        const fn = target.k === 'ref' ? resolver.fn(target.q) : undefined;
        const params = fn ? (resolver.detail(fn.module, fn.fn)?.params ?? []) : [];
        for (const use of uses ?? []) {
          // A parameter stands for the caller's argument, read in the caller's scope.
          const arg = (s: Site, ref: string): { site: Site | null; m: string; scope: string | null; ref: string } => {
            if (!s.param) return { site: s, m: use.module, scope: use.inc.scope, ref };
            const i = params.findIndex((p) => p.name === s.name);
            const given = call.kwargs[s.name] ?? (i >= 0 ? call.args[i] : undefined);
            return given && ref === s.name ? { site: j.site(m, call.scope, given), m, scope: call.scope, ref: given } : { site: null, m, scope: call.scope, ref: UNKNOWN };
          };
          const p = arg(use.parent, use.inc.receiver);
          const c = arg(use.child, use.inc.child);
          const types = use.inc.kind === 'mount' ? MOUNTED : APP_TYPES;
          if (!p.site || !c.site || !j.isApp(p.m, p.scope, p.ref, call.at) || !j.isApp(c.m, c.scope, c.ref, call.at, types)) continue;
          link(p.site, c.site, j.render(use.module, use.inc.scope, use.inc.prefix), j.deps(use.module, use.inc.scope, use.inc.deps, use.inc.at));
        }
      }
    }
  }
  const own = new Map<string, { prefix: { text: string; known: boolean }; deps: string[] }>();
  const ownOf = (s: Site) => {
    let o = own.get(s.key);
    if (!o) {
      const d = j.routerDecl(s);
      o = d ? { prefix: j.render(s.module!, d.scope, d.prefix), deps: j.deps(s.module!, d.scope, d.deps, d.at) } : { prefix: { text: '', known: true }, deps: [] };
      own.set(s.key, o);
    }
    return o;
  };
  const out: RouteEntry[] = [];
  const visit = (s: Site, app: RouterLink, chain: RouterLink[], prefix: string, known: boolean, deps: string[], seen: Set<string>): void => {
    if (out.length >= MAX_ENTRIES) return;
    for (const { module, decl } of routesAt.get(s.key) ?? []) {
      const path = j.render(module, decl.scope, decl.path);
      const fn = resolver.fn(`${module}.${decl.fn}`);
      const own = fn ? j.handlerDeps(module, fn.fn) : [];
      out.push({
        module,
        decl,
        methods: decl.methods,
        path: prefix + path.text,
        pathKnown: known && path.known,
        async: decl.async,
        runsOn: decl.async || decl.verb === 'websocket' ? 'event-loop' : 'threadpool',
        dependencies: [...new Set([...deps, ...own])],
        app,
        routers: chain,
      });
    }
    if (chain.length >= MAX_CHAIN) return;
    for (const e of edges.get(s.key) ?? []) {
      if (seen.has(e.child.key)) continue;
      const o = ownOf(e.child);
      const step = e.prefix.text + o.prefix.text;
      const link: RouterLink = { id: e.child.key, name: shortName(e.child), prefix: step };
      seen.add(e.child.key);
      visit(e.child, app, [...chain, link], prefix + step, known && e.prefix.known && o.prefix.known, [...deps, ...e.deps, ...o.deps], seen);
      seen.delete(e.child.key);
    }
  };
  for (const s of [...sites.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (included.has(s.key)) continue;
    const o = ownOf(s);
    visit(s, { id: s.key, name: appName(s), prefix: o.prefix.text }, [], o.prefix.text, o.prefix.known, o.deps, new Set([s.key]));
  }
  return out;
}
