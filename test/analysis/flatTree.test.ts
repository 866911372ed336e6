// The flat tree (engine/flatten.ts reads tree-sitter's memory; analysis/tree.ts answers from
// the arrays) must give web-tree-sitter's own answers, node by node: types, ranges, points,
// flags, children, every field, and the searches the analysis uses. Compared on every rule
// fixture and the bundled example, on broken variants of them (cut short, lines dropped),
// and on texts chosen for their edges (non-ASCII and emoji, CR line ends, empty, deep nesting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node as ParsedNode } from 'web-tree-sitter';
import { flatTree, parseIncremental } from '../../server/src/engine/parser';
import { checkFlatten } from '../../server/src/engine/flatten';
import { LineIndex } from '../../server/src/engine/text';
import type { Tree } from '../../server/src/analysis/tree';
import type { Node } from '../../server/src/analysis/tree';
import { ready } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

/** A seeded generator, so the broken variants are the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const key = (n: { startIndex: number; endIndex: number; type: string } | null): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : 'null');

/** Every difference between the two trees of `text`, described (empty when they agree). */
function differences(text: string, checkFields: boolean): string[] {
  const parsed = parseIncremental(text);
  const problems: string[] = [];
  try {
    const tree = flatTree(parsed, text);
    const fields = (parsed.language.fields as Array<string | null>).filter((f): f is string => !!f);
    const pairs: Array<[ParsedNode, Node]> = [];
    const visit = (real: ParsedNode, flat: Node): void => {
      pairs.push([real, flat]);
      if (problems.length > 5) return;
      const where = `${key(real)} (flat ${key(flat)})`;
      const same = (what: string, a: unknown, b: unknown): void => {
        if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${where}: ${what} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      };
      same('type', real.type, flat.type);
      same('range', [real.startIndex, real.endIndex], [flat.startIndex, flat.endIndex]);
      same('start', real.startPosition, flat.startPosition);
      same('end', real.endPosition, flat.endPosition);
      same('flags', [real.isNamed, real.isMissing, real.isExtra, real.hasError, real.isError], [flat.isNamed, flat.isMissing, flat.isExtra, flat.hasError, flat.isError]);
      same('text', real.text, flat.text);
      same('parent', key(real.parent), key(flat.parent));
      same('children', real.children.map(key), flat.children.map(key));
      same('named children', real.namedChildren.map(key), flat.namedChildren.map(key));
      same('siblings', [key(real.nextSibling), key(real.nextNamedSibling)], [key(flat.nextSibling), key(flat.nextNamedSibling)]);
      if (checkFields && real.childCount > 0) {
        for (const f of fields) {
          same(`field ${f}`, key(real.childForFieldName(f)), key(flat.childForFieldName(f)));
          same(`fields ${f}`, real.childrenForFieldName(f).map(key), flat.childrenForFieldName(f).map(key));
        }
      }
      const kids = real.children;
      flat.children.forEach((c, i) => kids[i] && visit(kids[i]!, c));
    };
    visit(parsed.rootNode, tree.rootNode);
    if (problems.length === 0 && pairs.length !== tree.a.count) problems.push(`node count ${pairs.length} vs ${tree.a.count}`);
    // The searches, from the root and every 40th node, with and without a range.
    const typeSets = [['call'], ['identifier', 'string_content'], ['ERROR'], ['function_definition', 'class_definition', 'decorator', 'assignment', 'await']];
    for (let i = 0; i < pairs.length && problems.length === 0; i += 40) {
      const [real, flat] = pairs[i];
      for (const types of typeSets) {
        const want = real.descendantsOfType(types).map(key);
        const got = flat.descendantsOfType(types).map(key);
        if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`descendantsOfType(${types}) from ${key(real)}: ${want} vs ${got}`);
        const ranged = real.descendantsOfType(types, real.startPosition, real.endPosition).map(key);
        const flatRanged = flat.descendantsOfType(types, flat.startIndex, flat.endIndex).map(key);
        if (JSON.stringify(ranged) !== JSON.stringify(flatRanged)) problems.push(`ranged descendantsOfType(${types}) from ${key(real)}: ${ranged} vs ${flatRanged}`);
      }
    }
    // The smallest node at an offset: at every 7th offset, and empty and one-wide ranges.
    for (let at = 0; at <= text.length; at += 7) {
      for (const end of [at, at + 1]) {
        const want = parsed.rootNode.descendantForIndex(at, end);
        const got = tree.rootNode.descendantForIndex(at, end);
        if (key(want) !== key(got)) problems.push(`descendantForIndex(${at}, ${end}): ${key(want)} vs ${key(got)}`);
      }
    }
  } finally {
    parsed.delete();
  }
  return problems;
}

function check(name: string, text: string, checkFields = true): void {
  const problems = differences(text, checkFields);
  assert.deepEqual(problems, [], `${name}: ${problems.join('\n')}`);
}

test('flat tree: every rule fixture and the bundled example, node by node', async () => {
  await ready;
  const files = [...pythonFiles(path.join(ROOT, 'rules')), ...pythonFiles(path.join(ROOT, 'examples'))];
  assert.ok(files.length > 50, 'fixtures found');
  for (const f of files) check(path.relative(ROOT, f), fs.readFileSync(f, 'utf8'));
});

