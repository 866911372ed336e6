// What serves requests and what never does. A file's role comes from its path: tests
// (pytest's conventions), scripts, migrations, `__main__` modules and docs never serve a
// request. A function is offline when only offline code reaches it: functions of offline
// files and CLI commands (typer, click) are the offline roots; routes, dependencies and what
// they call are the serving ones (CallGraph.offlineOnly). Quiet by default: findings in
// offline code are not worth a team's time (issue 16).

type FileRole = 'serving' | 'test' | 'script' | 'migration';

/** Folders whose files never serve a request. */
const FOLDER_ROLES: ReadonlyMap<string, FileRole> = new Map([
  ['tests', 'test'],
  ['test', 'test'],
  ['__tests__', 'test'],
  ['scripts', 'script'],
  ['cli', 'script'],
  ['docs', 'script'],
  ['docs_src', 'script'],
  ['migrations', 'migration'],
  ['alembic', 'migration'],
]);

/** Decorators that make a function a command-line or test entry point. */
export const OFFLINE_DECORATORS: ReadonlySet<string> = new Set([
  'typer.Typer.command',
  'typer.Typer.callback',
  'click.command',
  'click.group',
  'click.Group.command',
  'click.Group.group',
  'pytest.fixture',
  'pytest_asyncio.fixture',
]);

/** Alembic's `context` exists only while the `alembic` command runs a migration environment (`env.py`, wherever it lives). */
export const MIGRATION_ENVIRONMENT = /^alembic\.context$/;

/** Building or configuring an app or a router: `FastAPI()`, `APIRouter()` and their methods (`add_middleware`, `include_router` ...). */
export const APP_API = /^(fastapi\.(FastAPI|APIRouter)|starlette\.applications\.Starlette)(\.[a-z_]+)?$/;

/** The role of a file from its path parts (folders, then the file name without `.py`). */
function roleOfParts(parts: readonly string[]): FileRole {
  const name = parts[parts.length - 1] ?? '';
  if (name === 'conftest' || name === 'tests' || name.startsWith('test_') || name.endsWith('_test')) return 'test';
  if (name === '__main__' || name === 'setup' || name === 'noxfile' || name === 'manage') return 'script';
  for (const folder of parts.slice(0, -1)) {
    const role = FOLDER_ROLES.get(folder);
    if (role) return role;
  }
  return 'serving';
}

/** The role of a module from its dotted name (`tests.api.test_items`). */
export function roleOfModule(module: string): FileRole {
  return roleOfParts(module.split('.'));
}
