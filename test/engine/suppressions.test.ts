import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSource } from '../../server/src/engine/linter';
import { ready } from '../helpers';
import { mergeConfig } from '../../server/src/engine/config';
import { LineIndex } from '../../server/src/engine/text';
import { ruffDiagnostics, ruffWorkspace } from '../ruff';

const RUFF = ruffWorkspace({ lint: { select: ['ASYNC'] } });

const body = (line: string) => `import time\nasync def f():\n    ${line}\n`;
const count = (src: string) => lintSource(src, { rules: REGISTRY }).findings.length;

const cases: Array<[string, string, number]> = [
  ['no comment', body('time.sleep(1)'), 1],
  ['blanket noqa', body('time.sleep(1)  # noqa'), 0],
  ['code', body('time.sleep(1)  # noqa: FPL101'), 0],
  ['codes with spaces', body('time.sleep(1)  # noqa: E501, FPL101'), 0],
  ['codes without comma', body('time.sleep(1)  # noqa:E501 FPL101'), 0],
  ['NOQA uppercase keyword', body('time.sleep(1)  # NOQA: FPL101'), 0],
  ['other code only', body('time.sleep(1)  # noqa: FPL102'), 1],
  ['codes are case-sensitive', body('time.sleep(1)  # noqa: fpl101'), 1],
  ['a word that is no code suppresses nothing', body('time.sleep(1)  # noqa: XYZ'), 1],
  ['an unknown FPL code suppresses nothing', body('time.sleep(1)  # noqa: FPL998'), 1],
  ['a malformed directive suppresses nothing', body('time.sleep(1)  # noqa; FPL101'), 1],
  ['a code glued to text suppresses nothing', body('time.sleep(1)  # noqa: FPL101x'), 1],
  ['codes, then a comment', body('time.sleep(1)  # noqa: E501, FPL101 because of reasons'), 0],
  ['codes without a separator', body('time.sleep(1)  # noqa:E501FPL101'), 0],
  ['noqa, then a comment, is a blanket noqa', body('time.sleep(1)  # noqa because of reasons'), 0],
  ['noqa after another comment', body('time.sleep(1)  # slow # noqa: FPL101'), 0],
  ['noqa inside a string does not count', body('time.sleep(1); x = "# noqa"'), 1],
  ['noqa on another line does not count', 'import time\nasync def f():\n    # noqa: FPL101\n    time.sleep(1)\n', 1],
  ['file-level, all rules', '# fastapi-perf-lint: noqa\n' + body('time.sleep(1)'), 0],
  ['file-level, one code', body('time.sleep(1)') + '# fastapi-perf-lint: noqa: FPL101\n', 0],
  ['file-level, another code', '# fastapi-perf-lint: noqa: FPL102\n' + body('time.sleep(1)'), 1],
];

for (const [name, src, n] of cases) {
  test(`noqa: ${name}`, async () => {
    await ready;
    assert.equal(count(src), n);
  });
}

test('directives that cannot be read are reported for a warning, with the reason', async () => {
  await ready;
  const r = lintSource(body('time.sleep(1)  # noqa: XYZ') + 'x = 1  # noqa; E501\ny = 2  # noqa: E501\n', { rules: REGISTRY });
  assert.equal(r.findings.length, 1);
  assert.deepEqual(r.suppressions.invalid.map((p) => p.reason), [
    'expected a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`)',
    'expected `:` followed by a comma-separated list of codes (e.g. `# noqa: FPL101, FPL102`)',
  ]);
});

test('unknown FPL codes in noqa are reported for a warning, other tools\' codes are not', async () => {
  await ready;
  const r = lintSource(body('time.sleep(1)  # noqa: FPL999, E501, FPL101'), { rules: REGISTRY });
  assert.equal(r.findings.length, 0);
  assert.deepEqual(r.suppressions.unknown.map((u) => u.code), ['FPL999']);
});

