// `# noqa` through the CLI, read as Ruff reads it: codes suppress only themselves, a bare
// `# noqa` everything on its line; unknown FPL codes and directives that name no code
// suppress nothing and are warned about, with file and line; other tools' codes are theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project, run } from './harness';

const SOURCE = [
  'import time', //                                    1
  'async def f():', //                                 2
  '    time.sleep(1)  # noqa: XYZ', //                 3 names no code: suppresses nothing, warned
  '    time.sleep(2)  # noqa: FPL998', //              4 no such rule: suppresses nothing, warned
  '    time.sleep(3)  # noqa: E501', //                5 another tool's code: not ours, quiet
  '    time.sleep(4)  # noqa', //                      6 every rule
  '    time.sleep(5)  # noqa: FPL101', //              7 this rule
  '    time.sleep(6)  # noqa; FPL101', //              8 malformed: suppresses nothing, warned
  '    time.sleep(7)  # noqa: E501, FPL101 because', // 9 codes, then a comment
  '    time.sleep(8)  # noqa: fpl101', //              10 codes are upper case: names no code, warned
  '    time.sleep(9)  # NOQA:FPL101', //               11
  '',
].join('\n');

test('# noqa with unknown codes or no codes suppresses nothing and warns; with codes, only those', () => {
  const dir = project({ 'a.py': SOURCE });
  const r = run(['check', '.', '--select', 'FPL101', '--format', 'concise', '--no-progress'], dir);
  assert.equal(r.status, 1);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('a.py:')).map((l) => Number(l.split(':')[1]));
  assert.deepEqual(rows, [3, 4, 5, 8, 10]);
  assert.equal(
    r.stderr,
    [
      'warning: a.py:3: invalid `# noqa` directive: expected a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`); it suppresses nothing',
      'warning: a.py:4: unknown rule code `FPL998` in `# noqa`; it suppresses nothing',
      'warning: a.py:8: invalid `# noqa` directive: expected `:` followed by a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`); it suppresses nothing',
      'warning: a.py:10: invalid `# noqa` directive: expected a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`); it suppresses nothing',
      '',
    ].join('\n'),
  );
  // File-level directives follow the same reading.
  const file = project({ 'a.py': `# fastapi-perf-lint: noqa: XYZ\n${SOURCE}` });
  const f = run(['check', '.', '--select', 'FPL101', '--format', 'concise', '--no-progress'], file);
  assert.match(f.stderr, /^warning: a\.py:1: invalid `# noqa` directive/);
  assert.match(f.stdout, /Found 5 errors\./);
  // A file in which no rule can fire (set aside by the prefilter) is warned about all the same.
  const quietFile = project({ 'b.py': 'x = 1  # noqa: FPL998\ny = "# noqa: XYZ"  # noqa: XYZ\n' });
  const withPrefilter = run(['check', '.', '--no-progress'], quietFile);
  assert.equal(withPrefilter.stderr, [
    'warning: b.py:1: unknown rule code `FPL998` in `# noqa`; it suppresses nothing',
    'warning: b.py:2: invalid `# noqa` directive: expected a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`); it suppresses nothing',
    '',
  ].join('\n'));
  assert.equal(run(['check', '.', '--no-progress', '--no-prefilter'], quietFile).stderr, withPrefilter.stderr);
  // --quiet keeps them out.
  assert.equal(run(['check', '.', '-q', '--no-progress'], dir).stderr, '');
});
