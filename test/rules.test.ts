// Walks every rule folder: the markers of each case file must match the rule's findings
// exactly, and each `<case>.fixed.py` must equal the result of all the rule's fixes (which
// must parse, and compile with CPython: one python3 for every fixed file). A folder holds
// `cases.py` and, for rules whose behaviour depends on library versions, more case files
// (`cases.fastapi-0.115.py`) pinning versions on their first line with
// `# fixture-versions: fastapi=0.115.0, orjson=3.10`.
// A leading `# fixture-path: gunicorn.conf.py` comment names the file a case file is linted as.
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
import { fixtureConfig, fixtureOptions, fixtureVersions, lintWith, parseMarkers, ready, REGISTRY } from './helpers';
import { compileWithCPython } from './cpython';

const RULES_DIR = join(__dirname, '..', 'rules');
const NOT_RULES = new Set(['data', 'shared']);
const MIN_CASES = 5;

/** Case files of a rule folder: `cases.py` first, then the version-pinned ones. */
function caseFiles(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => /^cases(\.[\w.-]+)?\.py$/.test(n) && !n.endsWith('.fixed.py'));
  return names.sort((a, b) => (a === 'cases.py' ? -1 : b === 'cases.py' ? 1 : a < b ? -1 : 1));
}

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

test('fixture-versions pins are read from the first line only', () => {
  assert.deepEqual(fixtureVersions('# fixture-versions: fastapi=0.115.0, orjson=3.10\nx = 1\n'), {
    fastapi: { version: '0.115.0', source: 'fixture-versions' },
    orjson: { version: '3.10', source: 'fixture-versions' },
  });
  assert.equal(fixtureVersions('x = 1\n# fixture-versions: fastapi=0.115.0\n'), undefined);
  assert.throws(() => fixtureVersions('# fixture-versions: flask=3.0\n'));
});

for (const rule of RULES) {
  const dir = join(RULES_DIR, rule.meta.id);
  const code = rule.meta.code;
  const files = existsSync(dir) ? caseFiles(dir) : [];

  test(`${code} ${rule.meta.id}: at least ${MIN_CASES} true positives and ${MIN_CASES} negatives`, () => {
    assert.equal(files[0], 'cases.py', 'has cases.py');
    const markers = files.flatMap((f) => parseMarkers(readFileSync(join(dir, f), 'utf8')).filter((m) => m.codes.includes(code)));
    assert.ok(markers.filter((m) => m.kind === 'expect').length >= MIN_CASES, `at least ${MIN_CASES} expect markers`);
    assert.ok(markers.filter((m) => m.kind === 'ok').length >= MIN_CASES, `at least ${MIN_CASES} ok markers`);
  });

  for (const file of files) {
    const fixedPath = join(dir, file.replace(/\.py$/, '.fixed.py'));

    test(`${code} ${rule.meta.id}: ${file} fixtures`, async () => {
      await ready;
      const text = readFileSync(join(dir, file), 'utf8');
      const markers = parseMarkers(text).filter((m) => m.codes.includes(code));
      if (file === 'cases.py') {
        assert.ok(markers.some((m) => m.kind === 'expect'), 'has true positives');
        assert.ok(markers.some((m) => m.kind === 'ok'), 'has negatives');
      } else assert.ok(markers.length > 0, 'has markers');
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
        } else if (n > 0) problems.push(`line ${m.line + 1}: unexpected ${code} (marked ok): ${findings.find((f) => lines.lineOf(f.start) === m.line)!.message}`);
      }
      for (const [line] of byLine) {
        if (!expected.has(line)) problems.push(`line ${line + 1}: ${code} reported without an expect marker: ${findings.find((f) => lines.lineOf(f.start) === line)!.message}`);
      }
      assert.deepEqual(problems, []);
    });

    test(`${code} ${rule.meta.id}: ${file} fixes`, async () => {
      await ready;
      const text = readFileSync(join(dir, file), 'utf8');
      if (rule.meta.fix === 'none') {
        assert.ok(!existsSync(fixedPath), 'a rule without fixes has no fixed file');
        return;
      }
      const result = fixAll(text, { rules: REGISTRY, path: 'cases.py', ...fixtureOptions(text), config: mergeConfig({ select: [code] }, fixtureConfig(text)) }, (f) => f.code === code);
      if (!existsSync(fixedPath)) {
        // Only a version-pinned case file may lack a fixed file, and then nothing may be fixed in it.
        assert.notEqual(file, 'cases.py', 'a rule with fixes has cases.fixed.py');
        assert.deepEqual(result.applied.map((f) => f.message), [], `fixes apply, so ${file.replace(/\.py$/, '.fixed.py')} is needed`);
        return;
      }
      assert.ok(result.applied.length > 0, 'at least one fix applies');
      assert.deepEqual(result.rejected, []);
      const before = parse(text);
      const after = parse(result.text);
      assert.ok(errorCount(after) <= errorCount(before), 'fixed output parses with no new ERROR/MISSING nodes');
      assert.equal(result.text, readFileSync(fixedPath, 'utf8'));
    });
  }
}

test('every fixed case file compiles with CPython', () => {
  const fixed = RULES.flatMap((r) => {
    const dir = join(RULES_DIR, r.meta.id);
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.fixed.py')).map((n) => join(r.meta.id, n)) : [];
  });
  assert.ok(fixed.length > 20, `fixed files: ${fixed.length}`);
  const answers = compileWithCPython(fixed.map((name) => ({ name, text: readFileSync(join(RULES_DIR, name), 'utf8') })));
  assert.deepEqual(fixed.filter((_, i) => answers[i] !== null).map((name, i) => `${name}: ${answers.filter((a) => a !== null)[i]}`), []);
});
