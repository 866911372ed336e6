import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../server/src/engine/document';
import { lintSource } from '../../server/src/engine/linter';
import { ready } from '../helpers';

const SRC = 'import time\n\nasync def f():\n    x = 1\n    time.sleep(1)\n';

test('incremental edits give the same tree and findings as a fresh parse', async () => {
  await ready;
  const doc = new Document(SRC, 1);
  try {
    // Rename x -> value, then insert a second sleep, then delete the first line's "import time".
    doc.update([{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }, text: 'value' }], 2);
    doc.update([{ range: { start: { line: 4, character: 17 }, end: { line: 4, character: 17 } }, text: '\n    time.sleep(2)' }], 3);
    assert.equal(doc.text, 'import time\n\nasync def f():\n    value = 1\n    time.sleep(1)\n    time.sleep(2)\n');
    const fresh = lintSource(doc.text, { rules: REGISTRY }).findings.map((f) => [f.code, f.start, f.end]);
    const inc = doc.lint({ rules: REGISTRY }).findings.map((f) => [f.code, f.start, f.end]);
    assert.deepEqual(inc, fresh);
    assert.equal(inc.length, 2);
    assert.equal(doc.tree.rootNode.toString(), (await import('../../server/src/engine/parser')).parse(doc.text).rootNode.toString());
    doc.update([{ text: 'print(1)\n' }], 4);
    assert.equal(doc.lint({ rules: REGISTRY }).findings.length, 0);
  } finally {
    doc.dispose();
  }
});

test('several changes in one notification apply in order; out-of-range positions clamp', async () => {
  await ready;
  const doc = new Document('ab\ncd\n', 1);
  try {
    doc.update(
      [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'X' },
        { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 99 } }, text: 'Y' },
        { range: { start: { line: 50, character: 0 }, end: { line: 60, character: 0 } }, text: 'Z' },
      ],
      2,
    );
    assert.equal(doc.text, 'Xb\ncY\nZ');
  } finally {
    doc.dispose();
  }
});
