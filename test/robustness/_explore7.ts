import { initParser, parse } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
import { Document } from '../../server/src/engine/document';
const N = 10000;
const cases: Record<string, string> = {
  parens: 'x = ' + '('.repeat(N) + '1' + ')'.repeat(N) + '\n',
  calls: 'import time\nasync def f():\n    ' + 'time.sleep('.repeat(N) + '1' + ')'.repeat(N) + '\n',
  lists: 'x = ' + '['.repeat(N) + ']'.repeat(N) + '\n',
  binop: 'x = ' + Array(N).fill('a').join(' + ') + '\n',
  attr: 'import requests\nasync def f():\n    requests' + '.get()'.repeat(N) + '\n',
  lambdas: 'f = ' + 'lambda: '.repeat(N) + '1\n',
  ifs: Array.from({length: 1000}, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(1000) + 'pass\n',
  dicts: 'x = ' + '{"a": '.repeat(N) + '1' + '}'.repeat(N) + '\n',
  unclosed: 'x = ' + '('.repeat(N) + '\n',
  subscript: 'x = a' + '[0]'.repeat(N) + '\n',
  strcat: 'x = ' + Array(N).fill('"a"').join(' ') + '\n',
  awaitchain: 'async def f():\n    ' + 'await '.repeat(N) + 'g()\n',
  notnot: 'x = ' + 'not '.repeat(N) + 'y\n',
};
(async () => {
  await initParser();
  for (const [k, t] of Object.entries(cases)) {
    const t0 = Date.now();
    try {
      const r = lintSource(t, { path: 'x.py' });
      console.log(k, 'ok', r.findings.length, r.notes, Date.now() - t0, 'ms');
    } catch (e) { console.log(k, 'THROW', String((e as Error).stack).split('\n').slice(0, 6).join(' | ')); }
    try { const d = new Document(t, 1); d.lint({}); d.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '#\n' }], 2); d.lint({}); d.dispose(); }
    catch (e) { console.log(k, 'DOC THROW', String((e as Error).stack).split('\n').slice(0, 6).join(' | ')); }
  }
})();
