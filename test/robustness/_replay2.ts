import { readFileSync } from 'fs';
import { initParser, parse } from '../../server/src/engine/parser';
import { Document } from '../../server/src/engine/document';
import { FileModel } from '../../server/src/analysis/model';
import { corpus, optionsFor } from './corpus';
import { normaliseSummary } from './fuzz';
import { lintFresh } from './checks';
(async () => {
  await initParser();
  const rp = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const name = readFileSync(process.argv[2].replace('.replay.json', '.txt'), 'utf8').split('\n')[0];
  const file = corpus('all').find((c) => c.name === name)!;
  const opts = optionsFor(file, rp.text);
  const every = Number(process.env.EVERY ?? 1);
  const doc = new Document(rp.text, 1);
  doc.lint(opts);
  let v = 1;
  for (const [k, b] of rp.batches.entries()) {
    const prev = doc.text;
    doc.update(b, ++v);
    if (k % every !== every - 1 && k !== rp.batches.length - 1) continue;
    const inc = doc.lint(opts);
    const tree = parse(doc.text);
    const m = new FileModel({ text: doc.text, tree, context: inc.model.context });
    m.computeAllDetails(); inc.model.computeAllDetails();
    const x = normaliseSummary(inc.model.summary), y = normaliseSummary(m.summary);
    const fa = JSON.stringify(inc.findings.map(f => [f.code, f.start, f.end])), fb = JSON.stringify(lintFresh(doc.text, opts).findings.map(f => [f.code, f.start, f.end]));
    if (x !== y || fa !== fb) {
      console.log('DIFF at batch', k, 'of', rp.batches.length, x !== y ? 'summary' : 'findings', JSON.stringify(b).slice(0, 400));
      require('fs').writeFileSync('/tmp/prev.py', prev); require('fs').writeFileSync('/tmp/batch.json', JSON.stringify(b));
      let i = 0; while (x[i] === y[i]) i++; console.log(x.slice(i - 300, i + 200)); console.log('---'); console.log(y.slice(i - 300, i + 200));
      console.log(doc.linter.lastStats, 'trees equal:', doc.tree.rootNode.toString() === tree.rootNode.toString());
      const st = (doc.linter as any).state;
      for (const [ci, c] of st.chunks.entries()) for (const f of c.summary.functions) if (f.q === 'test_exprlong') console.log('in chunk', ci, c.start, c.end, c.header, JSON.stringify(doc.text.slice(c.start, c.start + 60)), f.start);
      const fresh = m.chunks; console.log('fresh chunks', fresh.length, 'inc chunks', st.chunks.length);
      for (let i = 0; i < Math.max(fresh.length, st.chunks.length); i++) { const a = fresh[i], c = st.chunks[i]; if (!a || !c || a.start !== c.start || a.end !== c.end || a.header !== c.header) { console.log('chunk mismatch at', i, a && [a.start, a.end, a.header], c && [c.start, c.end, c.header]); break; } }
      break;
    }
    tree.delete();
  }
})();
