import { initParser } from '../../server/src/engine/parser';
import { corpus, readText, optionsFor } from '../../test/robustness/corpus';
import { lintFresh, findingProblems } from '../../test/robustness/checks';
(async () => {
  await initParser();
  const files = corpus('all');
  const t0 = Date.now();
  let n = 0, findings = 0, fixes = 0;
  for (const f of files) {
    const text = readText(f);
    try {
      const r = lintFresh(text, optionsFor(f, text));
      n++; findings += r.findings.length; fixes += r.findings.filter(x=>x.fix).length;
      for (const c of r.crashes) console.log('CRASH', f.name, c.split('\n').slice(0,3).join(' | '));
      for (const p of findingProblems(text, r.findings)) console.log('BAD', f.name, p);
    } catch (e) { console.log('THROW', f.name, (e as Error).stack?.split('\n').slice(0,4).join(' | ')); }
  }
  console.log({ files: files.length, n, findings, fixes, ms: Date.now() - t0 });
})();
