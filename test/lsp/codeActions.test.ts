// Code actions and hover over stdio: each kind of action, and the text after applying it.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { parse } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
import { docsUrl } from '../../server/src/engine/docs';
import { ready } from '../helpers';
import { applyLspEdits, editsFor, LspClient, makeWorkspace } from './harness';
import { mergeConfig } from '../../server/src/engine/config';
import { compileWithCPython } from '../cpython';

/** The LSP fixtures are written for FPL101 (the harness selects it). */
const FPL101_ONLY = mergeConfig({ select: ['FPL101'] });

const MAIN = 'app/main.py';

async function setup(opts: { resolve?: boolean; documentChanges?: boolean } = {}) {
  await ready;
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], ...opts });
  const uri = ws.uri(MAIN);
  const text = readFileSync(ws.file(MAIN), 'utf8');
  await client.indexed();
  await client.open(uri, text, 1);
  const p = await client.diagnosticsFor(uri, (x) => x.diagnostics.length === 4);
  const actionsAt = async (d: Diagnostic, only?: string[]): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only } });
  return { ws, client, uri, text, diagnostics: p.diagnostics, actionsAt, stop: async () => (await client.stop(), ws.dispose()) };
}

/** No new ERROR/MISSING nodes: the fixed text parses. */
function parsesCleanly(text: string): boolean {
  const tree = parse(text);
  return !tree.rootNode.hasError;
}

test('quick fix: the rule fix, preferred when safe, with its import; applies to the version it was made for', async () => {
  const s = await setup();
  try {
    const d = s.diagnostics[0];
    const actions = await s.actionsAt(d);
    // With no `only` filter (the lightbulb; editors hide source actions there) the source action comes last.
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Replace with await asyncio.sleep(...)',
        'Fix all FPL101 problems in this file',
        'Ignore FPL101 on this line',
        'Ignore FPL101 in this file',
        'Ignore FPL101 in pyproject.toml (the whole project)',
        'Show documentation for FPL101',
        'Fix all safe FastAPI Perf problems',
      ],
    );
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [d]);
    const { edits, version } = editsFor(fix.edit, s.uri);
    assert.equal(version, 1);
    const after = applyLspEdits(s.text, edits);
    assert.ok(after.includes('    await asyncio.sleep(0.1)\n'));
    assert.ok(after.startsWith('import asyncio\nimport time\n\nfrom fastapi import FastAPI\n'), 'the import goes into the standard library group, in order');
    assert.ok(parsesCleanly(after));
    // Exactly one finding fewer.
    const fpl101 = (t: string) => lintSource(t, { rules: REGISTRY, path: 'x.py', config: FPL101_ONLY }).findings.length;
    assert.equal(fpl101(after), fpl101(s.text) - 1);
  } finally {
    await s.stop();
  }
});

/** The LSP spec's order: by position; at one position, inserts before a single replacement. */
function inLspOrder(edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]): boolean {
  const cmp = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line - b.line || a.character - b.character;
  return edits.every((e, i) => {
    if (i === 0) return true;
    const prev = edits[i - 1];
    const c = cmp(prev.range.start, e.range.start);
    return c < 0 || (c === 0 && cmp(prev.range.start, prev.range.end) === 0);
  });
}

test('fix edits come in the LSP order (inserts before a replacement at one position), as Neovim applies them', async () => {
  const s = await setup();
  try {
    // FPL101's fix inserts `await ` where it replaces `time.sleep`, and adds an import.
    const d = s.diagnostics[0];
    const fromData = (d.data as { fix: { edits: { range: Diagnostic['range']; newText: string }[] } }).fix.edits;
    const fix = (await s.actionsAt(d))[0];
    const { edits } = editsFor(fix.edit, s.uri);
    for (const list of [fromData, edits]) {
      assert.ok(list.some((a) => list.some((b) => a !== b && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character)), 'two edits at one position');
      assert.ok(inLspOrder(list), JSON.stringify(list));
    }
  } finally {
    await s.stop();
  }
});

