import { readFileSync } from 'fs';
import { initParser, parse } from '../../server/src/engine/parser';
import { Document } from '../../server/src/engine/document';
(async () => {
  await initParser();
  const prev = readFileSync('/tmp/prev.py', 'utf8');
  const batch = JSON.parse(readFileSync('/tmp/batch.json', 'utf8'));
  const doc = new Document(prev, 1);
  console.log('base equal', doc.tree.rootNode.toString() === parse(prev).rootNode.toString());
  doc.update(batch, 2);
  console.log('after one edit from a fresh tree, equal:', doc.tree.rootNode.toString() === parse(doc.text).rootNode.toString());
})();
