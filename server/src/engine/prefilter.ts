// The prefilter: which files can have findings at all, judged from their text, so the CLI
// can leave the others unparsed (their summaries are still built on demand if a linted file
// asks about them). Sound by construction for the rule set:
// - event-loop rules need an `async def` in the file itself (blocking calls, awaits,
//   transitive chains all start in async code);
// - every other rule needs a library the rules know (FastAPI, Starlette, Pydantic,
//   SQLAlchemy and drivers, HTTP clients, gunicorn...) in the file, or in a workspace module
//   it imports, directly or through other modules (a router, a model class or a settings
//   class defined elsewhere), or be imported by such a file (a sync dependency with no
//   imports of its own, used through `Depends(...)` by a FastAPI module: FPL112);
// - gunicorn configuration files by name.
// A test lints the standard library and the FastAPI corpus with and without it and compares.
import * as path from 'node:path';

const ASYNC = /\basync[ \t]+def\b/;
/** Libraries the non-event-loop rules know about: a file must import one (or import a module that does). */
const LIBRARIES = new Set(['fastapi', 'starlette', 'pydantic', 'pydantic_settings', 'sqlmodel', 'sqlalchemy', 'psycopg', 'psycopg2', 'pymysql', 'MySQLdb', 'mysql', 'pymongo', 'motor', 'redis', 'requests', 'httpx', 'aiohttp', 'urllib3', 'orjson', 'ujson', 'bcrypt', 'passlib', 'argon2', 'tortoise', 'ormar', 'beanie', 'databases', 'asyncpg', 'aiosqlite', 'sqlite3', 'gunicorn', 'uvicorn']);
const IMPORTS = /^[ \t]*(?:from[ \t]+([\p{L}\p{N}_]+)[\p{L}\p{N}_.]*[ \t]+import\b|import[ \t]+([^\n#]+))/gmu;

const FRAMEWORK = new Set(['fastapi', 'starlette']);

/**
 * Known libraries the text imports (absolute imports only: relative ones are workspace
 * modules; so is a library name the workspace itself provides, as `sqlite3` in the stdlib).
 */
function librariesImported(text: string, isWorkspace: (name: string) => boolean): Set<string> {
  const out = new Set<string>();
  const add = (name: string): void => {
    if (LIBRARIES.has(name) && !isWorkspace(name)) out.add(name);
  };
  IMPORTS.lastIndex = 0;
  for (let m = IMPORTS.exec(text); m; m = IMPORTS.exec(text)) {
    if (m[1] !== undefined) add(m[1]);
    else for (const part of m[2].replace(/[()\\]/g, ' ').split(',')) add(part.trim().split(/[\s.]/)[0]);
  }
  return out;
}
const GUNICORN = new Set(['gunicorn.conf.py', 'gunicorn_conf.py']);

/**
 * The files to lint:
 * - files with an `async def` (the event-loop rules);
 * - files importing a known library, and every workspace module that imports one of those,
 *   at any depth (routers, models, settings, sessions flow through imports);
 * - modules imported by FastAPI/Starlette files (a plain dependency function may live there);
 * - gunicorn configuration files.
 */
export function shouldLint(
  files: ReadonlyArray<{ path: string }>,
  textOf: (path: string) => string | undefined,
  depsOf: (path: string) => readonly string[],
  isWorkspace: (name: string) => boolean = () => false,
): Set<string> {
  const lib = new Set<string>();
  const framework: string[] = [];
  const importers = new Map<string, string[]>();
  for (const f of files) {
    const t = textOf(f.path);
    if (t !== undefined) {
      const libs = librariesImported(t, isWorkspace);
      if (libs.size > 0) lib.add(f.path);
      if ([...libs].some((l) => FRAMEWORK.has(l))) framework.push(f.path);
    }
    for (const d of depsOf(f.path)) (importers.get(d) ?? importers.set(d, []).get(d)!).push(f.path);
  }
  // Importers of library-using modules can see their routers, models, settings and sessions.
  const queue = [...lib];
  while (queue.length > 0) {
    const p = queue.pop()!;
    for (const imp of importers.get(p) ?? []) {
      if (!lib.has(imp)) {
        lib.add(imp);
        queue.push(imp);
      }
    }
  }
  for (const f of framework) for (const d of depsOf(f)) lib.add(d);
  const out = new Set<string>();
  for (const f of files) {
    const t = textOf(f.path);
    // Unreadable or skipped files stay in the list so their note is shown.
    if (t === undefined || lib.has(f.path) || ASYNC.test(t) || GUNICORN.has(path.basename(f.path))) out.add(f.path);
  }
  return out;
}
