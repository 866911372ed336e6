import { initParser } from '../../server/src/engine/parser';
import { Document } from '../../server/src/engine/document';
import { LineIndex } from '../../server/src/engine/text';
import { rng, int, pick, corpus, readText } from './corpus';
import { mutation, applyChange } from './mutate';
(async () => {
  await initParser();
  const files = corpus('fixtures');
  for (let seed = 1; seed < 400; seed++) {
    const r = rng(seed);
    const f = pick(r, files);
    let text = readText(f);
    const doc = new Document(text, 1);
    for (let k = 0; k < 200; k++) {
      let c = mutation(text, r);
      const sn=(o:number)=>{const a=text.charCodeAt(o),b=text.charCodeAt(o-1);return ((a>=0xdc00&&a<=0xdfff&&b>=0xd800&&b<=0xdbff)||(a===10&&b===13))?o-1:o;};
      c={start:sn(c.start),end:Math.max(sn(c.start),sn(c.end)),text:c.text};
      const lines = new LineIndex(text);
      const range = lines.range(c.start, c.end);
      const back = [lines.offset(range.start), lines.offset(range.end)];
      const before = text;
      text = applyChange(text, c);
      doc.update([{ range, text: c.text }], k + 2);
      if (doc.text !== text) {
        console.log(JSON.stringify({ seed, k, c, range, back, around: before.slice(c.start - 5, c.end + 5) }));
        console.log(JSON.stringify(doc.text.slice(c.start - 10, c.start + 20)), JSON.stringify(text.slice(c.start - 10, c.start + 20)));
        break;
      }
    }
    doc.dispose();
  }
})();
