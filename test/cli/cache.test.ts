// The persistent cache gives the findings a run without it gives, over edits that reach
// across modules (a helper that starts or stops blocking, a renamed or deleted module),
// configuration and dependency-version changes; it survives corruption, another build's
// cache and two runs at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, project, run } from './harness';

const CACHE = '.fastapi-perf-lint-cache';
const ARGS = ['check', '.', '--format', 'json', '--exit-zero', '--no-progress'];

const pyproject = (pydantic: string, extra = ''): string => `[project]\nname = "svc"\ndependencies = ["fastapi==0.115.0", "pydantic==${pydantic}", "requests"]\n\n[tool.fastapi-perf-lint]\nextend-select = ["FPL108", "FPL401"]\n${extra}`;

// \`.dict()\` is a Pydantic 1 name on Pydantic 2 only (FPL401).
const MODELS = 'from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    id: int\n\n\ndef dump(user: User) -> dict:\n    return user.dict()\n';

const ROUTES = `from fastapi import FastAPI

from pkg.helpers import fetch_user

app = FastAPI()


async def audit(user_id: int) -> None:
    return None


@app.get("/users/{user_id}")
async def get_user(user_id: int):
    await audit(user_id)
    return {"user": fetch_user(user_id)}
`;

const QUIET_HELPER = 'def fetch_user(user_id: int) -> dict:\n    return {"id": user_id}\n';
const BLOCKING_HELPER = 'import requests\n\n\ndef fetch_user(user_id: int) -> dict:\n    return requests.get(f"http://users/{user_id}", timeout=5).json()\n';
const VIA_DEEP = 'from pkg.deep import load\n\n\ndef fetch_user(user_id: int) -> dict:\n    return load(user_id)\n';
const DEEP = 'import time\n\n\ndef load(user_id: int) -> dict:\n    time.sleep(1)\n    return {"id": user_id}\n';

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ code: string; filename: string }>).map((f) => `${f.filename.split(/[\\/]/).slice(-2).join('/')}:${f.code}`).sort();
}

/** Runs with the cache and without it: the same output, which is returned. */
function same(dir: string, step: string): string {
  const cached = run(ARGS, dir);
  const fresh = run([...ARGS, '--no-cache'], dir);
  assert.equal(cached.status, 0, `${step}: ${cached.stderr}`);
  assert.equal(cached.stdout, fresh.stdout, step);
  return cached.stdout;
}