// Ruff's codes suppress ours where both flag the same call, in every form Ruff reads: each
// text is checked against Ruff itself (its WebAssembly build), line by line.
const B = 'import time\nasync def f():\n';
const RUFF_FORMS: Array<[string, string]> = [
  ['noqa with the Ruff code', B + '    time.sleep(1)  # noqa: ASYNC251\n    time.sleep(2)\n'],
  ['noqa with another Ruff code', B + '    time.sleep(1)  # noqa: ASYNC210\n'],
  ['noqa with a prefix of the code', B + '    time.sleep(1)  # noqa: ASYNC2\n'],
  ['noqa on the last line of a multi-line call', B + '    time.sleep(\n        1)  # noqa: ASYNC251\n'],
  ['file-level ruff: noqa with codes', '# ruff: noqa: ASYNC251\n' + B + '    time.sleep(1)\n'],
  ['file-level flake8: noqa with codes', '# flake8: noqa: ASYNC251\n' + B + '    time.sleep(1)\n'],
  ['file-level, written after the code and indented', B + '    time.sleep(1)\n    # ruff: noqa: ASYNC251\n'],
  ['file-level with another code', '# ruff: noqa: ASYNC210\n' + B + '    time.sleep(1)\n'],
  ['file-level, tool name in capitals', '# RUFF: noqa: ASYNC251\n' + B + '    time.sleep(1)\n'],
  ['file-level, NOQA in capitals', '# ruff: NOQA: ASYNC251\n' + B + '    time.sleep(1)\n'],
  ['file-level at the end of a line of code', B + '    time.sleep(1)  # ruff: noqa: ASYNC251\n'],
  ['file-ignore at module level', '# ruff: file-ignore[ASYNC251]\n' + B + '    time.sleep(1)\n'],
  ['file-ignore indented', B + '    # ruff: file-ignore[ASYNC251]\n    time.sleep(1)\n'],
  ['ignore at the end of the line', B + '    time.sleep(1)  # ruff: ignore[ASYNC251]\n    time.sleep(2)\n'],
  ['ignore with spaces and a reason', B + '    time.sleep(1)  #ruff:ignore[ ASYNC210 ,ASYNC251 ] slow on purpose\n'],
  ['ignore on the last line of a multi-line call', B + '    time.sleep(\n        1\n    )  # ruff: ignore[ASYNC251]\n'],
  ['ignore on its own line: the next statement', B + '    # ruff: ignore[ASYNC251]\n    x = (1,\n      time.sleep(1))\n    time.sleep(2)\n'],
  ['ignore on its own line before a compound statement: its header only', B + '    # ruff: ignore[ASYNC251]\n    if time.sleep(0):\n        time.sleep(1)\n    time.sleep(2)\n'],
  ['disable ... enable', B + '    # ruff: disable[ASYNC251]\n    time.sleep(1)\n    # ruff: enable[ASYNC251]\n    time.sleep(2)\n'],
  ['disable ... enable around a block', B + '    # ruff: disable[ASYNC251]\n    if x:\n        time.sleep(1)\n    # ruff: enable[ASYNC251]\n    time.sleep(2)\n'],
  ['disable without enable: to the end of its block', B + '    if x:\n        # ruff: disable[ASYNC251]\n        time.sleep(1)\n    else:\n        time.sleep(2)\n    time.sleep(3)\n'],
  ['disable without enable, a string at the margin inside', B + '    # ruff: disable[ASYNC251]\n    y = """\nx\n"""\n    time.sleep(1)\nasync def g():\n    time.sleep(2)\n'],
  ['enable with the codes in another order matches nothing', B + '    # ruff: disable[ASYNC251, ASYNC210]\n    time.sleep(1)\n    # ruff: enable[ASYNC210, ASYNC251]\n    time.sleep(2)\n'],
  ['disable at the end of a line does nothing', B + '    time.sleep(1)  # ruff: disable[ASYNC251]\n    time.sleep(2)\n'],
  ['a directive inside a string does nothing', B + '    time.sleep(1); s = "# ruff: noqa: ASYNC251"\n'],
];

for (const [name, src] of RUFF_FORMS) {
  test(`Ruff's suppressions: ${name}`, async () => {
    await ready;
    const lines = new LineIndex(src);
    const ours = lintSource(src, { rules: REGISTRY, config: mergeConfig({ select: ['FPL101'] }) }).findings.map((f) => lines.lineOf(f.start) + 1);
    const theirs = ruffDiagnostics(RUFF, src).filter((d) => d.code === 'ASYNC251').map((d) => d.start_location.row).sort((a, b) => a - b);
    assert.deepEqual(ours, theirs);
  });
}

test('a blanket Ruff exemption leaves the findings Ruff cannot make', async () => {
  await ready;
  const src = '# ruff: noqa\nimport time\nimport requests\nasync def f(s: requests.Session):\n    time.sleep(1)\n    s.get("x")\n';
  assert.deepEqual(lintSource(src, { rules: REGISTRY }).findings.map((f) => f.code), ['FPL102']);
  // Our own codes are not Ruff's to suppress.
  assert.equal(lintSource(B + '    time.sleep(1)  # ruff: ignore[FPL101]\n', { rules: REGISTRY }).findings.length, 1);
});
