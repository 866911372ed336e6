// Version detection over sample projects of each kind, written to temp folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { poetryToPep440, versionFromSpecifier, VersionResolver } from '../../server/src/engine/versions';
import { atLeast, describeVersion, type ProjectVersions } from '../../server/src/ruleApi/versions';
import { tempDir } from '../tempDir';

/** A repository in a temp folder (a `.git` folder marks its top) with the given files. */
function repo(files: Record<string, string>): string {
  const dir = tempDir('fpl-versions-');
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function brief(v: ProjectVersions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, pv] of Object.entries(v)) out[k] = `${pv.version} @ ${pv.source}`;
  return out;
}

const UV_LOCK = `version = 1
requires-python = ">=3.11"

[[package]]
name = "fastapi"
version = "0.115.12"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pydantic" }, { name = "starlette" }]

[[package]]
name = "pydantic"
version = "2.10.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "starlette"
version = "0.46.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "SQLAlchemy"
version = "2.0.40"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "svc"
version = "0.1.0"
source = { editable = "." }
`;

test('uv.lock: exact versions, names normalised', () => {
  const dir = repo({ 'uv.lock': UV_LOCK, 'app/main.py': '' });
  const v = new VersionResolver().versionsFor(join(dir, 'app/main.py'));
  assert.deepEqual(brief(v), {
    fastapi: '0.115.12 @ uv.lock',
    pydantic: '2.10.6 @ uv.lock',
    starlette: '0.46.1 @ uv.lock',
    sqlalchemy: '2.0.40 @ uv.lock',
  });
  assert.equal(describeVersion('fastapi', v.fastapi), 'FastAPI 0.115.12 from uv.lock');
});

test('poetry.lock', () => {
  const dir = repo({
    'poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.110.3"\noptional = false\n\n[[package]]\nname = "orjson"\nversion = "3.10.7"\n\n[metadata]\nlock-version = "2.0"\n',
    'main.py': '',
  });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'main.py'))), { fastapi: '0.110.3 @ poetry.lock', orjson: '3.10.7 @ poetry.lock' });
});

test('Pipfile.lock: default and develop sections; orjson only from default (the app runs without develop)', () => {
  const lock = { _meta: {}, default: { fastapi: { version: '==0.128.0' } }, develop: { pydantic: { version: '==2.11.1' }, orjson: { version: '==3.10.0' } } };
  const dir = repo({ 'Pipfile.lock': JSON.stringify(lock), 'Pipfile': '', 'api.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'api.py'))), {
    fastapi: '0.128.0 @ Pipfile.lock',
    pydantic: '2.11.1 @ Pipfile.lock',
  });
});

test('uv.lock: orjson counts when the workspace member\'s dependencies reach it, not through its test extra', () => {
  const lock = (viaRuntime: boolean): string =>
    [
      'version = 1',
      '[[package]]',
      'name = "app"',
      'version = "0.1.0"',
      'source = { editable = "." }',
      `dependencies = [{ name = "fastapi" }${viaRuntime ? ', { name = "client", extra = ["fast"] }' : ''}]`,
      '[package.optional-dependencies]',
      'tests = [{ name = "langsmith" }]',
      '[[package]]',
      'name = "fastapi"',
      'version = "0.115.12"',
      'source = { registry = "https://pypi.org/simple" }',
      '[[package]]',
      'name = "langsmith"',
      'version = "0.3.0"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [{ name = "orjson" }]',
      '[[package]]',
      'name = "client"',
      'version = "1.0.0"',
      'source = { registry = "https://pypi.org/simple" }',
      '[package.optional-dependencies]',
      'fast = [{ name = "orjson" }]',
      '[[package]]',
      'name = "orjson"',
      'version = "3.10.15"',
      'source = { registry = "https://pypi.org/simple" }',
      '',
    ].join('\n');
  const tests = repo({ 'uv.lock': lock(false), 'main.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(tests, 'main.py'))), { fastapi: '0.115.12 @ uv.lock' });
  const runtime = repo({ 'uv.lock': lock(true), 'main.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(runtime, 'main.py'))), { fastapi: '0.115.12 @ uv.lock', orjson: '3.10.15 @ uv.lock' });
});

test('poetry.lock and pyproject.toml: orjson of a development group does not count', () => {
  const dir = repo({
    'poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.110.3"\ngroups = ["main"]\n\n[[package]]\nname = "orjson"\nversion = "3.10.7"\ngroups = ["dev"]\n\n[metadata]\nlock-version = "2.1"\n',
    'pyproject.toml': '[tool.poetry.dependencies]\nfastapi = "^0.110"\n[tool.poetry.group.dev.dependencies]\norjson = "^3.10"\n',
    'main.py': '',
  });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'main.py'))), { fastapi: '0.110.3 @ poetry.lock' });
});

