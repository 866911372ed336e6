// `npm run fixcheck [-- --corpus all|stdlib|fixtures]`: fix validity over a real corpus (the
// machine's standard library and every fixture). Every fix, safe and unsafe, is applied
// alone, then fix-all per file; each result must parse with no new ERROR/MISSING nodes,
// compile with CPython (when the original does), gain no Ruff I001, F401 or F821 finding and
// no finding of ours in a function that did not have it; the fixed finding must be gone, and
// nothing may change outside the edits (test/robustness/checks.ts).
import { parseArgs } from 'node:util';
import { initParser } from '../server/src/engine/parser';
import { checkFixes, FixedTextVerifier, newFixStats } from '../test/robustness/checks';
import { corpus, optionsFor, readText } from '../test/robustness/corpus';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { corpus: { type: 'string', default: 'all' } } });
  await initParser();
  const files = corpus(values.corpus as 'all' | 'stdlib' | 'fixtures');
  const stats = newFixStats();
  const verifier = new FixedTextVerifier(stats);
  const started = Date.now();
  let withFixes = 0;
  for (const f of files) {
    const text = readText(f);
    const before = stats.single;
    try {
      checkFixes(f.name, text, optionsFor(f, text), stats, (t) => verifier.add(t));
    } catch (e) {
      stats.problems.push(`${f.name}: threw ${(e as Error)?.stack ?? e}`);
    }
    if (stats.single > before) withFixes++;
    await verifier.drain();
  }
  await verifier.finish();
  const report = {
    files: files.length,
    filesWithFixes: withFixes,
    fixesAppliedAlone: stats.single,
    fixAllFiles: stats.fixAllFiles,
    fixAllApplied: stats.fixAllApplied,
    compiledWithCPython: stats.compiled,
    compileFailures: stats.problems.filter((p) => p.includes(': CPython: ')).length,
    ruffChecked: stats.ruffChecked,
    newRuffFindings: Object.fromEntries(verifier.gained),
    findingsCreatedByFixes: stats.problems.filter((p) => / created FPL\d+ in /.test(p)).length,
    declinedByFixAll: Object.fromEntries(stats.declined),
    byCode: Object.fromEntries([...stats.byCode].sort()),
    problems: stats.problems.length,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  for (const p of stats.problems.slice(0, 50)) process.stdout.write(`PROBLEM ${p.split('\n')[0]}\n`);
  return stats.problems.length ? 1 : 0;
}

main().then((c) => (process.exitCode = c));
