// Incremental analysis must equal a full analysis of the same text, whatever the edits. Each
// rule runs alone: with every rule selected, another rule recording the same read would hide
// a read the rule under test does not record. Its fixtures receive seeded random edits, then
// the fuzzer's edit streams.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { Document } from '../../server/src/engine/document';
import { lintTree } from '../../server/src/engine/linter';
import { FileModel } from '../../server/src/analysis/model';
import { fuzzEdits, normaliseSummary as normalise } from '../robustness/fuzz';
import { fixtureFiles, optionsFor, readText, REPO, type CorpusFile } from '../robustness/corpus';
import { LineIndex } from '../../server/src/engine/text';
import { randomEdit, ready, seededInts } from '../helpers';

const SNIPPETS = [
  'x', ' ', '\n', '(', ')', ':', 'time.sleep(1)', '\n    ', 'async ', 'def g():\n    pass\n', '"', '#', 'class K:\n    y = 1\n', 'import time\n', '\n\n',
  '.dict()', '@validator("x")\n', 'class Config:\n        orm_mode = True\n', 'model_config = 1\n', 'import pydantic.v1\n',
  // Module-level names other chunks' findings depend on.
  '\nmax_requests = 5\n', '\nget_settings = None\n', '\nfrom pydantic import field_validator\n', '\nTA = TypeAdapter\n', '\nworkers = 2\n', '\nget_db = registry.get_db\n',
];
const STEPS = 60;
const BURSTS = 6;

/** Seeded edits of one file, linted every few edits with only `code` selected: findings and summary equal a full lint's. */
function editStream(file: CorpusFile, code: string): void {
  let text = readText(file);
  const opts = { ...optionsFor(file, text), config: mergeConfig({ select: [code] }) };
  const doc = new Document(text, 1);
  const r = seededInts(file.name.length * 7919);
  try {
    doc.lint(opts);
    for (let step = 0; step < STEPS; step++) {
      const lines = new LineIndex(text);
      const { start, end, insert } = randomEdit(text, r, SNIPPETS);
      doc.update([{ range: lines.range(start, end), text: insert }], step + 2);
      text = text.slice(0, start) + insert + text.slice(end);
      assert.equal(doc.text, text);
      if (r(3) !== 0) continue; // several edits between lints, as a debounce does
      const inc = doc.lint(opts);
      const full = lintTree(text, doc.tree, opts);
      assert.deepEqual(
        inc.findings.map((f) => [f.code, f.start, f.end, f.message, f.severity, JSON.stringify(f.fix)]),
        full.findings.map((f) => [f.code, f.start, f.end, f.message, f.severity, JSON.stringify(f.fix)]),
        `${file.name}: findings after step ${step}`,
      );
      const fresh = new FileModel({ text, tree: doc.tree, context: full.model.context });
      fresh.computeAllDetails();
      inc.model.computeAllDetails();
      assert.equal(normalise(inc.model.summary), normalise(fresh.summary), `${file.name}: summary after step ${step}`);
    }
  } finally {
    doc.dispose();
  }
}

for (const rule of REGISTRY.rules) {
  const { code, id } = rule.meta;
  const folder = join(REPO, 'rules', id) + sep;
  test(`${code} alone: incremental analysis equals a full one over random edits of its fixtures`, async () => {
    await ready;
    const files = fixtureFiles().filter((f) => f.path.startsWith(folder) && !f.path.endsWith('.fixed.py'));
    assert.ok(files.length > 0, `${id} has fixtures`);
    for (const file of files) editStream(file, code);
    const stats = fuzzEdits(files, { seed: 20251125, iterations: BURSTS, select: [code], stopOnFailure: true });
    assert.deepEqual(stats.failures.map((f) => `${f.file}: ${f.message}`), []);
    assert.equal(stats.bursts, BURSTS);
  });
}

test('a name defined twice: each definition keeps its own body facts when an edit removes the last one', async () => {
  await ready;
  // Long enough that the edit is not a paste of most of the file (which is linted in full).
  const filler = Array.from({ length: 20 }, (_, i) => `x${i} = ${i}\n`).join('');
  const text = `def f():\n    return first()\n\n\n${filler}\n\ndef f():\n    return second()\n`;
  // A rule that reads nothing of `f`: the first definition's chunk is reused as it is.
  const opts = { rules: REGISTRY, config: mergeConfig({ select: ['FPL503'] }) };
  const doc = new Document(text, 1);
  try {
    doc.lint(opts);
    const second = text.lastIndexOf('def f');
    doc.update([{ range: new LineIndex(text).range(second, text.length), text: 'y = 2\n' }], 2);
    const inc = doc.lint(opts);
    assert.deepEqual(doc.linter.lastStats, { mode: 'incremental', analysed: 1, reused: 21 });
    inc.model.computeAllDetails();
    assert.deepEqual(inc.model.summary.functions.f.detail?.calls.map((c) => c.ref), ['first']);
  } finally {
    doc.dispose();
  }
});
