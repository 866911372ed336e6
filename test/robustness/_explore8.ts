import { initParser } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
const N = Number(process.env.N ?? 10000);
const which = process.env.CASE!;
const cases: Record<string, string> = {
  calls: 'import time\nasync def f():\n    ' + 'time.sleep('.repeat(N) + '1' + ')'.repeat(N) + '\n',
  attr: 'import requests\nasync def f():\n    requests' + '.get()'.repeat(N) + '\n',
  lambdas: 'f = ' + 'lambda: '.repeat(N) + '1\n',
  awaitchain: 'async def f():\n    ' + 'await '.repeat(N) + 'g()\n',
};
(async () => {
  await initParser();
  const t0 = Date.now();
  const r = lintSource(cases[which], { path: 'x.py', onRuleError: (rule, e) => console.log(rule.meta.code, String((e as Error).stack).split('\n').slice(0, 12).join('\n')) });
  console.log(which, r.findings.length, Date.now() - t0);
})();
