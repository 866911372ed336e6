import { initParser } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
const N = Number(process.env.N ?? 3000);
(async () => {
  await initParser();
  const t = 'import time\nasync def f():\n    x = ' + 'time.sleep(1) if a else '.repeat(N) + '1\n';
  const t0 = Date.now();
  const r = lintSource(t, { path: 'x.py' });
  console.log(r.findings.length, Date.now() - t0);
})();