test('requirements.txt: pins, compatible release, lower bounds, includes, markers, hashes', () => {
  const dir = repo({
    'requirements.txt': [
      '# service deps',
      '-r requirements/base.txt',
      'fastapi==0.115.12 ; python_version >= "3.9"  # pinned',
      'pydantic~=2.10.0 \\',
      '    --hash=sha256:abc',
      '-e ./libs/common',
    ].join('\n'),
    'requirements/base.txt': 'SQLAlchemy>=2.0.30,<2.1\nstarlette[full] >= 0.40\n',
    'app.py': '',
  });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'app.py'))), {
    fastapi: '0.115.12 @ requirements.txt',
    pydantic: '2.10.0 @ requirements.txt (lower bound of ~=2.10.0)',
    sqlalchemy: '2.0.30 @ requirements.txt (lower bound of >=2.0.30,<2.1)',
    starlette: '0.40 @ requirements.txt (lower bound of >=0.40)',
  });
});

test('requirements: fastapi[all] brings orjson; other requirements files are read too', () => {
  const dir = repo({ 'requirements.txt': 'fastapi[all]>=0.100.0\n', 'requirements-dev.txt': 'pydantic==2.5.0\n', 'm.py': '' });
  const v = new VersionResolver().versionsFor(join(dir, 'm.py'));
  assert.deepEqual(brief(v), {
    fastapi: '0.100.0 @ requirements.txt (lower bound of >=0.100.0)',
    orjson: '* @ requirements.txt (through fastapi[all])',
    pydantic: '2.5.0 @ requirements-dev.txt',
  });
  assert.equal(describeVersion('orjson', v.orjson), 'orjson from requirements.txt (through fastapi[all])');
});

test('pyproject.toml: PEP 621 dependencies, optional dependencies and dependency groups', () => {
  const dir = repo({
    'pyproject.toml': [
      '[project]',
      'name = "svc"',
      'dependencies = ["fastapi>=0.136.0", "starlette>=0.47,<1.0", "httpx"]',
      '[project.optional-dependencies]',
      'fast = ["orjson>=3.10"]',
      '[dependency-groups]',
      'dev = ["pydantic==2.12.4", { include-group = "lint" }]',
      'lint = ["ruff"]',
    ].join('\n'),
    'src/svc/main.py': '',
  });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'src/svc/main.py'))), {
    fastapi: '0.136.0 @ pyproject.toml (lower bound of >=0.136.0)',
    starlette: '0.47 @ pyproject.toml (lower bound of >=0.47,<1.0)',
    orjson: '3.10 @ pyproject.toml (lower bound of >=3.10)',
    pydantic: '2.12.4 @ pyproject.toml',
    // Only whether the project uses Ruff matters (the engine leaves Ruff what it reports too).
    ruff: '* @ pyproject.toml',
  });
});

