import { initParser } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
const N = Number(process.env.N ?? 10000);
const cases: Record<string, string> = {
  binopcalls: 'import time\nasync def f():\n    x = ' + Array(N).fill('time.sleep(1)').join(' + ') + '\n',
  notcalls: 'import time\nasync def f():\n    x = ' + 'not '.repeat(N) + 'time.sleep(1)\n',
  lambdacalls: 'import time\nf = ' + 'lambda: time.sleep(1) or '.repeat(N) + '1\n',
  awaits: 'import time\nasync def f():\n    ' + 'await '.repeat(N) + 'g()\n',
  ternary: 'import time\nasync def f():\n    x = ' + 'time.sleep(1) if a else '.repeat(N) + '1\n',
  bigflat: 'import time\nasync def f():\n    x = [' + Array(N * 10).fill('time.sleep(1)').join(', ') + ']\n',
};
(async () => {
  await initParser();
  for (const [k, t] of Object.entries(cases)) {
    const t0 = Date.now();
    const r = lintSource(t, { path: 'x.py', onRuleError: (rule, e) => console.log(rule.meta.code, String((e as Error).message)) });
    console.log(k, r.findings.length, Date.now() - t0, 'ms');
  }
})();
