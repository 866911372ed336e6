import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { appendParameters } from '../shared/edits';
import { libraryName } from '../shared/imports';
import { aggregatesRows, isPaginated, returnsRows, unboundedSources, type UnboundedSource } from '../shared/collections';
import { routesOf } from '../shared/routes';
import { shortCode } from '../../server/src/ruleApi/message';

/** The file writes parameters the `Annotated[...]` way when it imports `Annotated`. */
function usesAnnotated(model: FileModel): boolean {
  return model.moduleImports(/^(typing|typing_extensions)\.Annotated$/);
}

function paginationFix(ctx: RuleContext, fn: Scope, source: UnboundedSource) {
  const { model } = ctx;
  const locals = model.bindings(fn).names;
  if (source.insertAt === undefined || !fn.node || locals.has('skip') || locals.has('limit')) return undefined;
  const query = libraryName(ctx, 'fastapi.Query', fn.start);
  if (!query) return undefined;
  const max = ctx.config.paginationMaxLimit;
  const imports = [...query.imports];
  let params: string[];
  if (usesAnnotated(model)) {
    const annotated = libraryName(ctx, 'typing.Annotated', fn.start);
    if (!annotated) return undefined;
    imports.push(...annotated.imports);
    params = [`skip: ${annotated.text}[int, ${query.text}(ge=0)] = 0`, `limit: ${annotated.text}[int, ${query.text}(ge=1, le=${max})] = 100`];
  } else {
    params = [`skip: int = ${query.text}(0, ge=0)`, `limit: int = ${query.text}(100, ge=1, le=${max})`];
  }
  const paramEdit = appendParameters(fn.node, params, model.text);
  if (!paramEdit) return undefined;
  return {
    title: 'Add `skip`/`limit` parameters and `.offset(skip).limit(limit)`',
    edits: [paramEdit, { start: source.insertAt, end: source.insertAt, text: '.offset(skip).limit(limit)' }],
    imports,
  };
}

export const rule: Rule = {
  meta: {
    code: 'FPL301',
    id: 'unbounded-collection-route',
    family: 'data-access',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services 1 of 4 sampled findings was worth fixing: the others return a user's own handful of rows, which the code does not tell apart from a table that grows.
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: 'A GET route that returns a whole table or collection and takes no limit parameter.',
      why: 'The query returns every row, however many there are: each request loads them all into memory, serialises them, and sends them. It works with a hundred rows in development and times out (or runs the worker out of memory) with a million in production, and one client can hammer the database. Paginate: a `limit` with an upper bound, plus an offset or a cursor. Reported on the route, with the queries as related locations, and only when the rows are what the route returns (directly, mapped by a comprehension or a loop, or inside a dict or a model): rows counted or totalled, tested for membership, or used to render something else are not the collection the client asked for. Routes are left alone when the query has `.limit()`/`.slice()`/a slice or is filtered to a list of values the route holds (`.where(Model.id.in_(ids))`), when they take a `limit`/`page_size`/`per_page`/`size` parameter or a dependency that provides one, or when they use fastapi-pagination. Off by default: on 13 public FastAPI services 1 of 4 sampled findings was worth fixing: the others return a user\'s own handful of rows, which the code does not tell apart from a table that grows; select `FPL301` to audit every route that returns a whole collection.',
      example: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy import select',
        'from sqlalchemy.orm import Session',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/items")',
        'def list_items(db: Session = Depends(get_db)):',
        '    return db.scalars(select(Item)).all()',
      ].join('\n'),
      useInstead: [
        'from fastapi import Depends, FastAPI, Query',
        'from sqlalchemy import select',
        'from sqlalchemy.orm import Session',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/items")',
        'def list_items(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):',
        '    return db.scalars(select(Item).offset(skip).limit(limit)).all()',
      ].join('\n'),
      fixSafety: 'Offered as a suggestion only: it changes the API (clients that expected everything now get the first 100 rows). It adds `skip` and `limit` query parameters, written the way the file already writes parameters (`Annotated[int, Query(...)] = default` or `= Query(default, ...)`), with `le=` from the `pagination-max-limit` setting (1000 by default), and appends `.offset(skip).limit(limit)` to the statement. Offered only for a single SQLAlchemy statement or query in the route, and never when the route also folds the rows into a count or a total (`len(rows)`, `sum(...)`, a loop accumulating into a variable), since a page of rows would give a wrong total.',
      references: ['https://fastapi.tiangolo.com/tutorial/sql-databases/#read-heroes', 'https://docs.sqlalchemy.org/en/20/tutorial/data_select.html#order-by-group-by-having', 'https://github.com/uriyyo/fastapi-pagination'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    for (const { fn, route } of routesOf(model)) {
      if (!route.methods.includes('GET') || !fn.node) continue;
      // Only the collection the route returns: lookups, counts and rows it uses otherwise are not the page a client asked for.
      const sources = unboundedSources(model, fn).filter((s) => returnsRows(model, fn, s));
      if (sources.length === 0 || isPaginated(model, fn, route)) continue;
      const [first] = sources;
      const method = first.kind === 'mongo' ? '.skip(skip).limit(limit)' : '.offset(skip).limit(limit)';
      const what = sources.map((s) => `\`${s.label}\``).join(', ');
      // A page of rows the route also folds into a total would give a wrong total: no fix then.
      const fix = sources.length === 1 && (first.kind === 'select' || first.kind === 'query') && !aggregatesRows(model, fn, first) ? paginationFix(ctx, fn, first) : undefined;
      ctx.report({
        node: fn.node.childForFieldName('name') ?? fn.node,
        message: `Returns every row, with no limit parameter; add \`skip\`/\`limit\` query parameters and \`${shortCode(method, 40)}\``,
        detail: `\`${fn.name}\` returns every row of ${what} (no \`.limit()\`) and takes no limit parameter.`,
        related: sources.map((s) => ({ message: `loads every row: \`${s.label}\``, start: s.node.startIndex, end: s.node.endIndex })),
        fix,
      });
    }
  },
};