test('Ruff as a pre-commit hook that lints, with the revision of ruff-pre-commit; a formatting hook does not count', () => {
  const hook = (id: string) => `repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: "v0.17.4"\n    hooks:\n      - id: ${id}\n        args: [--fix]\n`;
  const lints = repo({ '.pre-commit-config.yaml': hook('ruff-check'), 'app/main.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(lints, 'app/main.py'))), { ruff: '0.17.4 @ .pre-commit-config.yaml' });
  const formats = repo({ '.pre-commit-config.yaml': hook('ruff-format'), 'app/main.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(formats, 'app/main.py'))), {});
});

test('pyproject.toml: Poetry tables (caret, tilde, tables with extras, groups)', () => {
  const dir = repo({
    'pyproject.toml': [
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'fastapi = { version = "^0.115.0", extras = ["all"] }',
      'SQLAlchemy = "~2.0.36"',
      '[tool.poetry.group.dev.dependencies]',
      'pydantic = "2.9.2"',
    ].join('\n'),
    'main.py': '',
  });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'main.py'))), {
    fastapi: '0.115.0 @ pyproject.toml (lower bound of ^0.115.0)',
    orjson: '* @ pyproject.toml (through fastapi[all])',
    sqlalchemy: '2.0.36 @ pyproject.toml (lower bound of ~2.0.36)',
    pydantic: '2.9.2 @ pyproject.toml',
  });
});

test('an installed .venv wins over the lock file; Windows layout too', () => {
  const dir = repo({
    'uv.lock': UV_LOCK,
    '.venv/lib/python3.12/site-packages/fastapi-0.116.1.dist-info/METADATA': '',
    '.venv/lib/python3.12/site-packages/SQLAlchemy-2.0.41.dist-info/METADATA': '',
    'main.py': '',
  });
  const v = new VersionResolver().versionsFor(join(dir, 'main.py'));
  assert.equal(v.fastapi?.version, '0.116.1');
  assert.equal(v.fastapi?.source, '.venv');
  assert.equal(v.sqlalchemy?.version, '2.0.41');
  assert.equal(v.pydantic?.source, 'uv.lock', 'packages the venv lacks come from the next source');
  const win = repo({ 'venv/Lib/site-packages/fastapi-0.99.0.dist-info/RECORD': '', 'm.py': '' });
  assert.equal(brief(new VersionResolver().versionsFor(join(win, 'm.py'))).fastapi, '0.99.0 @ venv');
});

test('monorepo: each service reads its own root first, the repository top fills the gaps', () => {
  const dir = repo({
    'uv.lock': '[[package]]\nname = "fastapi"\nversion = "0.136.1"\n\n[[package]]\nname = "sqlalchemy"\nversion = "2.0.44"\n',
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["services/*"]\n',
    'services/orders/requirements.txt': 'fastapi==0.115.12\norjson==3.10.15\n',
    'services/orders/orders/api/routes.py': '',
    'services/catalog/pyproject.toml': '[project]\nname = "catalog"\ndependencies = ["fastapi>=0.131"]\n',
    'services/catalog/catalog/main.py': '',
    'tools/script.py': '',
  });
  const r = new VersionResolver({ displayRoot: dir });
  assert.deepEqual(brief(r.versionsFor(join(dir, 'services/orders/orders/api/routes.py'))), {
    fastapi: '0.115.12 @ services/orders/requirements.txt',
    orjson: '3.10.15 @ services/orders/requirements.txt',
    sqlalchemy: '2.0.44 @ uv.lock',
  });
  assert.deepEqual(brief(r.versionsFor(join(dir, 'services/catalog/catalog/main.py'))), {
    fastapi: '0.131 @ services/catalog/pyproject.toml (lower bound of >=0.131)',
    sqlalchemy: '2.0.44 @ uv.lock',
  });
  assert.deepEqual(brief(r.versionsFor(join(dir, 'tools/script.py'))), { fastapi: '0.136.1 @ uv.lock', sqlalchemy: '2.0.44 @ uv.lock' });
  assert.deepEqual(r.rootsFor(join(dir, 'services/orders/orders/api/routes.py')), [join(dir, 'services/orders'), dir]);
});