test('quick fix from a diagnostic of an older version: only if still reported at the same place', async () => {
  const s = await setup({ documentChanges: false });
  try {
    const [first, second] = s.diagnostics;
    // Insert a line at the top: every range moves down one line.
    await s.client.change(s.uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' }]);
    const stale = await s.actionsAt(second, ['quickfix']);
    assert.deepEqual(stale, [], 'a diagnostic whose range no longer matches gets no actions');
    const moved = { ...first, range: { start: { line: first.range.start.line + 1, character: first.range.start.character }, end: { line: first.range.end.line + 1, character: first.range.end.character } } };
    const actions = await s.actionsAt(moved);
    const fix = actions.find((a) => a.isPreferred)!;
    // Without documentChanges support the edit comes as `changes`, computed for version 2.
    assert.ok(fix.edit?.changes?.[s.uri]);
    const after = applyLspEdits(`# header\n${s.text}`, fix.edit!.changes![s.uri]);
    assert.ok(after.includes('    await asyncio.sleep(0.1)\n'));
    assert.ok(parsesCleanly(after));
  } finally {
    await s.stop();
  }
});

test('fix all FPL101 in this file (resolved lazily) and source.fixAll.fastapiPerf', async () => {
  const s = await setup();
  try {
    const actions = await s.actionsAt(s.diagnostics[0]);
    const fixAll = actions.find((a) => a.title === 'Fix all FPL101 problems in this file')!;
    assert.equal(fixAll.edit, undefined, 'computed in codeAction/resolve');
    const resolved = await s.client.request<CodeAction>('codeAction/resolve', fixAll);
    const after = applyLspEdits(s.text, editsFor(resolved.edit, s.uri).edits);
    assert.ok(parsesCleanly(after));
    assert.deepEqual(lintSource(after, { rules: REGISTRY, path: 'x.py', config: FPL101_ONLY }).findings, []);
    assert.equal(after.match(/^import asyncio$/gm)?.length, 1, 'one import for all fixes');
    assert.ok(after.includes('message = "héllo wörld 🚀🚀"; await asyncio.sleep(0.2)'), 'the emoji line is fixed in place');
    // `pause` is bound to time.sleep through app/utils: fixed to asyncio.sleep as well.
    assert.ok(after.includes('    await asyncio.sleep(1)\n'));

    // The source action, as editor.codeActionsOnSave asks for it.
    const source = await s.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: s.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      source.map((a) => [a.title, a.kind]),
      [['Fix all safe FastAPI Perf problems', 'source.fixAll.fastapiPerf']],
    );
    const resolvedSource = await s.client.request<CodeAction>('codeAction/resolve', source[0]);
    assert.equal(applyLspEdits(s.text, editsFor(resolvedSource.edit, s.uri).edits), after);
    // Quick-fix requests do not get the source action, and vice versa.
    const quick = await s.actionsAt(s.diagnostics[0], ['quickfix']);
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  } finally {
    await s.stop();
  }
});

test('source.fixAll on routes that never await: each gets one coherent fix, and the result compiles', async () => {
  await ready;
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], settings: { select: ['FPL101', 'FPL107'] } });
  try {
    const uri = ws.uri(MAIN);
    const text = readFileSync(ws.file(MAIN), 'utf8');
    await client.indexed();
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, (x) => x.diagnostics.some((d) => d.code === 'FPL107'));
    const [source] = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.fastapiPerf'] },
    });
    const resolved = await client.request<CodeAction>('codeAction/resolve', source);
    const after = applyLspEdits(text, editsFor(resolved.edit, uri).edits);
    // `async def` made `def` (FastAPI runs it in the threadpool), and no `await` written into it.
    assert.ok(after.includes('@app.get("/items")\ndef list_items():\n    time.sleep(0.1)\n'), after);
    assert.ok(!after.includes('await'), after);
    assert.deepEqual(compileWithCPython([{ name: MAIN, text: after }]), [null]);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('without codeAction/resolve support, fix-all edits come with the action', async () => {
  const s = await setup({ resolve: false });
  try {
    const source = await s.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: s.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.fastapiPerf'] },
    });
    assert.equal(source.length, 1);
    const after = applyLspEdits(s.text, editsFor(source[0].edit, s.uri).edits);
    assert.deepEqual(lintSource(after, { rules: REGISTRY, path: 'x.py', config: FPL101_ONLY }).findings, []);
  } finally {
    await s.stop();
  }
});

