import { stripParens } from '../../server/src/analysis/expressions';
import { indentBefore, lineEnding } from '../../server/src/analysis/lines';
import { executingFunction, type Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { CONCURRENCY_SAFE } from '../../server/src/analysis/knowledge/types';
import { THREAD_OFFLOADERS } from '../data/eventLoop';
import { needsAsync, type FixInput } from '../shared/asyncFixes';
import { moduleAttribute } from '../shared/imports';
import { shortCode } from '../../server/src/ruleApi/message';
import { concurrentHelper } from './helpers';

/** `target = await call(...)` directly in an async function's body. */
interface Step {
  stmt: Node;
  target: string;
  annotated: boolean;
  call: Node;
  scope: Scope;
  owner: Scope;
  /** Names and attribute chains the call reads (`client`, `self.http`, `user_id`), by text. */
  units: Map<string, Node>;
}

const DATA_BASES: ReadonlySet<string> = new Set(['pydantic.BaseModel']);


/** Names and attribute chains read by a call, without the method names it calls or keyword names it passes. */
function readUnits(model: FileModel, call: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const id of call.descendantsOfType('identifier')) {
    if (!id) continue;
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    let unit: Node = id;
    for (;;) {
      const up = unit.parent;
      if (up?.type !== 'attribute' || up.childForFieldName('object')?.id !== unit.id) break;
      const callee = up.parent?.type === 'call' && up.parent.childForFieldName('function')?.id === up.id;
      if (callee) break;
      unit = up;
    }
    out.set(model.text.slice(unit.startIndex, unit.endIndex), unit);
  }
  return out;
}

function rootName(text: string): string {
  return text.split('.', 1)[0];
}

/** How the root name of an expression is bound where it is used: import, def/class, module-level value, or local. */
function rootBinding(model: FileModel, name: string, scope: Scope, at: number): 'import' | 'def' | 'module-value' | 'local' {
  const found = model.bindingOf(name, scope, at);
  if ('module' in found) {
    const list = found.module;
    if (list.length === 0) return 'import'; // a builtin
    if (list.every((b) => b.k === 'import')) return 'import';
    if (list.every((b) => b.k === 'def' || b.k === 'class')) return 'def';
    return 'module-value';
  }
  const k = found.binding.k;
  return k === 'import' ? 'import' : k === 'def' || k === 'class' ? 'def' : 'local';
}

/** A value two concurrent calls may share: a pool-backed client, a plain value, a data model, a module, a function, a constant. */
function safeToShare(model: FileModel, node: Node, scope: Scope): boolean {
  const v = model.valueOf(node, scope);
  if (v.k === 'inst') return v.t.startsWith('builtins.') || v.t in CONCURRENCY_SAFE || model.resolver.isSubclass(v.t, DATA_BASES);
  const text = model.text.slice(node.startIndex, node.endIndex);
  const b = rootBinding(model, rootName(text), scope, node.startIndex);
  return b === 'import' || b === 'def' || (b === 'module-value' && !text.includes('.'));
}

/**
 * The call runs a library function, a workspace helper that only reads through clients that
 * allow concurrent calls (helpers.ts), or such a reading method itself; a method of anything
 * else might share state, and a sync function sent to a worker thread (`asyncio.to_thread(f)`)
 * may not be safe to run beside another.
 */
function concurrentCallee(ctx: RuleContext, call: Node, scope: Scope, memo: HelperMemo): boolean {
  const model = ctx.model;
  const fn = stripParens(call.childForFieldName('function'));
  if (!fn) return false;
  const callee = model.valueOf(fn, scope);
  if (callee.k === 'ref' && THREAD_OFFLOADERS.has(callee.q)) return false;
  const helper = ctx.graph.callable(callee);
  if (helper) return concurrentHelper(ctx.graph, helper, memo);
  if (fn.type === 'identifier') {
    const b = rootBinding(model, model.text.slice(fn.startIndex, fn.endIndex), scope, fn.startIndex);
    return b === 'import' || b === 'def';
  }
  if (fn.type !== 'attribute') return false;
  const obj = fn.childForFieldName('object');
  if (!obj || (obj.type !== 'identifier' && obj.type !== 'attribute')) return false;
  const v = model.valueOf(obj, scope);
  if (v.k === 'inst') {
    const method = fn.childForFieldName('attribute');
    return !!method && (CONCURRENCY_SAFE[v.t]?.includes(model.text.slice(method.startIndex, method.endIndex)) ?? false);
  }
  if (v.k !== 'ref') return false;
  // A module (`import svc` / a workspace module) or a class: a plain function call.
  const text = model.text.slice(obj.startIndex, obj.endIndex);
  const b = rootBinding(model, rootName(text), scope, obj.startIndex);
  return b === 'import' || b === 'def';
}

