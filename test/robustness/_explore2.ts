import { initParser } from '../../server/src/engine/parser';
import { corpus, readText, optionsFor } from './corpus';
import { checkFixes, newFixStats } from './checks';
(async () => {
  await initParser();
  const files = corpus('all');
  const t0 = Date.now();
  const stats = newFixStats();
  for (const f of files) {
    const text = readText(f);
    try { checkFixes(f.name, text, optionsFor(f, text), stats); }
    catch (e) { console.log('THROW', f.name, (e as Error).stack?.split('\n').slice(0,4).join(' | ')); }
  }
  for (const p of stats.problems) console.log('PROBLEM', p);
  console.log({ single: stats.single, fixAllFiles: stats.fixAllFiles, applied: stats.fixAllApplied, declined: [...stats.declined], byCode: [...stats.byCode], ms: Date.now() - t0 });
})();
