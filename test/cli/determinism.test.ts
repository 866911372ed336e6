// The output does not depend on the number of worker threads, nor does the progress bar
// appear when stderr is not a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project, REPO, run } from './harness';

test('examples/: identical output with --workers 1 and --workers 2, in every format', () => {
  for (const format of ['json', 'text', 'sarif', 'github']) {
    const one = run(['check', 'examples', '--format', format, '--workers', '1'], REPO);
    const two = run(['check', 'examples', '--format', format, '--workers', '2'], REPO);
    assert.equal(one.status, 1, one.stderr);
    assert.equal(two.status, one.status);
    assert.equal(two.stdout, one.stdout, format);
    assert.equal(two.stderr, one.stderr, format);
  }
  assert.ok(JSON.parse(run(['check', 'examples', '--format', 'json', '--workers', '2'], REPO).stdout).length > 0);
});

test('a project of modules importing each other: identical findings with 1, 2 and 3 workers; no progress bar on a pipe', () => {
  const files: Record<string, string> = { 'pkg/__init__.py': '' };
  for (let i = 0; i < 40; i++) {
    files[`pkg/m${i}.py`] = [`import time`, i > 0 ? `from pkg.m${i - 1} import helper${i - 1}` : '', `def helper${i}():`, `    return ${i}`, `async def route${i}():`, `    time.sleep(${i})`, i % 3 ? `    return helper${i - 1}()` : '    return 0', ''].join('\n');
  }
  // A sub-package with its own configuration: per-folder configuration reaches the workers.
  files['pkg/sub/fastapi-perf-lint.toml'] = '[extend-blocking-calls]\n"mylib.wait" = { code = "FPL101" }\n';
  files['pkg/sub/__init__.py'] = '';
  for (let i = 0; i < 6; i++) files[`pkg/sub/s${i}.py`] = `import mylib\nfrom pkg.m${i} import helper${i}\nasync def r():\n    mylib.wait(${i})\n    return helper${i}()\n`;
  files['pkg/other.py'] = 'import mylib\nasync def r():\n    mylib.wait(0)\n';
  const dir = project(files);
  const runs = [1, 2, 3].map((w) => run(['check', '.', '--format', 'json', '--workers', String(w)], dir));
  const found = JSON.parse(runs[0].stdout) as Array<{ filename: string }>;
  assert.equal(found.length, 46, 'one per module, one per sub-package module, none in other.py');
  assert.equal(found.filter((f) => f.filename.includes('other.py')).length, 0);
  for (const r of runs) {
    assert.equal(r.stdout, runs[0].stdout);
    assert.doesNotMatch(r.stderr, /\r|\x1b\[/);
  }
});
