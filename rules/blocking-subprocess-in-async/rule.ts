import { stripParens, unwrap } from '../../server/src/analysis/expressions';
import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import type { BlockingCall } from '../shared/asyncCalls';
import { checkBlockingFamily } from '../shared/blockingFamily';

const POPEN = 'subprocess.Popen';
const WAITS = new Set(['subprocess.Popen.wait', 'subprocess.Popen.communicate']);

/** The object of a method call (`proc` in `proc.wait()`). */
function receiver(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? stripParens(fn.childForFieldName('object')) : null;
}

/** Two expressions naming the same variable (`proc`, `self.proc`): the same text, its root bound by the same binding. */
function sameVariable(model: FileModel, a: Node, b: Node): boolean {
  if (a.text !== b.text) return false;
  let ra: Node | null = a;
  let rb: Node | null = b;
  while (ra?.type === 'attribute') ra = ra.childForFieldName('object');
  while (rb?.type === 'attribute') rb = rb.childForFieldName('object');
  if (ra?.type !== 'identifier' || rb?.type !== 'identifier') return false;
  const ba = model.bindingOf(ra.text, model.scopeAt(ra.startIndex), ra.startIndex);
  const bb = model.bindingOf(rb.text, model.scopeAt(rb.startIndex), rb.startIndex);
  return 'binding' in ba && 'binding' in bb ? ba.binding === bb.binding : !('binding' in ba) && !('binding' in bb);
}

/** `proc.poll() is not None` (`exited`), `proc.poll() is None` (running), for the process `proc`; else null. */
function pollTest(model: FileModel, cond: Node | null, proc: Node): 'exited' | 'running' | null {
  const c = unwrap(cond);
  if (c?.type !== 'comparison_operator') return null;
  const kids = c.children.filter((k): k is Node => !!k);
  if (kids.length !== 3 && kids.length !== 4) return null;
  const left = unwrap(kids[0]);
  const right = unwrap(kids[kids.length - 1]);
  const op = kids.slice(1, -1).map((k) => k.type).join(' ');
  if (right?.type !== 'none' || left?.type !== 'call' || (op !== 'is' && op !== 'is not')) return null;
  const fn = left.childForFieldName('function');
  const recv = receiver(left);
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'poll' || !recv || !sameVariable(model, recv, proc)) return null;
  return op === 'is not' ? 'exited' : 'running';
}

/**
 * Whether the process a `wait()`/`communicate()` is about has already exited there: the call
 * sits under `if proc.poll() is not None:` (or the `else` of `is None`), or follows a
 * `while proc.poll() is None:` loop in its block. It then only reaps the child: no wait.
 */
function alreadyExited(model: FileModel, owner: Scope, call: Node): boolean {
  const proc = receiver(call);
  if (!proc) return false;
  for (let n: Node = call; n.parent && n.id !== owner.node?.id; n = n.parent) {
    const p = n.parent;
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const test = pollTest(model, p.childForFieldName('condition'), proc);
      if (test === 'exited' && p.childForFieldName('consequence')?.id === n.id) return true;
    }
    if (p.type === 'if_statement' && n.type === 'else_clause' && pollTest(model, p.childForFieldName('condition'), proc) === 'running') return true;
    if (p.type === 'block') {
      for (const stmt of p.namedChildren) {
        if (!stmt || stmt.startIndex >= n.startIndex) break;
        if (stmt.type === 'while_statement' && pollTest(model, stmt.childForFieldName('condition'), proc) === 'running') return true;
      }
    }
  }
  return false;
}

/**
 * What a process call costs the loop. `Popen` forks and execs, as asyncio's own subprocess
 * does on the loop, then returns: it stalls the loop only when waited for right away
 * (`with Popen(...)` waits at exit, `Popen(...).communicate()`); a later `wait()` is reported
 * where it is. A wait for a process already seen to exit returns at once.
 */
function costs(ctx: RuleContext, b: BlockingCall): 'now' | 'no' {
  if (b.q === POPEN) {
    let node: Node = b.call.node;
    while (node.parent?.type === 'parenthesized_expression') node = node.parent;
    const inWith = node.parent?.type === 'with_item' || (node.parent?.type === 'as_pattern' && node.parent.parent?.type === 'with_item');
    return inWith || b.feedsBlockingCall ? 'now' : 'no';
  }
  return WAITS.has(b.q) && alreadyExited(ctx.model, b.owner, b.call.node) ? 'no' : 'now';
}

export const rule: Rule = {
  meta: {
    code: 'FPL105',
    id: 'blocking-subprocess-in-async',
    family: 'event-loop',
    severity: 'error',
    fix: 'none',
    docs: {
      summary: 'A process started, run or waited for with a sync API (`subprocess.*`, `os.system`, `os.popen`, `os.spawn*`, `os.wait*`, `Popen.wait/communicate`, `pdfkit` (wkhtmltopdf), `multiprocessing` process joins and pool calls) inside an `async def`.',
      why: '`subprocess.run` and friends wait until the child process exits; `os.system` and `os.wait*` too. In an `async def` the event loop is stopped for the whole life of the process: a 2-second PDF render stops every request of the worker for 2 seconds. `asyncio.create_subprocess_exec` starts the process and lets the loop serve others until it finishes. `subprocess.Popen` alone only starts the child (a fork and exec, which asyncio\'s own subprocess does on the loop too): it is reported when it is waited for at once (`with Popen(...)`, `Popen(...).communicate()`), and a later `wait()` or `communicate()` where it is; a wait for a process already seen to exit (under `if proc.poll() is not None:`, after `while proc.poll() is None:`) returns at once and is not reported.',
      example: [
        'import subprocess',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.post("/thumbnails/{name}")',
        'async def thumbnail(name: str):',
        '    subprocess.run(["convert", name, "-resize", "200x200", f"thumb-{name}"], check=True)',
        '    return {"ok": True}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.post("/thumbnails/{name}")',
        'async def thumbnail(name: str):',
        '    proc = await asyncio.create_subprocess_exec("convert", name, "-resize", "200x200", f"thumb-{name}")',
        '    await proc.wait()',
        '    return {"ok": proc.returncode == 0}',
      ].join('\n'),
      fixSafety: 'No fix: `asyncio.create_subprocess_exec` takes its arguments, pipes and return value differently from `subprocess.run`, so the rewrite needs a person.',
      references: ['https://docs.python.org/3/library/asyncio-subprocess.html', 'https://docs.astral.sh/ruff/rules/run-process-in-async-function/'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'subprocess', waits: 'while it starts or waits for a child process', fix: 'none', costs });
  },
};
