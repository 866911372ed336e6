// The command line's first word and its output streams: an unknown command is a usage error
// (never taken for a path), and a reader that goes away (`| head`) ends the run quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, project, run, SLEEPY } from './harness';

test('an unknown command is a usage error, with a suggestion; a path in its place too (the command is required, as in Ruff)', () => {
  const dir = project({ 'app.py': SLEEPY });
  const cases: Array<[string[], string]> = [
    [['chek', '.'], "error: unknown command 'chek' (did you mean 'check'?)\n"],
    [['app.py'], "error: unknown command 'app.py' (to lint it: fastapi-perf-lint check app.py)\n"],
    [['.'], "error: unknown command '.' (to lint it: fastapi-perf-lint check .)\n"],
    [['lint'], "error: unknown command 'lint' (commands: check, rules, explain, help)\n"],
    [['--select', 'FPL101', '.'], "error: unknown option '--select' before a command (options follow it: fastapi-perf-lint check --select ...)\n"],
  ];
  for (const [args, message] of cases) {
    const r = run(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, message);
    assert.equal(r.stdout, '', 'nothing was linted');
  }
  assert.equal(run(['check', 'app.py'], dir).status, 1);
  assert.match(run(['--help'], dir).stdout, /The command comes first/);
});

/** Runs the CLI with the reading end of its stdout (and stderr, if asked) closed before it writes. */
function closedReader(args: string[], cwd: string, closeStderr = false): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy(); // as `| head` does once it has its lines; the CLI needs far longer to start
    let stderr = '';
    if (closeStderr) child.stderr.destroy();
    else child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

test('a reader that goes away (`rules | head`, `check | head -1`): no stack trace, the usual exit code', async () => {
  const dir = project({ 'a.py': SLEEPY, 'b.py': 'x = 1  # noqa: FPL998\n' });
  const rules = await closedReader(['rules'], dir);
  assert.deepEqual(rules, { status: 0, stderr: '' });
  const check = await closedReader(['check', '.', '--no-progress'], dir);
  assert.equal(check.status, 1, 'findings');
  assert.equal(check.stderr, "warning: b.py:1: unknown rule code `FPL998` in `# noqa`; it suppresses nothing\n");
  // Both streams gone (`2>&1 | head`): the same exit code.
  assert.equal((await closedReader(['check', '.', '--no-progress'], dir, true)).status, 1);
  assert.equal((await closedReader(['explain', 'FPL101'], dir, true)).status, 0);
});
