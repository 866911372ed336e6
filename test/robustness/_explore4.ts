import { LineIndex } from '../../server/src/engine/text';
import { rng, int, pick } from './corpus';
const alphabet = ['a', '\n', '\r', '\r\n', 'b\r', '\rb', 'xy'];
for (let seed = 1; seed < 20000; seed++) {
  const r = rng(seed);
  let text = '';
  for (let i = 0; i < 6; i++) text += pick(r, alphabet);
  let idx = new LineIndex(text);
  for (let k = 0; k < 6; k++) {
    const s = int(r, text.length + 1);
    const e = Math.min(text.length, s + int(r, 3));
    const ins = r() < 0.5 ? '' : pick(r, alphabet);
    const nt = text.slice(0, s) + ins + text.slice(e);
    const ed = idx.edited(nt, s, e, ins.length);
    const fresh = new LineIndex(nt);
    if (ed.lineStarts.join() !== fresh.lineStarts.join()) {
      console.log(JSON.stringify({ text, s, e, ins, nt, got: ed.lineStarts, want: fresh.lineStarts }));
      seed = 1e9; break;
    }
    text = nt; idx = ed;
  }
}
