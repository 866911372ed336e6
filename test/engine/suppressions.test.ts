import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSource } from '../../server/src/engine/linter';
import { ready } from '../helpers';

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
