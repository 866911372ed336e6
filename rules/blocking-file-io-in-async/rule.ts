import type { Rule } from '../../server/src/ruleApi/rule';
import { checkBlockingFamily } from '../shared/blockingFamily';

export const rule: Rule = {
  meta: {
    code: 'FPL104',
    id: 'blocking-file-io-in-async',
    family: 'event-loop',
    severity: 'warning',
    fix: 'unsafe',
    docs: {
      summary: 'Sync file-system I/O (`open`, `pathlib.Path` I/O methods, `os`/`os.path` calls that touch the disk, `shutil`, file-object reads and writes, `input`) inside an `async def`.',
      why: 'Disk and network file systems are slow and unpredictable: a read can take microseconds from the page cache or hundreds of milliseconds from a cold disk or NFS. In an `async def` the event loop waits for it, and with it every other request of the worker. String-only helpers (`os.path.join`, `dirname`, `basename`, `splitext`, `normpath`, ...) and constructing a `Path` are not I/O and are not reported.',
      example: [
        'from pathlib import Path',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        'TEMPLATES = Path("templates")',
        '',
        '@app.get("/terms")',
        'async def terms():',
        '    return {"text": (TEMPLATES / "terms.txt").read_text()}',
      ].join('\n'),
      useInstead: [
        'import anyio',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        'TEMPLATES = anyio.Path("templates")',
        '',
        '@app.get("/terms")',
        'async def terms():',
        '    return {"text": await (TEMPLATES / "terms.txt").read_text()}',
      ].join('\n'),
      fixSafety: 'Unsafe: the call is wrapped in `await asyncio.to_thread(...)`. For `open()` used as a context manager only the open moves to a thread; the reads and writes on the file object are reported on their own. No fix inside a generator expression, or when the result feeds another blocking call (`open(p).read()`).',
      references: ['https://anyio.readthedocs.io/en/stable/fileio.html', 'https://docs.astral.sh/ruff/rules/blocking-open-call-in-async-function/', 'https://docs.astral.sh/ruff/rules/blocking-path-method-in-async-function/'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'file', waits: 'while it waits for the file system', fix: 'asyncio.to_thread' });
  },
};