type HelperMemo = Parameters<typeof concurrentHelper>[2];

function stepOf(ctx: RuleContext, aw: Node, memo: HelperMemo): Step | null {
  const model = ctx.model;
  const assign = aw.parent;
  if (assign?.type !== 'assignment' || assign.childForFieldName('right')?.id !== aw.id) return null;
  const stmt = assign.parent;
  if (stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1 || stmt.parent?.type !== 'block') return null;
  const target = assign.childForFieldName('left');
  const call = stripParens(aw.firstNamedChild);
  if (target?.type !== 'identifier' || call?.type !== 'call') return null;
  const scope = model.scopeAt(aw.startIndex);
  const owner = executingFunction(scope);
  if (!owner || owner !== scope || !owner.isAsync) return null;
  if (!concurrentCallee(ctx, call, scope, memo)) return null;
  return {
    stmt,
    target: model.text.slice(target.startIndex, target.endIndex),
    annotated: !!assign.childForFieldName('type'),
    call,
    scope,
    owner,
    units: readUnits(model, call),
  };
}

/** What the steps of a run bind and read, gathered as the run grows (so each new step is checked once, not against every step). */
interface RunFacts {
  targets: Set<string>;
  /** Every unit text the run's calls read, and the root names of those units. */
  units: Set<string>;
  roots: Set<string>;
}

function runFacts(run: readonly Step[]): RunFacts {
  const facts: RunFacts = { targets: new Set(), units: new Set(), roots: new Set() };
  for (const s of run) addStep(facts, s);
  return facts;
}

function addStep(facts: RunFacts, s: Step): void {
  facts.targets.add(s.target);
  for (const text of s.units.keys()) {
    facts.units.add(text);
    facts.roots.add(rootName(text));
  }
}

/** Whether `next` can run concurrently with every step of the run. */
function independent(model: FileModel, run: RunFacts, next: Step): boolean {
  if (run.targets.has(next.target)) return false;
  if (run.roots.has(next.target)) return false; // rebinds a name an earlier call reads
  for (const [text, node] of next.units) {
    if (run.targets.has(rootName(text))) return false; // uses an earlier result
    if (run.units.has(text) && !safeToShare(model, node, next.scope)) return false;
  }
  return true;
}

function gatherFix(ctx: RuleContext, run: Step[]): FixInput | undefined {
  const text = ctx.model.text;
  if (run.some((s) => s.annotated)) return undefined;
  const first = run[0].stmt;
  const indent = indentBefore(text, first.startIndex);
  if (indent === null) return undefined;
  for (let i = 1; i < run.length; i++) {
    const between = text.slice(run[i - 1].stmt.endIndex, run[i].stmt.startIndex);
    if (!/^[ \t]*(\r\n|\r|\n)[ \t]*$/.test(between)) return undefined; // comments or blank lines would be lost or moved
  }
  const gather = moduleAttribute(ctx, 'asyncio.gather', first.startIndex);
  if (!gather) return undefined;
  const calls = run.map((s) => text.slice(s.call.startIndex, s.call.endIndex));
  const targets = run.map((s) => s.target).join(', ');
  const oneLine = `${targets} = await ${gather.text}(${calls.join(', ')})`;
  const eol = lineEnding(text);
  const multiLine = [`${targets} = await ${gather.text}(`, ...calls.map((c) => `${indent}    ${c},`), `${indent})`].join(eol);
  const replacement = indent.length + oneLine.length <= 88 && !calls.some((c) => /[\r\n]/.test(c)) ? oneLine : multiLine;
  return {
    title: `Await ${run.length > 2 ? `the ${run.length} calls` : run.map((s) => `\`${shortCode(s.target, 24)}\``).join(', ')} concurrently with \`${gather.text}(...)\``,
    edits: [{ start: first.startIndex, end: run[run.length - 1].stmt.endIndex, text: replacement }],
    imports: gather.imports,
    effect: needsAsync(run[0].owner),
  };
}

