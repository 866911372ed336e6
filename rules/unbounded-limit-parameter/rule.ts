import type { Scope } from '../../server/src/analysis/facts';
import { annotatedMetadata } from '../../server/src/analysis/annotations';
import { literalNumber, unwrap } from '../../server/src/analysis/expressions';
import { keywordArgs, positionalArgs, routeOf, routeParams, type RouteParam } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import { parameters } from '../../server/src/analysis/scopes';
import type { Node } from '../../server/src/analysis/tree';
import type { Condition, Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { LIMIT_PARAMS_STRICT } from '../data/dataAccess';
import { appendArguments } from '../shared/edits';
import { libraryName } from '../shared/imports';
import { calls } from '../shared/collections';
import { readsOf } from '../../server/src/analysis/reads';
import { shortCode } from '../../server/src/ruleApi/message';

const UPPER = ['le', 'lt'];
const BOUND_TYPES = new Set(['annotated_types.Le', 'annotated_types.Lt', 'annotated_types.Interval']);

/** A declared `int` (or `int | None`), or an undeclared parameter whose default is an integer. */
function isIntParam(p: RouteParam): boolean {
  if (p.annotation) return p.type.k === 'inst' && p.type.t === 'builtins.int';
  const def = p.marker && !p.marker.inAnnotation ? (positionalArgs(p.marker.call)[0] ?? keywordArgs(p.marker.call).get('default') ?? null) : p.default;
  return unwrap(def)?.type === 'integer';
}

/**
 * A default built by a call that is no FastAPI marker (`limit: int = LimitBody()`): FastAPI
 * reads what the call returns, often a `Depends(...)`, `Body(...)` or `Query(...)` made in
 * the workspace, whose bounds live there. It is a plain query default only when it evaluates
 * to an int (`default_page_size()` returning one); anything else is unknown: no finding.
 */
function defaultBuiltElsewhere(model: FileModel, scope: Scope, p: RouteParam): boolean {
  if (p.marker || unwrap(p.default)?.type !== 'call') return false;
  const v = model.valueOf(unwrap(p.default)!, scope);
  return !(v.k === 'inst' && v.t === 'builtins.int');
}

/**
 * Whether each read of the limit is an argument to a workspace function that bounds it or
 * ignores it: the parameter it lands in is compared with a bound, capped with `min(...)`, or
 * never read (a repository that clamps the page size, a service still a stub). One step: a
 * callee that passes it on is not followed, and stays reported.
 */
function boundedByCallees(ctx: RuleContext, reads: readonly Node[]): boolean {
  const { model } = ctx;
  const r = model.resolver;
  for (const read of reads) {
    const arg = read.parent?.type === 'keyword_argument' ? read.parent : read;
    const args = arg.parent;
    const call = args?.parent;
    if (args?.type !== 'argument_list' || call?.type !== 'call') return false;
    const target = ctx.graph.callable(model.valueOf(call.childForFieldName('function')!, model.scopeAt(call.startIndex)));
    const f = target ? r.fn(target) : undefined;
    const params = f ? r.detail(f.module, f.fn)?.params : undefined;
    if (!f || !params) return false;
    let param;
    if (arg.type === 'keyword_argument') param = params.find((p) => p.name === arg.childForFieldName('name')?.text);
    else {
      const positional = args.namedChildren.filter((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment');
      if (positional.some((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat')) return false;
      const bound = f.fn.kind === 'method' || f.fn.kind === 'classmethod' ? 1 : 0;
      param = params[positional.findIndex((a) => a?.id === read.id) + bound];
    }
    const use = param?.use;
    if (!use) return false;
    const capped = use.passedTo?.some((ref) => {
      const v = r.evalRef(ref, r.fnEnv(f.module, f.fn), f.fn.end);
      return v.k === 'ref' && v.q === 'builtins.min';
    });
    if (!use.unread && !use.compared && !capped) return false;
  }
  return reads.length > 0;
}

/** Bounds written in `Annotated[int, Field(le=...)]` or `annotated_types.Le(...)`, besides Query. */
function otherBound(model: FileModel, scope: Scope, p: RouteParam): boolean {
  for (const meta of annotatedMetadata(p.annotation, model.text)) {
    if (meta.type !== 'call' || meta.id === p.marker?.call.id) continue;
    const kw = keywordArgs(meta);
    if (UPPER.some((k) => kw.has(k))) return true;
    const v = model.valueOf(meta.childForFieldName('function')!, scope);
    if (v.k === 'ref' && BOUND_TYPES.has(v.q)) return true;
  }
  return false;
}

/** The body caps the value itself: `min(limit, 100)`, or `if limit > MAX: ...`. */
function clampedInBody(model: FileModel, fn: Scope, name: string): boolean {
  for (const c of calls(fn)) {
    if (!positionalArgs(c).some((a) => unwrap(a)?.type === 'identifier' && unwrap(a)!.text === name)) continue;
    const v = model.valueOf(c.childForFieldName('function')!, fn);
    if (v.k === 'ref' && v.q === 'builtins.min') return true;
  }
  const body = fn.node?.childForFieldName('body');
  // No `<` or `>` in the text, no comparison to walk the tree for.
  if (!body || !/[<>]/.test(model.text.slice(body.startIndex, body.endIndex))) return false;
  for (const cmp of body.descendantsOfType('comparison_operator')) {
    if (!cmp) continue;
    const kids = cmp.children.filter((c): c is Node => !!c);
    for (let i = 1; i + 1 < kids.length; i += 2) {
      const [left, op, right] = [unwrap(kids[i - 1]), kids[i].type, unwrap(kids[i + 1])];
      const other = left?.type === 'identifier' && left.text === name && (op === '>' || op === '>=') ? right : right?.type === 'identifier' && right.text === name && (op === '<' || op === '<=') ? left : null;
      if (!other) continue;
      const n = literalNumber(other);
      if (n === null || n > 1) return true; // `limit > 0` checks the sign, not the size
    }
  }
  return false;
}

const LIMIT_WORD = new RegExp(`\\b(?:${[...LIMIT_PARAMS_STRICT].join('|')})\\b`);

/** A cheap test before reading the parameters: the definition's header names a limit parameter as a word. */
function mayTakeLimit(model: FileModel, fn: Scope): boolean {
  return LIMIT_WORD.test(model.text.slice(fn.start, fn.bodyStart));
}

function report(ctx: RuleContext, fn: Scope, isRoute: boolean, input: Parameters<RuleContext['report']>[0]): void {
  const when: Condition | undefined = isRoute ? undefined : { kind: 'dependency', fn: ctx.model.qualifiedName(fn) };
  ctx.report({ ...input, when });
}

export const rule: Rule = {
  meta: {
    code: 'FPL302',
    id: 'unbounded-limit-parameter',
    family: 'data-access',
    severity: 'warning',
    fix: 'safe',
    docs: {
      summary: 'A `limit`, `page_size`, `per_page`, `size`, `take` or `count` query parameter with no real upper bound.',
      why: 'Pagination only protects the database when the page size is capped: with `limit: int = 100` and no `le=`, a client (or a crawler) asks for `?limit=10000000` and gets the whole table in one response. A bound such as `lt=2147483647` is no bound either (anything above ten times the configured maximum counts as none), and a lower bound that admits `-1` (`ge=-1`, `gt=-2`) usually means "-1 returns everything". A value clamped in the body (`min(limit, 100)`, `if limit > MAX: ...`) is fine, and so is a default built by a call that does not evaluate to an int (`limit: int = LimitBody()`, a helper returning `Depends(...)` or `Body(..., le=...)`): FastAPI reads the marker it returns, and the bound is decided there. A parameter the body never reads bounds nothing and is not reported, nor is one passed only to workspace functions that bound it there (`min(page_size, 100)`, `if limit > MAX:`) or ignore it (one step: a callee that passes it on is not followed).',
      example: [
        'from fastapi import FastAPI, Query',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/items")',
        'def list_items(skip: int = 0, limit: int = Query(100, ge=1)):',
        '    return load_items(skip, limit)',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI, Query',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/items")',
        'def list_items(skip: int = 0, limit: int = Query(100, ge=1, le=1000)):',
        '    return load_items(skip, limit)',
      ].join('\n'),
      fixSafety: 'The fix adds `le=` with the `pagination-max-limit` setting (1000 by default) to the `Query(...)`, replaces a bound that is no bound, or turns a plain default into `Query(default, le=...)`; requests asking for more now get a 422 response, which is the point. A lower bound admitting -1 is reported with a suggestion (`ge=1`) only, since it changes what clients may send.',
      references: ['https://fastapi.tiangolo.com/tutorial/query-params-str-validations/#number-validations-greater-than-and-less-than-or-equal'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    const max = ctx.config.paginationMaxLimit;
    const noBound = 10 * max;
    for (const fn of model.functions) {
      if (!fn.node || fn.parent?.kind === 'class' || !mayTakeLimit(model, fn) || !parameters(fn.node, model.text).some((p) => LIMIT_PARAMS_STRICT.has(p.name))) continue;
      const route = routeOf(model, fn);
      for (const p of routeParams(model, fn)) {
        if (!LIMIT_PARAMS_STRICT.has(p.name) || (p.marker && p.marker.kind !== 'Query') || !isIntParam(p)) continue;
        // A limit the body never reads bounds no query (`page_size` kept for old clients).
        const reads = readsOf(model, fn, p.name, (b) => b.k === 'param');
        if (defaultBuiltElsewhere(model, fn.parent ?? model.moduleScope, p) || reads.length === 0) continue;
        if (route?.path?.includes(`{${p.name}}`)) continue;
        const query = p.marker?.call ?? null;
        const kw = query ? keywordArgs(query) : new Map<string, Node>();
        const upperKey = UPPER.find((k) => kw.has(k));
        const upper = upperKey ? kw.get(upperKey)! : null;
        const where = `\`${shortCode(p.name, 20)}\``;
        if (!otherBound(model, fn.parent ?? model.moduleScope, p) && !clampedInBody(model, fn, p.name) && !boundedByCallees(ctx, reads)) {
          if (!upper) {
            let fix;
            if (query) {
              const edit = appendArguments(query, [`le=${max}`], model.text);
              if (edit) fix = { title: `Add \`le=${max}\``, edits: [edit] };
            } else if (p.default && annotatedMetadata(p.annotation, model.text).length === 0) {
              const name = libraryName(ctx, 'fastapi.Query', p.default.startIndex);
              const def = model.text.slice(p.default.startIndex, p.default.endIndex);
              if (name) fix = { title: `Use \`${name.text}(${def}, le=${max})\``, edits: [{ start: p.default.startIndex, end: p.default.endIndex, text: `${name.text}(${def}, le=${max})` }], imports: name.imports };
            }
            report(ctx, fn, !!route, { node: p.node, message: `${where} has no upper bound: one request can ask for every row; add \`le=${max}\``, fix });
          } else {
            const n = literalNumber(upper);
            if (n !== null && n > noBound) {
              const arg = upper.parent!;
              report(ctx, fn, !!route, {
                node: arg,
                message: `${where} is capped at \`${shortCode(model.text.slice(arg.startIndex, arg.endIndex), 20)}\`, which is no bound (over ${noBound}): use \`le=${max}\``,
                fix: { title: `Use \`le=${max}\``, edits: [{ start: arg.startIndex, end: arg.endIndex, text: `le=${max}` }] },
              });
            }
          }
        }
        // A lower bound that lets -1 through: "-1 means everything".
        for (const key of ['ge', 'gt']) {
          const v = kw.get(key);
          const n = v ? literalNumber(v) : null;
          if (n === null || (key === 'ge' ? n > -1 : n > -2)) continue;
          const arg = v!.parent!;
          report(ctx, fn, !!route, {
            node: arg,
            message: `${where} accepts negative values (\`${shortCode(model.text.slice(arg.startIndex, arg.endIndex), 16)}\`), and -1 often means no limit; require \`ge=1\``,
            fix: { title: 'Use `ge=1`', edits: [{ start: arg.startIndex, end: arg.endIndex, text: 'ge=1' }], applicability: 'unsafe' },
          });
        }
      }
    }
  },
};
