// noqaEdit: the "ignore on this line" edit, checked by parsing the result back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/fixes';
import { parse } from '../../server/src/engine/parser';
import { isSuppressed, noqaEdit, parseSuppressions } from '../../server/src/engine/suppressions';
import { LineIndex } from '../../server/src/engine/text';
import { ready } from '../helpers';

const KNOWN = new Set(['FPL101', 'FPL102']);

/** The text after ignoring `code` on `line`, or null when no edit is offered. */
function ignore(text: string, line: number, code = 'FPL101'): string | null {
  const tree = parse(text);
  const edit = noqaEdit(text, tree, new LineIndex(text), line, code);
  return edit ? applyEdits(text, [edit]) : null;
}

function suppressed(text: string, line: number, code = 'FPL101'): boolean {
  const tree = parse(text);
  const lines = new LineIndex(text);
  return isSuppressed(parseSuppressions(text, tree, KNOWN), code, text, lines.lineStarts[line]);
}

test('noqaEdit appends a noqa comment, after any existing comment, keeping CRLF', async () => {
  await ready;
  assert.equal(ignore('x = 1\ntime.sleep(1)\n', 1), 'x = 1\ntime.sleep(1)  # noqa: FPL101\n');
  assert.equal(ignore('time.sleep(1)   \n', 0), 'time.sleep(1)  # noqa: FPL101\n');
  assert.equal(ignore('a()\r\ntime.sleep(1)  # why\r\nb()\r\n', 1), 'a()\r\ntime.sleep(1)  # why  # noqa: FPL101\r\nb()\r\n');
  assert.ok(suppressed(ignore('a()\r\ntime.sleep(1)  # why\r\nb()\r\n', 1)!, 1));
  assert.equal(ignore('s = "🚀"; time.sleep(1)', 0), 's = "🚀"; time.sleep(1)  # noqa: FPL101');
});

test('noqaEdit extends an existing code list, and leaves covered lines alone', async () => {
  await ready;
  const extended = ignore('time.sleep(1)  # noqa: E501\n', 0)!;
  assert.equal(extended, 'time.sleep(1)  # noqa: E501, FPL101\n');
  assert.ok(suppressed(extended, 0) && suppressed(extended, 0, 'E501'));
  assert.equal(ignore('time.sleep(1)  # noqa: FPL102,E501  # why\n', 0), 'time.sleep(1)  # noqa: FPL102,E501, FPL101  # why\n');
  assert.equal(ignore('time.sleep(1)  # noqa\n', 0), null, 'a blanket noqa already covers it');
  assert.equal(ignore('time.sleep(1)  # noqa: FPL101\n', 0), null);
  // `# noqa` inside a string is no comment: a real one is appended.
  assert.equal(ignore('f("# noqa: E501")\n', 0), 'f("# noqa: E501")  # noqa: FPL101\n');
  // A file-level directive is not the line's noqa.
  assert.equal(ignore('time.sleep(1)  # fastapi-perf-lint: noqa: FPL102\n', 0), 'time.sleep(1)  # fastapi-perf-lint: noqa: FPL102  # noqa: FPL101\n');
});

test('noqaEdit offers nothing where a comment cannot go', async () => {
  await ready;
  assert.equal(ignore('x = time.sleep(1) + \\\n    2\n', 0), null, 'after a line continuation');
  assert.equal(ignore('time.sleep(1); s = """\nstill a string\n"""\n', 0), null, 'inside a triple-quoted string');
  assert.equal(ignore('s = f"""{time.sleep(1)}\n"""\n', 0), null, 'inside an f-string');
  assert.equal(ignore('\n\n', 1), null, 'an empty line');
  assert.equal(ignore('x\n', 5), null, 'out of range');
  // Bracketed continuation is fine: a comment may end any line inside brackets.
  const bracketed = ignore('f(\n    time.sleep(1),\n)\n', 1)!;
  assert.equal(bracketed, 'f(\n    time.sleep(1),  # noqa: FPL101\n)\n');
  const t = parse(bracketed);
  assert.equal(t.rootNode.hasError, false);
});
