// Quiet by default (issue 16), through the CLI: code that never serves a request is not
// reported, light system calls are not reported unless asked for, and one problem gets one
// finding (a route that never awaits speaks for the blocking calls of its body).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project, run } from '../cli/harness';

interface JsonFinding {
  code: string;
  filename: string;
  message: string;
  detail?: string;
  location: { row: number; column: number };
  related: Array<{ message: string; filename: string; location: { row: number; column: number } }>;
}

const json = (dir: string, ...args: string[]): JsonFinding[] => {
  const r = run(['check', '.', '--format', 'json', '--exit-zero', ...args], dir);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonFinding[];
};
const codesByFile = (items: JsonFinding[], dir: string): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const f of items) (out[f.filename.slice(dir.length + 1)] ??= []).push(`${f.location.row}:${f.code}`);
  return out;
};

const SERVICE = {
  'pyproject.toml': '[project]\nname = "svc"\n',
  'app/__init__.py': '',
  // A helper both a route and a test call: it serves requests.
  'app/services.py': [
    'import time',
    '',
    '',
    'async def shared():',
    '    time.sleep(1)',
    '',
    '',
    'async def only_for_tests():',
    '    time.sleep(1)',
    '',
    '',
    'async def only_for_the_cli():',
    '    time.sleep(1)',
    '',
    '',
    'async def nobody_calls_me():',
    '    time.sleep(1)',
    '',
  ].join('\n'),
  'app/main.py': [
    'from fastapi import FastAPI',
    'from app.services import shared',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/")',
    'async def index():',
    '    await shared()',
    '    return {}',
    '',
  ].join('\n'),
  'app/cli.py': [
    'import asyncio',
    'import time',
    '',
    'import typer',
    'from app.services import only_for_the_cli',
    '',
    'cli = typer.Typer()',
    '',
    '',
    '@cli.command()',
    'def seed():',
    '    asyncio.run(only_for_the_cli())',
    '',
  ].join('\n'),
  'tests/test_api.py': [
    'import time',
    'from app.services import only_for_tests, shared',
    '',
    '',
    'async def test_index():',
    '    time.sleep(0.1)',
    '    await shared()',
    '    await only_for_tests()',
    '',
  ].join('\n'),
  // Registered by reference and looked up by name: the call graph cannot follow either.
  'app/registry.py': [
    'import time',
    '',
    '',
    'async def by_reference():',
    '    time.sleep(1)',
    '',
    '',
    'async def by_name():',
    '    time.sleep(1)',
    '',
    '',
    'HANDLERS = {"ref": by_reference}',
    'LOOKUP = "by_name"',
    '',
  ].join('\n'),
  // An app factory only a command calls: serving set-up all the same.
  'app/factory.py': [
    'import time',
    '',
    'from fastapi import FastAPI',
    '',
    '',
    'def create_app():',
    '    app = FastAPI()',
    '',
    '    @app.middleware("http")',
    '    async def timing(request, call_next):',
    '        time.sleep(0.01)',
    '        return await call_next(request)',
    '',
    '    return app',
    '',
  ].join('\n'),
  'tests/test_registry.py': 'from app.registry import by_name, by_reference\n\n\nasync def test_it():\n    await by_reference()\n    await by_name()\n',
  'scripts/serve.py': 'import uvicorn\n\nfrom app.factory import create_app\n\n\ndef main():\n    uvicorn.run(create_app())\n',
  'tests/conftest.py': 'import time\n\n\nasync def slow_fixture():\n    time.sleep(1)\n',
  'scripts/backfill.py': 'import time\n\n\nasync def main():\n    time.sleep(1)\n',
  'alembic/env.py': 'import time\n\n\nasync def run_migrations():\n    time.sleep(1)\n',
  // An Alembic environment outside an `alembic/` folder: its import of `alembic.context` says so.
  'app/revisions/env.py': 'import time\n\nfrom alembic import context\n\n\nasync def run_migrations():\n    time.sleep(1)\n',
};

test('tests, scripts, migrations and code only they or a CLI reach are indexed but not reported', () => {
  const dir = project(SERVICE);
  const items = json(dir);
  // `shared` serves a route; `nobody_calls_me` is library code an app could reach.
  assert.deepEqual(codesByFile(items, dir), {
    'app/factory.py': ['9:FPL502', '11:FPL101'],
    'app/registry.py': ['5:FPL101', '9:FPL101'],
    'app/services.py': ['5:FPL101', '17:FPL101'],
  });
});

