import { initParser, parse } from '../../server/src/engine/parser';
import { Document } from '../../server/src/engine/document';
import { corpus, optionsFor } from './corpus';
import { fuzzEdits } from './fuzz';
(async () => {
  await initParser();
  const s = fuzzEdits(corpus(process.env.CORPUS as 'fixtures' ?? 'fixtures'), { seed: Number(process.env.SEED ?? 20251125), iterations: Number(process.env.IT ?? 150), stopOnFailure: true });
  const f = s.failures[0];
  if (!f) return console.log('no failure');
  console.log(f.file, f.message.slice(0, 200));
  const rp = f.replay!;
  const file = corpus('all').find((c) => c.name === f.file)!;
  const opts = optionsFor(file, rp.text);
  const doc = new Document(rp.text, 1);
  doc.lint(opts);
  let v = 1;
  for (const b of rp.batches) {
    const prev = doc.text;
    doc.update(b, ++v);
    const a = doc.tree.rootNode.toString(), t = parse(doc.text), c = t.rootNode.toString();
    if (a !== c) {
      console.log('TREE DIFFERS at batch', v, JSON.stringify(b).slice(0, 300));
      require('fs').writeFileSync('/tmp/prev.py', prev); require('fs').writeFileSync('/tmp/batch.json', JSON.stringify(b));
      let i = 0; while (a[i] === c[i]) i++; console.log(a.slice(i - 200, i + 100)); console.log('---'); console.log(c.slice(i - 200, i + 100));
      break;
    }
    t.delete();
  }
})();
