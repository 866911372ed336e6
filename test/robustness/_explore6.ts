import { initParser, parse } from '../../server/src/engine/parser';
import { lintSource } from '../../server/src/engine/linter';
import { brokenRanges } from '../../server/src/engine/syntaxErrors';
import { corpus, readText, optionsFor, rng, pick, int } from './corpus';
import { mutation, applyChange } from './mutate';
(async () => {
  await initParser();
  const files = corpus('fixtures');
  const r = rng(3);
  let shown = 0, dropped = 0, total = 0;
  const byCode = new Map<string, number>();
  for (let i = 0; i < 3000; i++) {
    const f = pick(r, files);
    let t = readText(f);
    const o = optionsFor(f, t);
    t = applyChange(t, mutation(t, r, 'insert-snippet'));
    process.env.NOPOL = '1';
    const a = lintSource(t, o).findings;
    delete process.env.NOPOL;
    const b = lintSource(t, o).findings;
    total += a.length;
    const bk = new Set(b.map(x => x.code + x.start));
    const gone = a.filter(x => !bk.has(x.code + x.start));
    dropped += gone.length;
    for (const g of gone) byCode.set(g.code, (byCode.get(g.code) ?? 0) + 1);
    if (gone.length && shown < 6) {
      shown++;
      const g = gone[0];
      const br = brokenRanges(parse(t));
      console.log('---', f.name, g.code, g.message.slice(0, 80));
      console.log(t.slice(Math.max(0, g.start - 150), g.end + 100));
      console.log('broken:', JSON.stringify(br.filter(([s, e]) => e >= g.start - 300 && s <= g.end + 300).map(([s, e]) => t.slice(s, Math.min(e, s + 80)))));
    }
  }
  console.log({ total, dropped, byCode: [...byCode] });
})();
