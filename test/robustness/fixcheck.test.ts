// Fix validity on the fast subset (every fixture, and the standard library's asyncio package):
// every fix alone and fix-all per file give code that parses with no new ERROR/MISSING nodes,
// compiles with CPython, gains no Ruff I001/F401/F821 finding and no finding of ours in a
// function, without the fixed finding, changed only inside the edits. `npm run fixcheck`
// runs the whole standard library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/linter';
import { ready } from '../helpers';
import { checkFixes, FixedTextVerifier, findingKeys, lintFresh, newFixStats, onlyEditsChanged } from './checks';
import { corpus, optionsFor, readText } from './corpus';

test('every fix of the fixtures and of asyncio, alone and all together, is valid', async () => {
  await ready;
  const files = [...corpus('fixtures'), ...corpus('stdlib').filter((f) => f.name.startsWith('stdlib/asyncio/'))];
  const stats = newFixStats();
  const verifier = new FixedTextVerifier(stats);
  for (const f of files) {
    const text = readText(f);
    checkFixes(f.name, text, optionsFor(f, text), stats, (t) => verifier.add(t));
    await verifier.drain();
  }
  await verifier.finish();
  assert.deepEqual(stats.problems, []);
  assert.ok(stats.single > 200, `fixes applied alone: ${stats.single}`);
  assert.ok(stats.fixAllFiles > 30, `files fixed with fix-all: ${stats.fixAllFiles}`);
  assert.ok(stats.byCode.size > 15, `rules with fixes checked: ${stats.byCode.size}`);
  assert.ok(stats.compiled > 200, `fixed texts compiled with CPython: ${stats.compiled}`);
});

test('a fix never creates a finding: fix-all over every rule fixture and example, every rule on, then a fresh lint', async () => {
  await ready;
  const config = mergeConfig({ select: ['ALL'] });
  const created: string[] = [];
  let fixed = 0;
  for (const f of corpus('fixtures')) {
    const text = readText(f);
    const opts = { ...optionsFor(f, text), config };
    const before = lintFresh(text, opts).all;
    const keys = findingKeys(before.findings, before.model);
    const all = fixAll(text, opts, () => true);
    if (all.applied.length === 0) continue;
    fixed++;
    const after = lintFresh(all.text, opts).all;
    for (const k of findingKeys(after.findings, after.model)) if (!keys.has(k)) created.push(`${f.name}: ${k}`);
  }
  assert.deepEqual(created, []);
  assert.ok(fixed > 30, `files fixed: ${fixed}`);
});

test('the check for changes outside the edits can fail', () => {
  const edits = [{ start: 4, end: 5, text: 'X' }];
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdXfgh', edits), true);
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdXfgH', edits), false);
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdfgh', edits), false);
});