test('flat tree: broken code (files cut short, lines dropped, brackets removed)', async () => {
  await ready;
  const files = pythonFiles(path.join(ROOT, 'rules')).filter((f) => f.endsWith('cases.py'));
  const random = prng(20261206);
  let variants = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const lines = text.split('\n');
    for (let k = 0; k < 3; k++) {
      const cut = text.slice(0, Math.floor(random() * text.length));
      const dropped = lines.filter(() => random() > 0.15).join('\n');
      const unbracketed = text.replace(/[)\]:]/g, (c) => (random() < 0.05 ? '' : c));
      for (const [what, t] of [['cut', cut], ['dropped', dropped], ['unbracketed', unbracketed]] as const) {
        check(`${path.relative(ROOT, f)} ${what} ${k}`, t, k === 0);
        variants++;
      }
    }
  }
  assert.ok(variants > 100);
});

test('flat tree: UTF-16 offsets and points on non-ASCII and emoji lines, CR and CRLF line ends', async () => {
  await ready;
  check('unicode', 'café = "naïve 😀 text"\nasync def f(ß):\n    return {"🐍": ß}  # ünïcode 👍🏽\n');
  check('crlf', 'import time\r\nasync def f():\r\n    time.sleep(1)\r\n');
  check('lone cr', 'import time\rasync def f():\r    time.sleep(1)\r');
  check('mixed', 'x = 1\r\ny = "é"\rz = [\n 1,\r\n 2]\n');
});

test('flat tree: fields a node takes from its child\'s children (a match statement\'s cases)', async () => {
  await ready;
  const text = 'match command:\n    case "go":\n        pass\n    case _:\n        pass\n';
  check('match', text);
  const m = flatTree(parseIncremental(text), text).rootNode.namedChildren[0];
  assert.equal(m.childForFieldName('alternative')?.text.split('\n')[0], 'case "go":');
});

test('flat tree: empty, blank and comment-only texts, and deep nesting', async () => {
  await ready;
  for (const t of ['', '\n', '   \n\n', '# only a comment', '"""doc"""', '\\\n']) check(JSON.stringify(t), t);
  check('deep brackets', `x = ${'['.repeat(400)}1${']'.repeat(400)}\n`, false);
  check('deep calls', `y = ${'f('.repeat(300)}0${')'.repeat(300)}\n`, false);
  check('deep unclosed', `z = ${'('.repeat(500)}\n`, false);
  let nested = '';
  for (let i = 0; i < 60; i++) nested += `${'    '.repeat(i)}if x:\n`;
  check('deep blocks', `${nested}${'    '.repeat(60)}pass\n`);
});

test('flat tree: the start-up check fails, with a clear message, when the memory it reads is not the layout it expects', async () => {
  await ready;
  const text = 'async def f(a):\n    return await g(a)\n';
  // Zeroed memory of the same size: every pointer and count reads 0.
  const size = 1 << 20;
  const blank = { HEAPU8: new Uint8Array(size), HEAPU16: new Uint16Array(size / 2), HEAPU32: new Uint32Array(size / 4) };
  assert.throws(() => checkFlatten(parseIncremental(text), text, blank), /cannot be read \(engine\/flatten\.ts follows tree-sitter 0\.25's layout\)/);
});

/** Every array of two flat trees, and their links, as one comparable value. */
function arrays(t: Tree): string {
  const a = t.a;
  return JSON.stringify([a.count, [...a.symbol], [...a.start], [...a.end], [...a.parent], [...a.next], [...a.after], [...a.childCount], [...a.field], [...a.flags], a.links ?? []]);
}

test('flat tree: after an incremental re-parse, copying the reused subtrees gives the tree a fresh read gives', async () => {
  await ready;
  const random = prng(7);
  const files = pythonFiles(path.join(ROOT, 'rules')).filter((f) => f.endsWith('cases.py')).slice(0, 12);
  let edits = 0;
  for (const f of files) {
    let text = fs.readFileSync(f, 'utf8');
    let parsed = parseIncremental(text);
    let flat = flatTree(parsed, text, {});
    for (let i = 0; i < 15; i++) {
      // Typing, deleting, and pasting a block, anywhere (broken code included).
      const at = Math.floor(random() * text.length);
      const del = random() < 0.3 ? Math.floor(random() * 40) : 0;
      const ins = ['x', ' ', '(', ')', ':', '\n', '"', '#', '\n    async def g():\n        await h()\n', ''][Math.floor(random() * 10)];
      const end = Math.min(text.length, at + del);
      const before = new LineIndex(text);
      const next = text.slice(0, at) + ins + text.slice(end);
      const after = new LineIndex(next);
      const point = (l: LineIndex, o: number) => ({ row: l.position(o).line, column: l.position(o).character });
      parsed.edit({ startIndex: at, oldEndIndex: end, newEndIndex: at + ins.length, startPosition: point(before, at), oldEndPosition: point(before, end), newEndPosition: point(after, at + ins.length) });
      const reparsed = parseIncremental(next, parsed);
      const copied = flatTree(reparsed, next, { previous: flat });
      const fresh = flatTree(reparsed, next);
      assert.equal(arrays(copied), arrays(fresh), `${path.relative(ROOT, f)}, edit ${i} at ${at}`);
      parsed.delete();
      parsed = reparsed;
      flat = copied;
      text = next;
      edits++;
    }
    parsed.delete();
  }
  assert.ok(edits >= 150);
});
