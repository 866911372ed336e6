import { initParser, parse } from '../../server/src/engine/parser';
import { readFileSync } from 'fs';
(async () => {
  await initParser();
  for (const f of ['/tmp/big/gen20.py', '/tmp/big/line1m.py']) {
    const t = readFileSync(f, 'utf8'); const t0 = Date.now(); const tree = parse(t); console.log(f, Date.now() - t0, 'ms', process.memoryUsage().rss >> 20, 'MB'); tree.delete();
  }
})();
