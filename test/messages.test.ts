// Every message every rule fixture produces fits a Problems row (MESSAGE_LIMIT characters
// as plain text), every fix title a menu row (TITLE_LIMIT), and both reach the editor as
// plain text: no Markdown code marks in the diagnostic, its related information or its fix title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../rules/index';
import { LineIndex } from '../server/src/engine/text';
import { toDiagnostic, type DiagnosticData } from '../server/src/lsp/diagnostics';
import { MESSAGE_LIMIT, plainText, shortCode, withAdvice } from '../server/src/ruleApi/message';
import { fixtureOptions, lintWith, ready } from './helpers';

const RULES_DIR = join(__dirname, '..', 'rules');
/** A quick-fix title is one row of the light bulb menu, which is narrower than the Problems panel. */
const TITLE_LIMIT = 100;

test('withAdvice keeps the advice in the message when it fits, else moves it to the detail', () => {
  assert.deepEqual(withAdvice('`x()` is slow', 'use `y()`', 'see the hover'), { message: '`x()` is slow; use `y()`' });
  const long = `use ${'z'.repeat(MESSAGE_LIMIT)}`;
  const r = withAdvice('`x()` is slow', long, 'see the hover');
  assert.equal(r.message, '`x()` is slow; see the hover');
  assert.match(r.detail ?? '', /^Use z+\.$/);
  assert.equal(shortCode('a.b'), 'a.b');
  assert.equal(shortCode('mongo["shop"].get_collection("orders").insert_one'), 'mongo["sh...insert_one');
  assert.equal(plainText('`a` and `b`'), 'a and b');
});

for (const rule of RULES) {
  test(`${rule.meta.code} ${rule.meta.id}: messages are short plain text`, async () => {
    await ready;
    const dir = join(RULES_DIR, rule.meta.id);
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((n) => /^cases(\.[\w.-]+)?\.py$/.test(n) && !n.endsWith('.fixed.py'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const lines = new LineIndex(text);
      for (const f of lintWith(text, [rule.meta.code], fixtureOptions(text)).filter((x) => x.code === rule.meta.code)) {
        const d = toDiagnostic(f, lines, 'file:///cases.py', 1);
        assert.equal(typeof d.message, 'string');
        const message = d.message as string;
        if (message.length > MESSAGE_LIMIT) problems.push(`${file}: ${message.length} characters: ${message}`);
        const title = (d.data as DiagnosticData).fix?.title ?? '';
        if (title.length > TITLE_LIMIT) problems.push(`${file}: a ${title.length}-character fix title: ${title}`);
        const shown = [message, (d.data as DiagnosticData).fix?.title ?? '', ...(d.relatedInformation ?? []).map((r) => r.message)];
        for (const s of shown) if (s.includes('`')) problems.push(`${file}: backticks: ${s}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}