export const rule: Rule = {
  meta: {
    code: 'FPL109',
    id: 'sequential-independent-awaits',
    family: 'event-loop',
    severity: 'info',
    fix: 'unsafe',
    // Opt-in: on real code most consecutive awaits depend on each other in ways a linter
    // cannot prove absent (a write then a read, one session), or save milliseconds (issue 16).
    defaultEnabled: false,
    docs: {
      summary: 'Two or more consecutive `x = await call(...)` statements whose calls do not use each other\'s results and could run concurrently.',
      why: 'Each `await` waits for its call to finish before the next one starts, so three independent 100 ms calls take 300 ms. `asyncio.gather` starts them together and the route answers in about 100 ms. Only calls that can safely overlap are reported: library functions, reading methods (`get`, `fetch`, `find_one`...) of clients that serve concurrent calls (`httpx.AsyncClient`, `aiohttp.ClientSession`, `redis.asyncio.Redis`, an asyncpg pool, Motor), and async functions or methods of the workspace (in any module) that await such reads, themselves or in a helper they await, and await nothing else, set no `global` and no `self.` attribute. A helper that only computes, writes (`post`), uses a database session, or awaits anything unknown is left alone. Calls that share an `AsyncSession`, a connection, a WebSocket, the request, or anything whose type is unknown are left alone, as are bare `await x()` statements (usually run for their effect, in order). Off by default: whether two awaits are really independent (no write the next call must see, no shared transaction) is often beyond what the code shows, so select `FPL109` where you want the advice.',
      example: [
        'import httpx',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        'client = httpx.AsyncClient()',
        '',
        '@app.get("/dashboard")',
        'async def dashboard():',
        '    users = await client.get("http://users.internal/count")',
        '    orders = await client.get("http://orders.internal/count")',
        '    return {"users": users.json(), "orders": orders.json()}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        '',
        'import httpx',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        'client = httpx.AsyncClient()',
        '',
        '@app.get("/dashboard")',
        'async def dashboard():',
        '    users, orders = await asyncio.gather(',
        '        client.get("http://users.internal/count"),',
        '        client.get("http://orders.internal/count"),',
        '    )',
        '    return {"users": users.json(), "orders": orders.json()}',
      ].join('\n'),
      fixSafety: 'Unsafe: `asyncio.gather` changes the order in which the calls run and what happens when one fails (the others keep running). It is offered when the statements are plain `name = await call(...)` lines with nothing between them.',
      references: ['https://docs.python.org/3/library/asyncio-task.html#asyncio.gather', 'https://docs.sqlalchemy.org/en/20/orm/extensions/asyncio.html#using-asyncio-scoped-session'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const steps: Step[] = [];
    const memo: HelperMemo = new Map();
    for (const aw of model.awaits) {
      const s = stepOf(ctx, aw, memo);
      if (s) steps.push(s);
    }
    steps.sort((a, b) => a.stmt.startIndex - b.stmt.startIndex);
    const flush = (run: Step[]): void => {
      if (run.length < 2) return;
      const names = run.length > 2 ? [`\`${shortCode(run[0].target, 16)}\``, `${run.length - 1} more`] : run.map((s) => `\`${shortCode(s.target, 16)}\``);
      ctx.report({
        start: run[0].stmt.startIndex,
        end: run[run.length - 1].stmt.endIndex,
        message: `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are awaited one by one, though independent; use \`asyncio.gather(...)\``,
        fix: gatherFix(ctx, run),
      });
    };
    let run: Step[] = [];
    let facts = runFacts(run);
    for (const s of steps) {
      const prev = run[run.length - 1];
      let next = prev?.stmt.nextNamedSibling ?? null;
      while (next?.type === 'comment') next = next.nextNamedSibling;
      const adjacent = !!prev && next?.id === s.stmt.id;
      if (adjacent && independent(model, facts, s)) {
        run.push(s);
        addStep(facts, s);
        continue;
      }
      flush(run);
      run = [s];
      facts = runFacts(run);
    }
    flush(run);
  },
};