test('with the cache, the findings of a run without it, over edits across modules, renames, deletions, configuration and versions', () => {
  const dir = project({ 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/routes.py': ROUTES, 'pkg/helpers.py': QUIET_HELPER, 'pkg/models.py': MODELS });
  const write = (rel: string, text: string): void => writeFileSync(join(dir, rel), text);
  const fpl108 = (out: string): boolean => codes(out).includes('pkg/routes.py:FPL108');

  assert.ok(!fpl108(same(dir, 'first run')));
  assert.ok(existsSync(join(dir, CACHE, '.gitignore')));
  assert.equal(readFileSync(join(dir, CACHE, '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
  // An unchanged tree: answered from the cache, which is not rewritten.
  const written = statSync(join(dir, CACHE, 'lint-v1.json')).mtimeMs;
  assert.ok(!fpl108(same(dir, 'unchanged')));
  assert.equal(statSync(join(dir, CACHE, 'lint-v1.json')).mtimeMs, written);

  write('pkg/helpers.py', BLOCKING_HELPER);
  assert.ok(fpl108(same(dir, 'the helper blocks: its caller is linted again')));
  write('pkg/helpers.py', QUIET_HELPER);
  assert.ok(!fpl108(same(dir, 'the helper no longer blocks')));

  write('pkg/helpers.py', VIA_DEEP);
  write('pkg/deep.py', DEEP);
  assert.ok(fpl108(same(dir, 'blocking two modules away')));
  renameSync(join(dir, 'pkg/deep.py'), join(dir, 'pkg/deep2.py'));
  assert.ok(!fpl108(same(dir, 'the module is renamed: the import no longer resolves')));
  write('pkg/helpers.py', VIA_DEEP.replace('pkg.deep ', 'pkg.deep2 '));
  assert.ok(fpl108(same(dir, 'the import follows the rename')));
  write('pkg/deep2.py', DEEP.replace('    time.sleep(1)\n', ''));
  assert.ok(!fpl108(same(dir, 'the deepest module stops blocking')));
  write('pkg/deep2.py', DEEP);
  assert.ok(fpl108(same(dir, 'and blocks again')));

  rmSync(join(dir, 'pkg/helpers.py'));
  assert.ok(!fpl108(same(dir, 'the helper module is deleted')));
  write('pkg/helpers.py', BLOCKING_HELPER);
  assert.ok(fpl108(same(dir, 'and comes back')));

  write('pyproject.toml', pyproject('2.7.0', 'ignore = ["FPL108"]\n'));
  assert.ok(!fpl108(same(dir, 'configuration ignores FPL108')));
  write('pyproject.toml', pyproject('2.7.0'));
  const before = codes(same(dir, 'configuration back'));
  assert.ok(before.includes('pkg/models.py:FPL401'));
  write('pyproject.toml', pyproject('1.10.0'));
  assert.ok(!codes(same(dir, 'another Pydantic version')).includes('pkg/models.py:FPL401'));
});

// Equal sizes: `time.ctime` does not block.
const SLEEPING_HELPER = 'import time\n\n\ndef fetch_user(user_id: int) -> dict:\n    time.sleep(1)\n    return {"id": user_id}\n';
const WAKING_HELPER = SLEEPING_HELPER.replace('time.sleep(1)', 'time.ctime(1)');

test('a file whose stat is unchanged is not read again; an edit that keeps its size and mtime, or a file replaced by another, still is', { skip: process.platform === 'win32' }, () => {
  const dir = project({ 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/routes.py': ROUTES, 'pkg/helpers.py': SLEEPING_HELPER });
  const helper = join(dir, 'pkg/helpers.py');
  const fpl108 = (out: string): boolean => codes(out).includes('pkg/routes.py:FPL108');
  const stat = (): [bigint, bigint] => {
    const st = statSync(helper, { bigint: true });
    return [st.size, st.mtimeNs];
  };
  // Copies the helper's times from (or to) a reference file, to the nanosecond.
  const touchFrom = (from: string, to: string): void => assert.equal(spawnSync('touch', ['-r', from, to]).status, 0);
  // A stat is kept only once its change time is 2 s old (a later edit then moves it).
  const settle = (): void => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  };
  settle();
  assert.ok(fpl108(same(dir, 'first run')));
  const files = JSON.parse(readFileSync(join(dir, CACHE, 'files-v1.json'), 'utf8')) as { entries: Record<string, { stat: string }> };
  assert.ok(Object.keys(files.entries).some((f) => f.endsWith('helpers.py')), 'the helper is known by its stat');
  assert.ok(fpl108(same(dir, 'unchanged')));

  // A touch without a change: read again (its stat moved), the same findings.
  spawnSync('touch', [helper]);
  settle();
  assert.ok(fpl108(same(dir, 'touched')));

  // An edit of the same size whose mtime is put back: the change time still moved.
  const ref = join(dir, 'times.ref');
  writeFileSync(ref, '');
  touchFrom(helper, ref);
  const before = stat();
  writeFileSync(helper, WAKING_HELPER);
  touchFrom(ref, helper);
  assert.deepEqual(stat(), before, 'same size and mtime');
  assert.ok(!fpl108(same(dir, 'an edit that keeps size and mtime')));
  settle();
  assert.ok(!fpl108(same(dir, 'settled after the edit')));

  // Another file with the same size and mtime renamed over it.
  const replaced = stat();
  const other = join(dir, 'pkg/helpers.new');
  writeFileSync(other, SLEEPING_HELPER);
  touchFrom(helper, other);
  renameSync(other, helper);
  assert.deepEqual(stat(), replaced, 'same size and mtime');
  assert.ok(fpl108(same(dir, 'a file replaced by another with the same mtime')));
});

test('an unchanged tree is answered from the cache files as written (a module name JSON must escape too)', () => {
  const dir = project({ 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/routes.py': ROUTES.replace('pkg.helpers', 'pkg.café'), 'pkg/café.py': BLOCKING_HELPER });
  const first = same(dir, 'first');
  assert.ok(codes(first).includes('pkg/routes.py:FPL108'));
  // A mark planted in the written lint entries comes back: the run read them, not a fresh lint.
  const file = join(dir, CACHE, 'lint-v1.json');
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes('caf\u00e9.py') || text.includes('café.py'), 'the module is in the lint entries');
  writeFileSync(file, text.replaceAll('blocks the event loop', 'PLANTED'));
  assert.match(run(ARGS, dir).stdout, /PLANTED/);
  // Any edit: that file is linted again, the mark is gone.
  writeFileSync(join(dir, 'pkg/routes.py'), ROUTES.replace('pkg.helpers', 'pkg.café') + '\n');
  assert.doesNotMatch(run(ARGS, dir).stdout, /PLANTED/);
});

test('the summaries are kept in shards: an edit rewrites the shard of the edited file alone, and the unsharded file of older builds goes', () => {
  const files: Record<string, string> = { 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/routes.py': ROUTES, 'pkg/helpers.py': QUIET_HELPER };
  for (let i = 0; i < 40; i++) files[`pkg/mod${i}.py`] = `from pkg.helpers import fetch_user\n\n\nasync def handler${i}(user_id: int) -> dict:\n    return fetch_user(user_id)\n`;
  const dir = project(files);
  const cache = join(dir, CACHE);
  writeFileSync(join(dir, 'old.json'), '{}');
  same(dir, 'first run');
  const shards = (): Map<string, string> => new Map(readdirSync(cache).filter((f) => /^summaries-v2-[0-9a-f]\.json$/.test(f)).map((f) => [f, readFileSync(join(cache, f), 'utf8')]));
  const before = shards();
  assert.ok(before.size >= 8, `the summaries of 43 modules spread over the shards (${before.size})`);
  // An older build's unsharded summaries: removed when the cache is next written.
  renameSync(join(dir, 'old.json'), join(cache, 'summaries-v1.json'));
  writeFileSync(join(dir, 'pkg/helpers.py'), BLOCKING_HELPER);
  assert.ok(codes(same(dir, 'the helper blocks')).filter((c) => c.endsWith(':FPL108')).length >= 40, 'every caller of the helper is linted again');
  const after = shards();
  const changed = [...after].filter(([f, text]) => before.get(f) !== text).map(([f]) => f);
  assert.equal(changed.length, 1, `one shard rewritten: ${changed.join(', ')}`);
  assert.match(after.get(changed[0])!, /pkg[\\/]helpers\.py/);
  assert.ok(!existsSync(join(cache, 'summaries-v1.json')));
});

test('a corrupt cache, or one of another build, is ignored and rebuilt', () => {
  const dir = project({ 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/routes.py': ROUTES, 'pkg/helpers.py': BLOCKING_HELPER });
  const expected = same(dir, 'first');
  const file = join(dir, CACHE, 'lint-v1.json');
  writeFileSync(file, '{"format": 1, "tool": "x", "entr');
  assert.equal(same(dir, 'corrupt'), expected);
  assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')));
  const data = JSON.parse(readFileSync(file, 'utf8')) as { tool: string; entries: Record<string, { lint?: { findings: unknown[] } }> };
  // Another build's cache, with findings that are not this build's: not used.
  for (const e of Object.values(data.entries)) if (e.lint) e.lint.findings = [];
  writeFileSync(file, JSON.stringify({ ...data, tool: 'another-build' }));
  assert.equal(same(dir, 'foreign'), expected);
  // --cache-dir puts it elsewhere.
  const other = join(dir, 'elsewhere');
  assert.equal(run([...ARGS, '--cache-dir', other], dir).stdout, expected);
  assert.ok(existsSync(join(other, 'lint-v1.json')));
});

test('two runs at once leave a whole cache and give the same output', async () => {
  const files: Record<string, string> = { 'pyproject.toml': pyproject('2.7.0'), 'pkg/__init__.py': '', 'pkg/helpers.py': BLOCKING_HELPER };
  for (let i = 0; i < 30; i++) files[`pkg/routes${i}.py`] = ROUTES;
  const dir = project(files);
  const once = (): Promise<string> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...ARGS], { cwd: dir });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
    });
  const [a, b] = await Promise.all([once(), once()]);
  assert.equal(a, b);
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, CACHE, 'lint-v1.json'), 'utf8')));
  assert.equal(same(dir, 'after two runs at once'), a);
});
