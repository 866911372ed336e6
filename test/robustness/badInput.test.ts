// Bad input for the engine: syntax errors everywhere (nothing reported on broken code,
// findings kept where the tree is sound), odd encodings and line endings, a NUL byte,
// expressions nested 10,000 deep. Every result also passes the range invariants.
import { ruleRegistry } from '../../server/src/engine/registry';
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../server/src/engine/document';
import { lintSource, lintTree, type LintOptions } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import type { Rule } from '../../server/src/ruleApi/rule';
import { bracketDepth, MAX_BRACKET_DEPTH } from '../../server/src/engine/nesting';
import { brokenRanges } from '../../server/src/engine/syntaxErrors';
import { decodeSource, LineIndex } from '../../server/src/engine/text';
import { rule as blockingSleep } from '../../rules/blocking-sleep-in-async/rule';
import { ready } from '../helpers';
import { findingProblems, lintFresh } from './checks';
import { int, pick, rng } from './corpus';

const docs = { summary: 's', why: 'w', example: 'e', useInstead: 'u' };

/** Reports every call, and every function on its header (a judgement about the whole body). */
const everything: Rule = {
  meta: { code: 'FPL990', id: 'test-everything', family: 'event-loop', severity: 'info', fix: 'none', docs },
  check(ctx) {
    for (const c of ctx.model.calls) ctx.report({ node: c.node, message: 'call' });
    for (const f of ctx.model.functions) ctx.report({ start: f.start, end: f.node?.childForFieldName('name')?.endIndex ?? f.start, message: `def ${f.name}` });
  },
};

/** Findings of `everything` and FPL101, after checking the invariants and that no rule crashed. */
function lint(text: string, opts: Partial<LintOptions> = {}): Array<{ code: string; text: string; start: number }> {
  const r = lintFresh(text, { path: 'broken.py', rules: ruleRegistry([everything, blockingSleep]), ...opts });
  assert.deepEqual(r.crashes, []);
  assert.deepEqual(findingProblems(text, r.findings), []);
  return r.findings.map((f) => ({ code: f.code, text: text.slice(f.start, f.end), start: f.start }));
}

const SOUND = 'import time\n\n\nasync def sound():\n    time.sleep(2)\n';

const BROKEN: Record<string, string> = {
  'half-typed call': 'async def f():\n    time.sleep(1\n',
  'half-typed def': 'async def f(x, :\n    time.sleep(1)\n',
  'unclosed bracket': 'async def f():\n    x = [1, 2\n    time.sleep(1)\n',
  'unclosed string': 'async def f():\n    x = "abc\n    time.sleep(1)\n',
  'stray tokens': 'async def f():\n    time.sleep(1) ) ) :\n',
  'dangling decorator': '@app.get("/")\n\nx = = 1\n',
  'tabs and spaces': 'async def f():\n\tif x:\n        time.sleep(1)\n\t  y = )\n',
  'Python 2': 'print "hello"\nexec "code"\ntry:\n    pass\nexcept Exception, e:\n    print e\nx = `y` <> 0777L\n',
  'NUL byte': 'async def f():\n    time.sleep(1)\u0000\n',
};

test('syntax errors: no crash, nothing reported on broken code, the sound code still reported', async () => {
  await ready;
  for (const [name, broken] of Object.entries(BROKEN)) {
    // The broken part after sound code, and before it.
    for (const text of [SOUND + broken, broken + '\n' + SOUND]) {
      const tree = parse(text);
      const ranges = brokenRanges(tree);
      const found = lint(text);
      for (const f of found) {
        for (const [a, b] of ranges) assert.ok(!(f.start < b && a < f.start + f.text.length) && !(a === b && a >= f.start && a <= f.start + f.text.length), `${name}: ${f.code} "${f.text}" touches broken code`);
      }
      // The sound function is reported, unless the parser's recovery swallowed it into the error.
      const sound = text.indexOf('async def sound');
      if (!ranges.some(([a, b]) => a <= sound && sound < b)) assert.ok(found.some((f) => f.code === 'FPL101' && f.text === 'time.sleep(2)'), `${name}: the sound call is reported`);
    }
  }
});

test('a judgement about a whole function is not made when its body is broken', async () => {
  await ready;
  const text = 'async def f():\n    time.sleep(1)\n    x = js    on\n\nasync def g():\n    time.sleep(2)\n';
  const found = lint(text);
  assert.ok(!found.some((f) => f.text.startsWith('async def f')), 'nothing on the header of the broken function');
  assert.ok(found.some((f) => f.text === 'async def g'), 'the sound function keeps its header finding');
  // The broken function's own sound statements are still judged on their own ranges.
  assert.ok(found.some((f) => f.code === 'FPL990' && f.text === 'time.sleep(1)'));
});