test('lint-tests-and-scripts reports them all again', () => {
  const dir = project({ ...SERVICE, 'pyproject.toml': '[project]\nname = "svc"\n\n[tool.fastapi-perf-lint]\nlint-tests-and-scripts = true\n' });
  const files = codesByFile(json(dir), dir);
  assert.deepEqual(files['app/services.py'], ['5:FPL101', '9:FPL101', '13:FPL101', '17:FPL101']);
  for (const f of ['tests/test_api.py', 'tests/conftest.py', 'scripts/backfill.py', 'alembic/env.py', 'app/revisions/env.py']) assert.ok(files[f]?.length, f);
});

const ROUTES = {
  'main.py': [
    'import os',
    'import time',
    '',
    'import requests',
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/rates")',
    'async def rates():',
    '    time.sleep(0.1)',
    '    return requests.get("https://example.com", timeout=5).json()',
    '',
    '',
    '@app.post("/upload")',
    'async def upload(name: str):',
    '    os.makedirs("/srv/uploads", exist_ok=True)',
    '    return "ok" if os.path.exists(name) else "missing"',
    '',
  ].join('\n'),
};

test('a route that never awaits: one finding, the blocking calls as related locations, the worst severity', () => {
  const dir = project(ROUTES);
  const items = json(dir);
  assert.deepEqual(items.map((f) => `${f.location.row}:${f.code}`), ['11:FPL107']);
  assert.deepEqual(items[0].related.map((r) => [r.location.row, r.message]), [
    [12, 'blocks the event loop: `time.sleep()`'],
    [13, 'blocks the event loop: `requests.get()`'],
  ]);
  const sarif = JSON.parse(run(['check', '.', '--format', 'sarif', '--exit-zero'], dir).stdout);
  assert.equal(sarif.runs[0].results[0].level, 'error', 'time.sleep stalls every request: an error');
  // Without FPL107, each blocking call is its own finding again.
  assert.deepEqual(json(dir, '--ignore', 'FPL107').map((f) => `${f.location.row}:${f.code}`), ['12:FPL101', '13:FPL102']);
});

test('stat-like calls are light: not reported unless report-light-io', () => {
  const dir = project(ROUTES);
  assert.ok(!json(dir).some((f) => f.location.row >= 17), 'makedirs/exists are light');
  const loud = project({ ...ROUTES, 'pyproject.toml': '[tool.fastapi-perf-lint]\nreport-light-io = true\n' });
  const rows = json(loud).filter((f) => f.location.row >= 17).map((f) => `${f.location.row}:${f.code}`);
  assert.deepEqual(rows, ['17:FPL107']);
});

test('one file\'s content counts only with report-file-io, in FPL104 and in the chains of FPL107 and FPL108; whole trees always', () => {
  const files = {
    'app.py': [
      'import shutil',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      '',
      'def read_prompt(name):',
      '    with open(f"prompts/{name}.txt") as f:',
      '        return f.read()',
      '',
      '@app.get("/prompt")',
      'async def prompt(name: str):',
      '    await app.state.audit(name)',
      '    return {"text": read_prompt(name)}',
      '',
      '@app.get("/raw")',
      'async def raw():',
      '    return {"text": open("motd.txt").read()}',
      '',
      '@app.post("/export")',
      'async def export(name: str):',
      '    await app.state.audit(name)',
      '    return {"path": shutil.make_archive(name, "zip", "data")}',
      '',
    ].join('\n'),
  };
  const rows = (dir: string): string[] => json(dir, '--select', 'FPL104,FPL107,FPL108').map((f) => `${f.location.row}:${f.code}`);
  assert.deepEqual(rows(project(files)), ['21:FPL104']);
  const loud = project({ ...files, 'pyproject.toml': '[tool.fastapi-perf-lint]\nreport-file-io = true\n' });
  assert.deepEqual(rows(loud), ['12:FPL108', '15:FPL107', '21:FPL104']);
});

test('a per-request finding in a helper names the route or dependency that runs it', () => {
  const dir = project({
    'app/__init__.py': '',
    'app/clients.py': [
      'import httpx',
      '',
      '',
      'async def fetch(url):',
      '    async with httpx.AsyncClient() as client:',
      '        return (await client.get(url)).json()',
      '',
      '',
      'def get_http():',
      '    return httpx.Client()',
      '',
    ].join('\n'),
    'app/main.py': [
      'from fastapi import Depends, FastAPI',
      'from app.clients import fetch, get_http',
      '',
      'app = FastAPI()',
      '',
      '',
      '@app.get("/rates")',
      'async def rates(http=Depends(get_http)):',
      '    return await fetch("https://rates.internal")',
      '',
    ].join('\n'),
  });
  const messages = json(dir, '--extend-select', 'FPL110').filter((f) => f.code === 'FPL110').map((f) => `${f.location.row}: ${f.detail!.split('. ')[0]}`);
  assert.deepEqual(messages, [
    '5: Created in `fetch`, which runs on every request through route `rates` (app.main)',
    '10: Created in `get_http`, which runs on every request as a dependency',
  ]);
});