test('ignore in this file: a file-level noqa at the top (no docstring here); applied, every FPL101 goes', async () => {
  const s = await setup();
  try {
    const a = (await s.actionsAt(s.diagnostics[0])).find((x) => x.title === 'Ignore FPL101 in this file')!;
    const after = applyLspEdits(s.text, editsFor(a.edit, s.uri).edits);
    assert.ok(after.startsWith('# fastapi-perf-lint: noqa: FPL101\nimport time\n'), after.slice(0, 80));
    await s.client.change(s.uri, 2, [{ text: after }]);
    const p = await s.client.diagnosticsFor(s.uri, (x) => x.version === 2);
    assert.equal(p.diagnostics.length, 0);
  } finally {
    await s.stop();
  }
});

test('ignore for the project: the pyproject.toml gets a [tool.fastapi-perf-lint] table, its formatting kept', async () => {
  const s = await setup();
  try {
    const a = (await s.actionsAt(s.diagnostics[0])).find((x) => x.title.startsWith('Ignore FPL101 in pyproject.toml'))!;
    const file = s.ws.file('pyproject.toml');
    const uri = s.ws.uri('pyproject.toml');
    const { edits, version } = editsFor(a.edit, uri);
    assert.equal(version, null, 'a file that is not open: no version');
    const before = readFileSync(file, 'utf8');
    assert.equal(applyLspEdits(before, edits), `${before}\n[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n`);
  } finally {
    await s.stop();
  }
});

test('FastAPI Perf: Fix All (fastapiPerf.fixAll) applies every safe fix through workspace/applyEdit', async () => {
  const s = await setup();
  try {
    const r = await s.client.request<{ applied: boolean }>('workspace/executeCommand', { command: 'fastapiPerf.fixAll', arguments: [s.uri] });
    assert.deepEqual(r, { applied: true });
    const [applied] = s.client.appliedEdits;
    assert.equal(applied.label, 'FastAPI Perf: Fix All');
    const after = applyLspEdits(s.text, editsFor(applied.edit, s.uri).edits);
    assert.ok(!after.includes('time.sleep(0.1)') && after.includes('await asyncio.sleep(0.1)'), after);
    assert.ok(parsesCleanly(after));
    assert.deepEqual(await s.client.request('workspace/executeCommand', { command: 'fastapiPerf.fixAll', arguments: ['file:///nowhere.py'] }), { applied: false });
  } finally {
    await s.stop();
  }
});

test('ignore on this line: adds `# noqa: FPL101`, or extends an existing noqa', async () => {
  const s = await setup();
  try {
    const add = (await s.actionsAt(s.diagnostics[0])).find((a) => a.title === 'Ignore FPL101 on this line')!;
    const added = applyLspEdits(s.text, editsFor(add.edit, s.uri).edits);
    assert.ok(added.includes('    time.sleep(0.1)  # noqa: FPL101\n'));
    // The line with `# noqa: E501`.
    const extend = (await s.actionsAt(s.diagnostics[3])).find((a) => a.title === 'Ignore FPL101 on this line')!;
    const extended = applyLspEdits(s.text, editsFor(extend.edit, s.uri).edits);
    assert.ok(extended.includes('    time.sleep(2)  # noqa: E501, FPL101\n'));
    // Applied in the editor, the finding goes away.
    await s.client.change(s.uri, 2, [{ text: extended }]);
    const p = await s.client.diagnosticsFor(s.uri, (x) => x.version === 2);
    assert.equal(p.diagnostics.length, 3);
    assert.ok(parsesCleanly(added) && parsesCleanly(extended));
  } finally {
    await s.stop();
  }
});

