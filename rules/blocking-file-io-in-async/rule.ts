import type { Rule } from '../../server/src/ruleApi/rule';
import { checkBlockingFamily } from '../shared/blockingFamily';

export const rule: Rule = {
  meta: {
    code: 'FPL104',
    id: 'blocking-file-io-in-async',
    family: 'event-loop',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services half of the sampled findings were
    // once-per-install copies and small folders; whether a tree is large is not in the code.
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: 'Sync file-system work that walks or packs a whole folder tree (`shutil.make_archive`, `unpack_archive`, `copytree`, `os.walk`, `Path.rglob`, `Path.walk`) or waits at the terminal (`input`) inside an `async def`; with `report-file-io`, one file\'s content too (`open`, `Path.read_text`/`write_bytes`, `shutil.copy`/`rmtree`, file-object reads and writes); with `report-light-io`, stat-like calls (`os.path.exists`, `mkdir`).',
      why: 'In an `async def` the event loop waits for the disk, and with it every other request of the worker. A folder tree costs what its files add up to: zipping a browser profile or walking an upload folder takes seconds. One file\'s content takes microseconds from the page cache or hundreds of milliseconds from a cold disk or NFS: the code rarely shows which, so those calls count only when `report-file-io` is on (measured on 13 public FastAPI services, most were small files on rare paths). String-only helpers (`os.path.join`, `dirname`, `basename`, `splitext`, `normpath`, ...) and constructing a `Path` are not I/O and are never reported. Off by default: on 13 public FastAPI services half of the findings were once-per-install copies and small folders; select `FPL104` (with `report-file-io` for single files) for a service that moves large files on its request paths.',
      example: [
        'import shutil',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.post("/exports/{name}")',
        'async def export(name: str):',
        '    path = shutil.make_archive(f"/tmp/{name}", "zip", f"/data/{name}")',
        '    return {"path": path}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        'import shutil',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.post("/exports/{name}")',
        'async def export(name: str):',
        '    path = await asyncio.to_thread(shutil.make_archive, f"/tmp/{name}", "zip", f"/data/{name}")',
        '    return {"path": path}',
      ].join('\n'),
      fixSafety: 'Unsafe: the call is wrapped in `await asyncio.to_thread(...)`. For `open()` used as a context manager only the open moves to a thread; the reads and writes on the file object are reported on their own. No fix inside a generator expression, when the result feeds another blocking call (`open(p).read()`), or for calls that return a lazy iterator (`os.walk`, `Path.rglob`, `Path.glob`, `iterdir`, `scandir`, `glob.iglob`), whose disk work happens while the caller iterates.',
      references: ['https://anyio.readthedocs.io/en/stable/fileio.html', 'https://docs.astral.sh/ruff/rules/blocking-open-call-in-async-function/', 'https://docs.astral.sh/ruff/rules/blocking-path-method-in-async-function/'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'file', waits: 'while it waits for the file system', fix: 'asyncio.to_thread' });
  },
};