test('the fastapi-version setting overrides the project; invalid settings are ignored', () => {
  const dir = repo({ 'uv.lock': UV_LOCK, 'main.py': '' });
  const v = new VersionResolver({ fastapiVersion: '0.131.0', settingName: 'fastapiPerf.fastapiVersion' }).versionsFor(join(dir, 'main.py'));
  assert.equal(describeVersion('fastapi', v.fastapi), 'FastAPI 0.131.0 from fastapiPerf.fastapiVersion');
  assert.equal(v.pydantic?.version, '2.10.6');
  assert.equal(new VersionResolver({ fastapiVersion: 'latest!' }).versionsFor(join(dir, 'main.py')).fastapi?.version, '0.115.12');
});

test('nothing found: unknown, which means the latest', () => {
  const dir = repo({ 'main.py': '' });
  const v = new VersionResolver().versionsFor(join(dir, 'main.py'));
  assert.deepEqual(v, {});
  assert.equal(atLeast(v.fastapi, '0.130'), true);
  assert.equal(describeVersion('fastapi', v.fastapi), 'no FastAPI version found, assuming the latest');
});

test('broken files never throw and fall through to the next source', () => {
  const dir = repo({ 'uv.lock': '[[package]\nname = ', 'Pipfile.lock': '{not json', 'requirements.txt': 'fastapi===\n\u0000\nfastapi==0.120.0\n', 'main.py': '' });
  assert.deepEqual(brief(new VersionResolver().versionsFor(join(dir, 'main.py'))), { fastapi: '0.120.0 @ requirements.txt' });
});

test('cached per project root until cleared', () => {
  const dir = repo({ 'requirements.txt': 'fastapi==0.100.0\n', 'a.py': '', 'pkg/b.py': '' });
  const r = new VersionResolver();
  const first = r.versionsFor(join(dir, 'a.py'));
  assert.equal(r.versionsFor(join(dir, 'pkg/b.py')), first, 'same root, same object');
  writeFileSync(join(dir, 'requirements.txt'), 'fastapi==0.131.0\n');
  assert.equal(r.versionsFor(join(dir, 'a.py')).fastapi?.version, '0.100.0');
  r.clear();
  assert.equal(r.versionsFor(join(dir, 'a.py')).fastapi?.version, '0.131.0');
});

test('stopAt keeps the search inside a folder', () => {
  const dir = repo({ 'requirements.txt': 'fastapi==0.100.0\n', 'inner/x/m.py': '' });
  assert.deepEqual(new VersionResolver({ stopAt: join(dir, 'inner') }).versionsFor(join(dir, 'inner/x/m.py')), {});
});

test('specifier helpers', () => {
  assert.deepEqual(versionFromSpecifier('==1.2.3'), { version: '1.2.3' });
  assert.deepEqual(versionFromSpecifier('>=1.2,<2'), { version: '1.2', spec: '>=1.2,<2' });
  assert.deepEqual(versionFromSpecifier('>=1.2,>=1.4'), { version: '1.4', spec: '>=1.2,>=1.4' });
  assert.deepEqual(versionFromSpecifier('==0.115.*'), { version: '0.115', spec: '==0.115.*' });
  assert.equal(versionFromSpecifier('<2'), null);
  assert.equal(versionFromSpecifier(''), null);
  assert.equal(versionFromSpecifier('not a spec'), null);
  assert.equal(poetryToPep440('^0.115.0'), '>=0.115.0');
  assert.equal(poetryToPep440('~2.0'), '>=2.0');
  assert.equal(poetryToPep440('~=2.0'), '~=2.0');
  assert.equal(poetryToPep440('1.2.3'), '==1.2.3');
  assert.equal(poetryToPep440('>=1,<2 || >=3'), '>=1,<2');
  assert.equal(poetryToPep440('*'), '');
  assert.equal(atLeast({ version: '0.129.9', source: 'x' }, '0.130'), false);
  assert.equal(atLeast({ version: '0.130.0', source: 'x' }, '0.130'), true);
  assert.equal(atLeast({ version: '1.0.0rc1', source: 'x' }, '1.0'), false);
});
