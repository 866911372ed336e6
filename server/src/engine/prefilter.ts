// The prefilter: which files can have findings at all, judged from their text, so the CLI
// can leave the others unparsed (their summaries are still built on demand if a linted file
// asks about them). Sound by construction for the rule set:
// - event-loop rules need an `async def` in the file itself (blocking calls, awaits,
//   transitive chains all start in async code);
// - every other rule needs a library the rules know (FastAPI, Starlette, Pydantic,
//   SQLAlchemy and drivers, HTTP clients, gunicorn...) in the file, or in a workspace module
//   it imports, directly or through other modules (a router, a model class or a settings
//   class defined elsewhere);
// - gunicorn configuration files by name.
// A test lints the standard library and the FastAPI corpus with and without it and compares.
import * as path from 'node:path';

const ASYNC = /\basync[ \t]+def\b/;
/** Libraries the non-event-loop rules know about: a file must import one (or import a module that does). */
const LIBRARIES = new Set(['fastapi', 'starlette', 'pydantic', 'pydantic_settings', 'sqlmodel', 'sqlalchemy', 'psycopg', 'psycopg2', 'pymysql', 'MySQLdb', 'mysql', 'pymongo', 'motor', 'redis', 'requests', 'httpx', 'aiohttp', 'urllib3', 'orjson', 'ujson', 'bcrypt', 'passlib', 'argon2', 'tortoise', 'ormar', 'beanie', 'databases', 'asyncpg', 'aiosqlite', 'gunicorn', 'uvicorn']);
const IMPORTS = /^[ \t]*(?:from[ \t]+([\p{L}\p{N}_]+)[\p{L}\p{N}_.]*[ \t]+import\b|import[ \t]+([^\n#]+))/gmu;

/** True when the text imports one of the libraries (absolute imports only: relative ones are workspace modules). */
function importsLibrary(text: string): boolean {
  IMPORTS.lastIndex = 0;
  for (let m = IMPORTS.exec(text); m; m = IMPORTS.exec(text)) {
    if (m[1] !== undefined) {
      if (LIBRARIES.has(m[1])) return true;
    } else {
      for (const part of m[2].replace(/[()\\]/g, ' ').split(',')) if (LIBRARIES.has(part.trim().split(/[\s.]/)[0])) return true;
    }
  }
  return false;
}
const GUNICORN = new Set(['gunicorn.conf.py', 'gunicorn_conf.py']);

export function shouldLint(
  files: ReadonlyArray<{ path: string }>,
  textOf: (path: string) => string | undefined,
  depsOf: (path: string) => readonly string[],
): Set<string> {
  const lib = new Set<string>();
  const importers = new Map<string, string[]>();
  for (const f of files) {
    const t = textOf(f.path);
    if (t !== undefined && importsLibrary(t)) lib.add(f.path);
    for (const d of depsOf(f.path)) (importers.get(d) ?? importers.set(d, []).get(d)!).push(f.path);
  }
  // Importers of library-using modules can see their routers, models and settings.
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
  const out = new Set<string>();
  for (const f of files) {
    const t = textOf(f.path);
    // Unreadable or skipped files stay in the list so their note is shown.
    if (t === undefined || lib.has(f.path) || ASYNC.test(t) || GUNICORN.has(path.basename(f.path))) out.add(f.path);
  }
  return out;
}
