// One truth for versions: `check`, `--fix` and `--diff` read the same project versions
// (lock and requirements files, the `fastapi-version` setting over them), so `[*] N fixable`
// is exactly what `--fix` applies and `--diff` shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, REPO, run } from './harness';

const APP = [
  'from fastapi import FastAPI',
  'from fastapi.responses import JSONResponse',
  'from pydantic import BaseModel',
  '',
  'app = FastAPI()',
  '',
  '',
  'class Item(BaseModel):',
  '    id: int',
  '',
  '',
  'class Items(BaseModel):',
  '    items: list[Item]',
  '',
  '',
  '@app.get("/rows")',
  'def rows():',
  '    data = [{"id": i} for i in range(1000)]',
  '    return JSONResponse(data)',
  '',
  '',
  '@app.get("/items/{item_id}")',
  'def get_item(item_id: int):',
  '    return Items(items=[Item(id=item_id)])',
  '',
].join('\n');

test('requirements.txt pins FastAPI 0.110 with orjson: --diff and --fix apply the FPL201 fixes check lists, and no FPL203 fix', () => {
  const dir = project({ 'requirements.txt': 'fastapi==0.110.0\norjson\n', 'fastapi-perf-lint.toml': 'extend-select = ["FPL201", "FPL203"]\n', 'app.py': APP });
  const lint = run(['check', '.', '--format', 'concise'], dir);
  assert.equal(lint.status, 1);
  assert.deepEqual(lint.stdout.split('\n').filter((l) => l.startsWith('app.py')).map((l) => l.split(' ')[1]), ['FPL201', 'FPL201']);
  assert.match(lint.stdout, /\[\*\] 2 fixable with the `--fix` option\./);

  const diff = run(['check', '.', '--diff'], dir);
  assert.equal(diff.status, 1);
  assert.match(diff.stdout, /^\+app = FastAPI\(default_response_class=ORJSONResponse\)$/m);
  assert.match(diff.stdout, /^\+ {4}return ORJSONResponse\(data\)$/m);
  assert.doesNotMatch(diff.stdout, /-> Item/);
  assert.equal(diff.stderr, 'Would fix 2 errors.\n');

  const fix = run(['check', '.', '--fix'], dir);
  assert.equal(fix.stdout, 'Found 2 errors (2 fixed, 0 remaining).\n');
  assert.equal(fix.status, 0, fix.stderr);
  const fixed = readFileSync(join(dir, 'app.py'), 'utf8');
  assert.match(fixed, /app = FastAPI\(default_response_class=ORJSONResponse\)/);
  assert.match(fixed, /def get_item\(item_id: int\):/);
  assert.equal(run(['check', '.'], dir).stdout, 'All checks passed!\n');
});

test('the fastapi-version setting over requirements.txt: --fix follows it as check does', () => {
  const dir = project({ 'requirements.txt': 'fastapi==0.110.0\norjson\n', 'pyproject.toml': '[tool.fastapi-perf-lint]\nfastapi-version = "0.131.0"\nextend-select = ["FPL203"]\n', 'app.py': APP });
  const lint = run(['check', '.', '--format', 'concise'], dir);
  assert.match(lint.stdout, /FPL203 \[\*\]/);
  const fix = run(['check', '.', '--fix', '--format', 'concise'], dir);
  assert.match(fixed(dir), /def get_item\(item_id: int\) -> Items:/);
  assert.match(fix.stdout, /\((\d+) fixed, /);
  assert.equal(fixableCount(lint.stdout), fixedCount(fix.stdout));
});

function fixed(dir: string): string {
  return readFileSync(join(dir, 'app.py'), 'utf8');
}

function fixableCount(summary: string): number {
  return Number(/\[\*\] (\d+) fixable/.exec(summary)?.[1] ?? 0);
}

function fixedCount(summary: string): number {
  return Number(/\((\d+) fixed, /.exec(summary)?.[1] ?? 0);
}

/**
 * Every rule fixture in a project of its own pinned versions: `requirements.txt` from its
 * `# fixture-versions:` line, under its `# fixture-path:` name when it has one.
 */
function fixtureProjects(): Record<string, string> {
  const files: Record<string, string> = {};
  const rules = join(REPO, 'rules');
  for (const rule of readdirSync(rules).sort()) {
    let names: string[];
    try {
      names = readdirSync(join(rules, rule)).filter((n) => /^cases.*\.py$/.test(n) && !n.endsWith('.fixed.py'));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const text = readFileSync(join(rules, rule, name), 'utf8');
      const pins = /^#\s*fixture-versions:\s*(.*)$/m.exec(text.split('\n', 1)[0])?.[1];
      const path = /^#\s*fixture-path:\s*(\S+)\s*$/m.exec(text)?.[1];
      const folder = `${rule}-${name.replace(/\.py$/, '').replace(/\W/g, '_')}`;
      files[`${folder}/${path ?? 'cases.py'}`] = text;
      if (pins) files[`${folder}/requirements.txt`] = pins.split(',').map((p) => p.trim().replace('=', '==')).join('\n') + '\n';
    }
  }
  return files;
}

test('the rule fixtures under their pinned versions: [*] N fixable == fixed by --fix == shown by --diff, safe and unsafe', () => {
  const files = fixtureProjects();
  assert.ok(Object.keys(files).filter((f) => f.endsWith('requirements.txt')).length >= 10);
  for (const mode of [[], ['--unsafe-fixes']]) {
    const dir = project(files);
    const lint = run(['check', '.', ...mode], dir);
    const fixable = fixableCount(lint.stdout);
    assert.ok(fixable > 50, `${mode}: ${lint.stdout.split('\n').slice(-3).join('\n')}`);
    const stats = JSON.parse(run(['check', '.', '--statistics', '--format', 'json', ...mode], dir).stdout) as Array<{ fixable_count: number }>;
    assert.equal(stats.reduce((n, r) => n + r.fixable_count, 0), fixable, `${mode}: --statistics`);
    assert.equal(run(['check', '.', '--diff', ...mode], dir).stderr.split('\n').find((l) => l.startsWith('Would fix')), `Would fix ${fixable} errors.`, `${mode}: --diff`);
    assert.equal(fixedCount(run(['check', '.', '--fix', ...mode], dir).stdout), fixable, `${mode}: --fix`);
  }
});
