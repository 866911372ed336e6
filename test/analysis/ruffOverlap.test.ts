// The Ruff overlap table (analysis/knowledge/ruff.ts) against Ruff itself (its WebAssembly
// build): for every blocking call of our tables, in every shape Ruff tells apart (imported
// name, `from` import, constructor call, local, parameter, `with`, two bindings, annotated
// assignment, module global), `ruffCodeOf` names the code Ruff reports on that call, and
// nothing when Ruff reports none; our findings on the rules' fixtures carry the code Ruff
// reports at the same place; and the table's idea of Ruff's defaults is Ruff's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BLOCKING, FAMILY_CODE } from '../../server/src/analysis/knowledge/blocking';
import { RUFF_CODES, RUFF_OVERLAP, ruffDefaultCodes } from '../../server/src/analysis/knowledge/ruff';
import { FileModel } from '../../server/src/analysis/model';
import { ruffCodeOf } from '../../server/src/analysis/ruffOverlap';
import { mergeConfig } from '../../server/src/engine/config';
import { lintSource } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import type { Node } from '../../server/src/analysis/tree';
import { LineIndex } from '../../server/src/engine/text';
import { ready, REGISTRY } from '../helpers';
import { ruffDiagnostics, ruffWorkspace } from '../ruff';

const ALL_ASYNC = ruffWorkspace({ lint: { select: ['ASYNC'] } });

/** Ruff's mapped codes on a text, by UTF-16 offset of the diagnostic's start. */
function ruffAt(text: string, ws = ALL_ASYNC): Map<number, string> {
  const lines = new LineIndex(text);
  const out = new Map<number, string>();
  for (const d of ruffDiagnostics(ws, text)) {
    if (!RUFF_CODES.includes(d.code)) continue;
    out.set(lines.offset({ line: d.start_location.row - 1, character: d.start_location.column - 1 }), d.code);
  }
  return out;
}

/**
 * `ruffCodeOf` for the call that starts the last line of `text`, as the rule of `code` would
 * report it: the outermost call starting there, or the innermost (`inner`: the receiver is
 * itself a blocking call, `Popen(...).wait()`, reported on the `Popen`).
 */
function oursAt(text: string, code: string, inner: boolean): { offset: number; ruff: string | undefined } {
  const tree = parse(text);
  const model = new FileModel({ text, tree, context: { module: 'm', isPackage: false } });
  const lastLine = text.trimEnd().lastIndexOf('\n') + 1;
  const offset = lastLine + (text.slice(lastLine).length - text.slice(lastLine).trimStart().length);
  let call: Node | null = null;
  for (let n: Node | null = tree.rootNode.descendantForIndex(offset); n && n.startIndex === offset; n = n.parent) {
    if (n.type !== 'call') continue;
    call = n;
    if (inner) break;
  }
  return { offset, ruff: call ? ruffCodeOf(model, code, call) : undefined };
}

const CLASSES = new Set(
  Object.keys(BLOCKING)
    .map((q) => q.slice(0, q.lastIndexOf('.')))
    .filter((owner) => /^[A-Z]/.test(owner.slice(owner.lastIndexOf('.') + 1))),
);

/** Snippets calling `q` in each shape Ruff tells apart; the call is on the last line. */
function shapes(q: string): Record<string, string> {
  const owner = q.slice(0, q.lastIndexOf('.'));
  const name = q.slice(q.lastIndexOf('.') + 1);
  if (CLASSES.has(owner)) {
    const cls = owner.slice(owner.lastIndexOf('.') + 1);
    const imp = `from ${owner.slice(0, owner.lastIndexOf('.'))} import ${cls}\n`;
    return {
      ctor: `${imp}async def f():\n    ${cls}("x").${name}()\n`,
      local: `${imp}async def f():\n    v = ${cls}("x")\n    v.${name}()\n`,
      param: `${imp}async def f(v: ${cls}):\n    v.${name}()\n`,
      optional: `${imp}from typing import Optional\nasync def f(v: Optional[${cls}]):\n    v.${name}()\n`,
      with: `${imp}async def f():\n    with ${cls}("x") as v:\n        v.${name}()\n`,
      twice: `${imp}async def f():\n    v = ${cls}("x")\n    v = ${cls}("y")\n    v.${name}()\n`,
      annotated: `${imp}async def f(g):\n    v: ${cls} = g()\n    v.${name}()\n`,
      global: `${imp}v = ${cls}("x")\nasync def f():\n    v.${name}()\n`,
      returned: `${imp}def make() -> ${cls}:\n    return ${cls}("x")\nasync def f():\n    v = make()\n    v.${name}()\n`,
    };
  }
  if (owner === 'builtins') return { builtin: `async def f():\n    ${name}("x")\n`, shadowed: `def ${name}(x):\n    pass\nasync def f():\n    ${name}("x")\n` };
  const out: Record<string, string> = {
    module: `import ${owner}\nasync def f():\n    ${q}("x")\n`,
    from: `from ${owner} import ${name}\nasync def f():\n    ${name}("x")\n`,
    alias: `from ${owner} import ${name} as other\nasync def f():\n    other("x")\n`,
    assigned: `import ${owner}\nasync def f():\n    g = ${q}\n    g("x")\n`,
  };
  if (name.startsWith('spawn')) {
    out.wait = `import os\nasync def f():\n    os.${name}(os.P_WAIT, "x")\n`;
    out.waitName = `from os import P_WAIT, ${name}\nasync def f():\n    ${name}(P_WAIT, "x")\n`;
    out.waitVariable = `import os\nasync def f():\n    m = os.P_WAIT\n    os.${name}(m, "x")\n`;
    out.waitKeyword = `import os\nasync def f():\n    os.${name}(mode=os.P_WAIT, file="x")\n`;
    out.nowait = `import os\nasync def f():\n    os.${name}(os.P_NOWAIT, "x")\n`;
    out.noMode = `import os\nasync def f():\n    os.${name}()\n`;
  }
  return out;
}

