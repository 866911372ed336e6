// Incremental analysis must equal a full analysis of the same text, whatever the edits.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from '../../server/src/engine/document';
import { lintTree } from '../../server/src/engine/linter';
import { FileModel } from '../../server/src/analysis/model';
import { normaliseSummary as normalise } from '../robustness/fuzz';
import { LineIndex } from '../../server/src/engine/text';
import { randomEdit, ready, seededInts } from '../helpers';

const ROOT = join(__dirname, '..', '..');
const FILES = [
  'rules/blocking-sleep-in-async/cases.py',
  'rules/unbounded-collection-route/cases.py',
  'rules/engine-pool-unconfigured/cases.py',
  'rules/session-not-released/cases.py',
  'examples/shop-api/app/routers/items.py',
  'examples/shop-api/app/routers/reports.py',
  // Classes: an edit inside a member moves the class's end, which its header's summary holds.
  'rules/pydantic-v1-config/cases.py',
  'rules/pydantic-v1-validator/cases.py',
  'examples/shop-api/app/models.py',
];
const SNIPPETS = ['x', ' ', '\n', '(', ')', ':', 'time.sleep(1)', '\n    ', 'async ', 'def g():\n    pass\n', '"', '#', 'class K:\n    y = 1\n', 'import time\n', '\n\n'];


for (const file of FILES) {
  test(`incremental analysis equals a full one over random edits: ${file}`, async () => {
    await ready;
    let text = readFileSync(join(ROOT, file), 'utf8');
    const doc = new Document(text, 1);
    const r = seededInts(file.length * 7919);
    try {
      doc.lint({ rules: REGISTRY });
      for (let step = 0; step < 150; step++) {
        const lines = new LineIndex(text);
        const { start, end, insert } = randomEdit(text, r, SNIPPETS);
        doc.update([{ range: lines.range(start, end), text: insert }], step + 2);
        text = text.slice(0, start) + insert + text.slice(end);
        assert.equal(doc.text, text);
        if (r(3) !== 0) continue; // several edits between lints, as a debounce does
        const inc = doc.lint({ rules: REGISTRY });
        const full = lintTree(text, doc.tree, { rules: REGISTRY });
        assert.deepEqual(
          inc.findings.map((f) => [f.code, f.start, f.end, f.message, JSON.stringify(f.fix)]),
          full.findings.map((f) => [f.code, f.start, f.end, f.message, JSON.stringify(f.fix)]),
          `findings after step ${step}`,
        );
        const fresh = new FileModel({ text, tree: doc.tree, context: full.model.context });
        fresh.computeAllDetails();
        inc.model.computeAllDetails();
        assert.equal(normalise(inc.model.summary), normalise(fresh.summary), `summary after step ${step}`);
      }
    } finally {
      doc.dispose();
    }
  });
}
