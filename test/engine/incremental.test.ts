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
import { lintSource, lintTree } from '../../server/src/engine/linter';
import type { Finding } from '../../server/src/ruleApi/rule';
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

/** Lints `text` in the editor, applies one insertion, and returns the editor's findings beside a fresh lint's. */
function afterInsert(text: string, at: number, insert: string, code: string) {
  const opts = { rules: REGISTRY, config: mergeConfig({ select: [code] }) };
  const doc = new Document(text, 1);
  try {
    doc.lint(opts);
    doc.update([{ range: new LineIndex(text).range(at, at), text: insert }], 2);
    const shape = (fs: readonly Finding[]) => fs.map((f) => [f.code, f.start, f.fix?.applicability, JSON.stringify(f.fix?.importEdits)]);
    return { editor: shape(doc.lint(opts).findings), check: shape(lintSource(doc.text, opts).findings), mode: doc.linter.lastStats?.mode };
  } finally {
    doc.dispose();
  }
}

const FILLER = Array.from({ length: 20 }, (_, i) => `x${i} = ${i}\n`).join('');

test('in-file references: a reference another statement adds settles the async fix as a full lint does', async () => {
  await ready;
  const dependency = `from fastapi import APIRouter, Depends, Header\nrouter = APIRouter()\n\n\ndef tenant(x: str = Header("d")) -> str:\n    return x.lower()\n\n\n@router.get("/")\nasync def orders(t: str = Depends(tenant)):\n    return t\n\n\n${FILLER}`;
  // FPL112's fix only inserts `async `: its finding is reused unless the edit mentions `tenant`.
  const added = afterInsert(dependency, dependency.length, 'handlers = [tenant]\n', 'FPL112');
  assert.deepEqual(added.editor, added.check);
  assert.equal(added.check[0][2], 'unsafe');
  const unrelated = afterInsert(dependency, dependency.length, 'handlers = [orders]\n', 'FPL112');
  assert.deepEqual(unrelated.editor, unrelated.check);
  assert.equal(unrelated.mode, 'incremental');

  const route = `import time\nfrom fastapi import APIRouter\nrouter = APIRouter()\n\n\n@router.get("/t")\nasync def slow():\n    time.sleep(1)\n    return 1\n\n\n${FILLER}`;
  const referenced = afterInsert(route, route.length, 'handlers = [slow]\n', 'FPL107');
  assert.deepEqual(referenced.editor, referenced.check);
  assert.equal(referenced.check[0][2], 'unsafe');
});

test('in-file references: an import a fix leaves unused is removed in the editor as by check, whatever other chunks bind', async () => {
  await ready;
  // `g`'s own `time` is not the import: once FPL101's fix rewrites `time.sleep`, nothing uses the import.
  const text = `import time\n\n\ndef g():\n    time = 3\n    return time\n\n\n${FILLER}\n\nasync def r():\n    time.sleep(1)\n`;
  const edited = afterInsert(text, text.indexOf('time.sleep'), 'x = 1\n    ', 'FPL101');
  assert.deepEqual(edited.editor, edited.check);
  assert.match(edited.check[0][3] as string, /"start":0,"end":12/);
});
