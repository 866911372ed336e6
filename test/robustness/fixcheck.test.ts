// Fix validity on the fast subset (every fixture, and the standard library's asyncio package):
// every fix alone and fix-all per file give code that parses with no new ERROR/MISSING nodes,
// without the fixed finding, changed only inside the edits. `npm run fixcheck` runs the whole
// standard library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from '../helpers';
import { checkFixes, newFixStats, onlyEditsChanged } from './checks';
import { corpus, optionsFor, readText } from './corpus';

test('every fix of the fixtures and of asyncio, alone and all together, is valid', async () => {
  await ready;
  const files = [...corpus('fixtures'), ...corpus('stdlib').filter((f) => f.name.startsWith('stdlib/asyncio/'))];
  const stats = newFixStats();
  for (const f of files) {
    const text = readText(f);
    checkFixes(f.name, text, optionsFor(f, text), stats);
  }
  assert.deepEqual(stats.problems, []);
  assert.ok(stats.single > 200, `fixes applied alone: ${stats.single}`);
  assert.ok(stats.fixAllFiles > 30, `files fixed with fix-all: ${stats.fixAllFiles}`);
  assert.ok(stats.byCode.size > 15, `rules with fixes checked: ${stats.byCode.size}`);
});

test('the check for changes outside the edits can fail', () => {
  const edits = [{ start: 4, end: 5, text: 'X' }];
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdXfgh', edits), true);
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdXfgH', edits), false);
  assert.equal(onlyEditsChanged('abcdefgh', 'abcdfgh', edits), false);
});