test('the same findings with LF, CRLF and lone-CR line endings, a BOM, and invalid UTF-8', async () => {
  await ready;
  const lf = 'import time\n\n# é 中 🚀\nasync def f():\n    x = "🚀"; time.sleep(1)\n    time.sleep(2)\n';
  const want = lint(lf).map((f) => [f.code, f.text]);
  assert.equal(want.filter((f) => f[0] === 'FPL101').length, 2);
  for (const eol of ['\r\n', '\r']) {
    const text = lf.replace(/\n/g, eol);
    assert.deepEqual(lint(text).map((f) => [f.code, f.text]), want, JSON.stringify(eol));
    const lines = new LineIndex(text);
    const second = lintSource(text, { rules: ruleRegistry([blockingSleep]) }).findings[1];
    assert.deepEqual(lines.position(second.start), { line: 5, character: 4 }, `LSP line of the second call with ${JSON.stringify(eol)}`);
  }
  const bom = decodeSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lf)]));
  assert.ok(bom.bom);
  assert.deepEqual(lint(bom.text).map((f) => [f.code, f.text]), want);
  // Bytes that are not UTF-8 (and no coding cookie): replacement characters, linted all the same.
  const bad = decodeSource(Buffer.concat([Buffer.from('import time\n# \xff\xfe\n', 'latin1'), Buffer.from('x = "'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]), Buffer.from('"\nasync def f():\n    time.sleep(1)\n')]));
  assert.ok(bad.lossy);
  assert.deepEqual(lint(bad.text).filter((f) => f.code === 'FPL101').map((f) => f.text), ['time.sleep(1)']);
});

test('LineIndex.edited equals a fresh index over random edits of CR, LF and CRLF text', () => {
  const alphabet = ['a', '\n', '\r', '\r\n', 'b\r', '\rb', 'xy'];
  for (let seed = 1; seed < 3000; seed++) {
    const r = rng(seed);
    let text = '';
    for (let i = 0; i < 6; i++) text += pick(r, alphabet);
    let index = new LineIndex(text);
    for (let k = 0; k < 6; k++) {
      const s = int(r, text.length + 1);
      const e = Math.min(text.length, s + int(r, 3));
      const ins = r() < 0.5 ? '' : pick(r, alphabet);
      const next = text.slice(0, s) + ins + text.slice(e);
      index = index.edited(next, s, e, ins.length);
      assert.deepEqual(index.lineStarts, new LineIndex(next).lineStarts, JSON.stringify({ text, s, e, ins }));
      text = next;
    }
  }
});

test('a Document edited at CR/LF boundaries keeps the client\'s text and a correct tree', async () => {
  await ready;
  // A lone CR becomes a CRLF by typing a LF after it, and back.
  const doc = new Document('import time\rasync def f():\r    time.sleep(1)\r', 1);
  try {
    doc.lint({ rules: REGISTRY });
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }], 2);
    assert.equal(doc.text, 'import time\r\nasync def f():\r    time.sleep(1)\r');
    doc.update([{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: 'x = 1\r\n    ' }], 3);
    assert.equal(doc.text, 'import time\r\nasync def f():\r    x = 1\r\n    time.sleep(1)\r');
    assert.equal(doc.tree.rootNode.toString(), parse(doc.text).rootNode.toString());
    assert.deepEqual(
      doc.lint({ rules: REGISTRY }).findings.map((f) => [f.code, f.start]),
      lintSource(doc.text, { rules: REGISTRY }).findings.map((f) => [f.code, f.start]),
    );
  } finally {
    doc.dispose();
  }
});

const N = 10_000;
const DEEP: Record<string, string> = {
  parentheses: `x = ${'('.repeat(N)}1${')'.repeat(N)}\n`,
  'nested calls': `import time\nasync def f():\n    ${'time.sleep('.repeat(N)}1${')'.repeat(N)}\n`,
  lists: `x = ${'['.repeat(N)}${']'.repeat(N)}\n`,
  dicts: `x = ${'{"a": '.repeat(N)}1${'}'.repeat(N)}\n`,
  'unclosed brackets': `x = ${'('.repeat(N)}\n`,
  subscripts: `x = a${'[0]'.repeat(N)}\n`,
  'method chain': `import requests\nasync def f():\n    requests${'.get()'.repeat(N)}\n`,
  lambdas: `f = ${'lambda: '.repeat(N)}1\n`,
  'binary operators': `x = ${Array(N).fill('a').join(' + ')}\n`,
  'not not': `x = ${'not '.repeat(N)}y\n`,
  awaits: `async def f():\n    ${'await '.repeat(N)}g()\n`,
};

test('expressions nested 10,000 deep: no crash; brackets deeper than Python allows are not linted, with a note', async () => {
  await ready;
  for (const [name, text] of Object.entries(DEEP)) {
    const r = lintFresh(text, { rules: REGISTRY, path: 'deep.py' });
    assert.deepEqual(r.crashes, [], name);
    assert.deepEqual(findingProblems(text, r.findings), [], name);
    const brackets = bracketDepth(text) > MAX_BRACKET_DEPTH;
    assert.equal(r.all.notes.some((n) => n.kind === 'too-deep' && n.limit === 200), brackets, `${name}: the nesting note`);
    if (brackets) assert.equal(r.findings.length, 0, name);
    // The incremental path (the server) too.
    const doc = new Document(text, 1);
    try {
      doc.lint({ rules: REGISTRY });
      doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }], 2);
      assert.deepEqual(doc.lint({ rules: REGISTRY }).findings.length, lintSource(doc.text, { rules: REGISTRY }).findings.length, name);
    } finally {
      doc.dispose();
    }
  }
});

test('brackets inside strings and comments do not count towards the nesting limit', async () => {
  await ready;
  const text = `import time\n# ${'('.repeat(500)}\nS = "${'['.repeat(500)}"\nT = """${'{'.repeat(500)}\n"""\nasync def f():\n    time.sleep(1)\n`;
  const tree = parse(text);
  const r = lintTree(text, tree, { rules: ruleRegistry([blockingSleep]) });
  assert.deepEqual(r.notes, []);
  assert.equal(r.findings.length, 1);
});