test('ignore on this line is not offered where a comment cannot go', async () => {
  const s = await setup();
  try {
    const text = 'import time\n\n\nasync def f():\n    time.sleep(1); x = """\n    text"""\n    time.sleep(2) + \\\n        1\n';
    await s.client.change(s.uri, 2, [{ text }]);
    const p = await s.client.diagnosticsFor(s.uri, (x) => x.version === 2);
    assert.equal(p.diagnostics.length, 2);
    for (const d of p.diagnostics) {
      const titles = (await s.actionsAt(d)).map((a) => a.title);
      assert.ok(!titles.includes('Ignore FPL101 on this line'), `no noqa inside a string or after a backslash: ${JSON.stringify(d.range)}`);
      assert.ok(titles.includes('Show documentation for FPL101'));
    }
  } finally {
    await s.stop();
  }
});

test('show documentation: a command the server runs with window/showDocument', async () => {
  const s = await setup();
  try {
    const docs = (await s.actionsAt(s.diagnostics[0])).find((a) => a.title === 'Show documentation for FPL101')!;
    assert.deepEqual(docs.command, { title: 'Show documentation for FPL101', command: 'fastapiPerf.showRuleDocs', arguments: ['FPL101'] });
    const r = await s.client.request<{ url: string }>('workspace/executeCommand', { command: docs.command!.command, arguments: docs.command!.arguments });
    assert.equal(r.url, docsUrl('blocking-sleep-in-async'));
    assert.deepEqual(s.client.shownDocuments, [{ uri: docsUrl('blocking-sleep-in-async'), external: true }]);
    await assert.rejects(s.client.request('workspace/executeCommand', { command: 'fastapiPerf.showRuleDocs', arguments: ['FPL999'] }), /unknown rule/);
    const rules = await s.client.request<Array<{ code: string; url: string }>>('fastapiPerf/rules', {});
    assert.ok(rules.some((r) => r.code === 'FPL101' && r.url === docsUrl('blocking-sleep-in-async')));
  } finally {
    await s.stop();
  }
});

test('hover on a flagged range: the docs link first, no repeated message, the line before and after the fix, where it runs and what it costs', async () => {
  const s = await setup();
  try {
    const d = s.diagnostics[1];
    const h = await s.client.request<Hover>('textDocument/hover', { textDocument: { uri: s.uri }, position: { line: d.range.start.line, character: d.range.start.character + 3 } });
    const value = (h.contents as MarkupContent).value;
    assert.equal((h.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(h.range, d.range);
    // No client command for bundled docs: the link goes to the repository.
    assert.ok(value.startsWith(`**FPL101** [blocking-sleep-in-async: documentation](${docsUrl('blocking-sleep-in-async')})`), value);
    assert.ok(!value.includes(d.message as string) && !value.includes('blocks the event loop in'), 'the message is not repeated');
    assert.ok(value.includes('Your code:\n```python\nmessage = "héllo wörld 🚀🚀"; time.sleep(0.2)\n```'), value);
    assert.ok(value.includes('After the fix (Replace with `await asyncio.sleep(...)`):\n```python\nmessage = "héllo wörld 🚀🚀"; await asyncio.sleep(0.2)\n```'), value);
    assert.ok(value.includes('**Runs:** On every request to `GET /greet`, on the event loop.'), value);
    assert.ok(value.includes('| Blocking call on the event loop |'), 'cost row');
    const none = await s.client.request<Hover | null>('textDocument/hover', { textDocument: { uri: s.uri }, position: { line: 0, character: 2 } });
    assert.equal(none, null);
  } finally {
    await s.stop();
  }
});

test('hover: with the VS Code client the documentation link opens the bundled docs through its command', async () => {
  await ready;
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], initializationOptions: { ruleDocsCommand: true } });
  try {
    const uri = ws.uri(MAIN);
    await client.indexed();
    await client.open(uri, readFileSync(ws.file(MAIN), 'utf8'), 1);
    const p = await client.diagnosticsFor(uri, (x) => x.diagnostics.length === 4);
    const d = p.diagnostics[0];
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
    const value = (h.contents as MarkupContent).value;
    assert.ok(value.startsWith(`**FPL101** [blocking-sleep-in-async: documentation](command:fastapiPerf.openRuleDocs?${encodeURIComponent('["FPL101"]')})`), value);
  } finally {
    await client.stop();
    ws.dispose();
  }
});
