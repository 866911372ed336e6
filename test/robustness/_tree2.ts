import { readFileSync } from 'fs';
import { initParser, parse } from '../../server/src/engine/parser';
import { LineIndex } from '../../server/src/engine/text';
(async () => {
  await initParser();
  const prev = readFileSync('/tmp/prev.py', 'utf8');
  console.log('has CR', prev.includes('\r'), 'len', prev.length);
  const batch = JSON.parse(readFileSync('/tmp/batch.json', 'utf8'));
  const lines = new LineIndex(prev);
  const start = lines.offset(batch[0].range.start), end = lines.offset(batch[0].range.end);
  const ins: string = batch[0].text;
  const next = prev.slice(0, start) + ins + prev.slice(end);
  const pt = (t: string, o: number) => { const before = t.slice(0, o); const row = before.split('\n').length - 1; return { row, column: o - (before.lastIndexOf('\n') + 1) }; };
  const tree = parse(prev);
  tree.edit({ startIndex: start, oldEndIndex: end, newEndIndex: start + ins.length, startPosition: pt(prev, start), oldEndPosition: pt(prev, end), newEndPosition: pt(next, start + ins.length) });
  const inc = parse(next, tree);
  const fresh = parse(next);
  console.log('manual edit equal:', inc.rootNode.toString() === fresh.rootNode.toString(), inc.rootNode.hasError, fresh.rootNode.hasError);
  // Same with a no-op-ish: reparse next with a tree of next edited by nothing
  const t2 = parse(next); const again = parse(next, t2);
  console.log('reparse unchanged equal:', again.rootNode.toString() === fresh.rootNode.toString());
})();
