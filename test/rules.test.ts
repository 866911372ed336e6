// Walks every rule folder: cases.py markers must match the rule's findings exactly,
// and cases.fixed.py must equal the result of all the rule's fixes (which must parse).
// A fixture's first line may pin versions (`# fixture-versions: pydantic=1.10.0`), and a
// leading `# fixture-path: gunicorn.conf.py` comment names the file it is linted as.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../rules/index';
import { mergeConfig } from '../server/src/engine/config';
import { fixAll } from '../server/src/engine/linter';
import { errorCount } from '../server/src/engine/fixes';
import { parse } from '../server/src/engine/parser';
import { LineIndex } from '../server/src/engine/text';
import { fixtureOptions, lintWith, parseMarkers, ready } from './helpers';

const RULES_DIR = join(__dirname, '..', 'rules');
const NOT_RULES = new Set(['data', 'shared']);

test('registry matches the rule folders', () => {
  const folders = readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_RULES.has(d.name))
    .map((d) => d.name)
    .sort();
  assert.deepEqual([...RULES.map((r) => r.meta.id)].sort(), folders);
  const codes = RULES.map((r) => r.meta.code);
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  for (const r of RULES) assert.match(r.meta.code, /^FPL[1-5][0-9]{2}$/);
});

for (const rule of RULES) {
  const dir = join(RULES_DIR, rule.meta.id);
  const code = rule.meta.code;
  test(`${code} ${rule.meta.id}: fixtures`, async () => {
    await ready;
    const text = readFileSync(join(dir, 'cases.py'), 'utf8');
    const markers = parseMarkers(text).filter((m) => m.codes.includes(code));
    assert.ok(markers.some((m) => m.kind === 'expect'), 'has true positives');
    assert.ok(markers.some((m) => m.kind === 'ok'), 'has negatives');
    const findings = lintWith(text, [code], fixtureOptions(text)).filter((f) => f.code === code);
    const lines = new LineIndex(text);
    const byLine = new Map<number, number>();
    for (const f of findings) byLine.set(lines.lineOf(f.start), (byLine.get(lines.lineOf(f.start)) ?? 0) + 1);
    const problems: string[] = [];
    const expected = new Set<number>();
    for (const m of markers) {
      const n = byLine.get(m.line) ?? 0;
      if (m.kind === 'expect') {
        expected.add(m.line);
        if (n === 0) problems.push(`line ${m.line + 1}: expected ${code}, got none`);
      } else if (n > 0) problems.push(`line ${m.line + 1}: unexpected ${code} (marked ok)`);
    }
    for (const [line] of byLine) {
      if (!expected.has(line)) problems.push(`line ${line + 1}: ${code} reported without an expect marker: ${findings.find((f) => lines.lineOf(f.start) === line)!.message}`);
    }
    assert.deepEqual(problems, []);
  });

  test(`${code} ${rule.meta.id}: fixes`, async () => {
    await ready;
    const text = readFileSync(join(dir, 'cases.py'), 'utf8');
    const fixedPath = join(dir, 'cases.fixed.py');
    if (rule.meta.fix === 'none') {
      assert.ok(!existsSync(fixedPath), 'a rule without fixes has no cases.fixed.py');
      return;
    }
    const result = fixAll(text, { path: 'cases.py', ...fixtureOptions(text), config: mergeConfig({ select: [code] }) }, (f) => f.code === code);
    assert.ok(result.applied.length > 0, 'at least one fix applies');
    assert.deepEqual(result.rejected, []);
    const before = parse(text);
    const after = parse(result.text);
    try {
      assert.ok(errorCount(after) <= errorCount(before), 'fixed output parses with no new ERROR/MISSING nodes');
    } finally {
      before.delete();
      after.delete();
    }
    assert.equal(result.text, readFileSync(fixedPath, 'utf8'));
  });
}
