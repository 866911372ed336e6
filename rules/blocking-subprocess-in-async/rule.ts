import type { Rule } from '../../server/src/ruleApi/rule';
import { checkBlockingFamily } from '../shared/blockingFamily';

export const rule: Rule = {
  meta: {
    code: 'FPL105',
    id: 'blocking-subprocess-in-async',
    family: 'event-loop',
    severity: 'error',
    fix: 'none',
    docs: {
      summary: 'A process started, run or waited for with a sync API (`subprocess.*`, `os.system`, `os.popen`, `os.spawn*`, `os.wait*`, `Popen.wait/communicate`) inside an `async def`.',
      why: '`subprocess.run` and friends wait until the child process exits; `os.system` and `os.wait*` too. In an `async def` the event loop is stopped for the whole life of the process: a 2-second PDF render stops every request of the worker for 2 seconds. `asyncio.create_subprocess_exec` starts the process and lets the loop serve others until it finishes.',
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
    checkBlockingFamily(ctx, { family: 'subprocess', waits: 'while it starts or waits for a child process', fix: 'none' });
  },
};