test('ruffCodeOf names the code Ruff reports on the same call, for every blocking call in every shape', async () => {
  await ready;
  const families = new Set(RUFF_OVERLAP.map((o) => o.fpl));
  let flagged = 0;
  const wrong: string[] = [];
  for (const [q, entry] of Object.entries(BLOCKING)) {
    const code = FAMILY_CODE[entry.family];
    if (q.endsWith('.*') || !families.has(code)) continue;
    for (const [shape, text] of Object.entries(shapes(q))) {
      const owner = q.slice(0, q.lastIndexOf('.'));
      const ours = oursAt(text, code, shape === 'ctor' && !!BLOCKING[owner]);
      const theirs = ruffAt(text).get(ours.offset);
      if (theirs) flagged++;
      if (ours.ruff !== theirs) wrong.push(`${q} (${shape}): ours ${ours.ruff ?? '-'}, Ruff ${theirs ?? '-'}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(flagged > 150, `only ${flagged} calls flagged by Ruff: the shapes are not what Ruff matches`);
});

test("our findings on the rules' fixtures carry the Ruff code Ruff reports at the same place", async () => {
  await ready;
  const config = mergeConfig({ select: ['FPL101', 'FPL102', 'FPL104', 'FPL105'], reportFileIo: true, reportLightIo: true });
  let withCode = 0;
  let without = 0;
  const wrong: string[] = [];
  for (const id of ['blocking-sleep-in-async', 'blocking-http-in-async', 'blocking-file-io-in-async', 'blocking-subprocess-in-async']) {
    const file = path.join(__dirname, '..', '..', 'rules', id, 'cases.py');
    const text = readFileSync(file, 'utf8');
    const ruff = ruffAt(text);
    const lines = new LineIndex(text);
    for (const f of lintSource(text, { rules: REGISTRY, config, path: file }).findings) {
      if (f.ruff) withCode++;
      else without++;
      if (f.ruff !== ruff.get(f.start)) wrong.push(`${id}:${lines.lineOf(f.start) + 1} ${f.code}: ours ${f.ruff ?? '-'}, Ruff ${ruff.get(f.start) ?? '-'}`);
    }
  }
  assert.deepEqual(wrong, []);
  // Both kinds exist: calls Ruff flags too, and calls only we see.
  assert.ok(withCode > 10 && without > 10, `${withCode} with a Ruff code, ${without} without`);
});

test("the table's default codes are Ruff's defaults, with and without preview", async () => {
  await ready;
  const stable = ruffWorkspace({});
  const preview = ruffWorkspace({ lint: { preview: true } });
  for (const o of RUFF_OVERLAP) {
    const q = o.functions ? o.functions[0] : `${o.receiver!.types[0]}.${o.receiver!.methods[0]}`;
    const text = Object.values(shapes(q)).find((t) => ruffAt(t).size > 0 && [...ruffAt(t).values()].includes(o.ruff));
    assert.ok(text, `no shape of ${q} makes Ruff report ${o.ruff}`);
    // Under preview Ruff names rules instead of giving codes.
    const names = (ws: ReturnType<typeof ruffWorkspace>) => ruffDiagnostics(ws, text!).map((d) => d.code);
    assert.equal(names(stable).includes(o.ruff), ruffDefaultCodes(false).includes(o.ruff), `${o.ruff} by default`);
    assert.equal(names(preview).includes(o.name), ruffDefaultCodes(true).includes(o.ruff), `${o.ruff} by default with preview`);
  }
});
