// The review's numbers.
//   table OUT_DIR VERDICTS.tsv [--md]: per rule, findings in the output, sampled, TP, FP,
//     NOISE and the TP share of the judged sample; the totals (sample share, and the share
//     weighted by each rule's findings, which is what a user sees); findings per repository.
//   recall OLD_VERDICTS.tsv NEW_OUT_DIR [--window 5]: every TP of an older sample that the
//     new run no longer reports. Exits 1 when one is lost.
// Usage: npx tsx scripts/review/table.ts table|recall ...
import { parseArgs } from 'node:util';
import { countBy, readOutput, readVerdicts, ruleOrder, table, type Finding } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { md: { type: 'boolean', default: false }, window: { type: 'string', default: '5' } },
});
const [mode, a, b] = positionals;
// Piped into head: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined));

function print(head: string[], rows: (string | number)[][]): void {
  if (!values.md) return console.log(table(head, rows));
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

const share = (tp: number, judged: number) => (judged ? (tp / judged).toFixed(2) : '-');

function tableMode(outDir: string, tsv: string): number {
  const { outputs, findings } = readOutput(outDir);
  const verdicts = readVerdicts(tsv);
  const present = new Set(findings.map((f) => `${f.repo}\t${f.path}\t${f.line}\t${f.code}`));
  const stale = verdicts.filter((v) => !present.has(`${v.repo}\t${v.path}\t${v.line}\t${v.code}`));
  const perRule = countBy(findings, (f) => f.code);
  const rules = [...new Set([...perRule.keys(), ...verdicts.map((v) => v.code)])].sort(ruleOrder);
  const rows: (string | number)[][] = [];
  const tot = { findings: 0, sampled: 0, TP: 0, FP: 0, NOISE: 0, open: 0, weighted: 0, weightedOver: 0 };
  for (const rule of rules) {
    const vs = verdicts.filter((v) => v.code === rule);
    const n = { TP: 0, FP: 0, NOISE: 0 };
    for (const v of vs) if (v.verdict) n[v.verdict]++;
    const judged = n.TP + n.FP + n.NOISE;
    const open = vs.length - judged;
    const count = perRule.get(rule) ?? 0;
    rows.push([rule, count, vs.length, n.TP, n.FP, n.NOISE, open || '', share(n.TP, judged)]);
    tot.findings += count;
    tot.sampled += vs.length;
    tot.TP += n.TP;
    tot.FP += n.FP;
    tot.NOISE += n.NOISE;
    tot.open += open;
    // A rule's share stands for all of its findings: weight it by them.
    if (judged) {
      tot.weighted += (count * n.TP) / judged;
      tot.weightedOver += count;
    }
  }
  const judged = tot.TP + tot.FP + tot.NOISE;
  rows.push(['total', tot.findings, tot.sampled, tot.TP, tot.FP, tot.NOISE, tot.open || '', share(tot.TP, judged)]);
  print(['rule', 'findings', 'sampled', 'TP', 'FP', 'NOISE', 'unjudged', 'TP share'], rows);
  console.log(
    `\nTP share of the judged sample: ${share(tot.TP, judged)} (${tot.TP} of ${judged}); ` +
      `weighted by each rule's findings: ${tot.weightedOver ? (tot.weighted / tot.weightedOver).toFixed(2) : '-'} (over ${tot.weightedOver} findings of judged rules)\n`,
  );
  const perRepo = countBy(findings, (f) => f.repo);
  print(
    ['repo', '.py files', 'findings', 'seconds'],
    [...outputs.map((o) => [o.repo, o.pyFiles, perRepo.get(o.repo) ?? 0, o.exitCode === null ? 'TIMEOUT' : o.seconds]), ['total', outputs.reduce((s, o) => s + o.pyFiles, 0), findings.length, '']],
  );
  const notes = outputs.flatMap((o) => o.stderr.split('\n').filter((l) => l.trim()).map((l) => `  ${o.repo}: ${l}`));
  if (notes.length) console.log(`\nCLI notes (a time-budget note means a file was linted incompletely):\n${notes.join('\n')}`);
  if (stale.length) {
    console.log(`\n${stale.length} verdict rows are not findings of this output (another run's sample?):`);
    for (const v of stale) console.log(`  ${v.repo} ${v.path}:${v.line} ${v.code} ${v.verdict}`);
  }
  return 0;
}

function recallMode(tsv: string, outDir: string): number {
  const window = Number(values.window);
  const { findings } = readOutput(outDir);
  const inFile = new Map<string, Finding[]>();
  for (const f of findings) inFile.set(`${f.repo}\t${f.path}`, [...(inFile.get(`${f.repo}\t${f.path}`) ?? []), f]);
  const tps = readVerdicts(tsv).filter((v) => v.verdict === 'TP');
  const kept: string[] = [];
  const flagged: string[] = [];
  const lost: string[] = [];
  for (const v of tps) {
    const here = inFile.get(`${v.repo}\t${v.path}`) ?? [];
    const name = `${v.code} ${v.repo} ${v.path}:${v.line}`;
    if (here.some((f) => f.code === v.code && f.line === v.line)) {
      kept.push(name);
      continue;
    }
    // One problem reported once: the old line may now be a related location of another finding
    // (a blocking call folded into FPL107, a query under FPL301's route), or the same line may
    // carry another code. Both still report it; they are listed so a reviewer can confirm.
    const asRelated = here.find((f) => f.related.some((r) => r.path === v.path && r.line === v.line));
    const sameLine = here.find((f) => f.line === v.line);
    const moved = here
      .filter((f) => f.code === v.code && Math.abs(f.line - v.line) <= window)
      .sort((x, y) => Math.abs(x.line - v.line) - Math.abs(y.line - v.line))[0];
    if (moved) flagged.push(`${name}: now at line ${moved.line}`);
    else if (asRelated) flagged.push(`${name}: a related location of ${asRelated.code} at line ${asRelated.line}`);
    else if (sameLine) flagged.push(`${name}: reported as ${sameLine.code} on that line`);
    else lost.push(name);
  }
  console.log(`${tps.length} TPs in ${tsv}: ${kept.length} reported as before, ${flagged.length} reported otherwise, ${lost.length} lost`);
  if (flagged.length) console.log(`\nReported otherwise (check each):\n${flagged.map((s) => `  ${s}`).join('\n')}`);
  if (lost.length) console.log(`\nLost:\n${lost.map((s) => `  ${s}`).join('\n')}`);
  return lost.length ? 1 : 0;
}

if (mode === 'table' && a && b) process.exitCode = tableMode(a, b);
else if (mode === 'recall' && a && b) process.exitCode = recallMode(a, b);
else {
  console.error('usage: table.ts table OUT_DIR VERDICTS.tsv [--md] | table.ts recall OLD_VERDICTS.tsv NEW_OUT_DIR [--window 5]');
  process.exitCode = 2;
}
