// Draws the sample to judge from a `run` output folder: per rule, up to N findings evenly
// spaced over all of that rule's findings in the review's order (repository, path, line,
// column), so big repositories and big files weigh as much as they do in the output, and
// the same output always gives the same sample. Writes a judging sheet (Markdown, outside
// the repository: it quotes corpus code) and the verdict TSV skeleton (no source text).
// An existing TSV keeps the verdicts of the rows that are sampled again.
// Usage: npx tsx scripts/review/sample.ts OUT_DIR --sheet FILE.md --tsv FILE.tsv [--per-rule 12] [--context 25]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { assertOutsideRepo, key, loadCorpus, readOutput, readVerdicts, repoDir, ruleOrder, writeVerdicts, type Finding, type VerdictRow } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sheet: { type: 'string' }, tsv: { type: 'string' }, 'per-rule': { type: 'string', default: '12' }, context: { type: 'string', default: '25' } },
});
if (positionals.length !== 1 || !values.sheet || !values.tsv) {
  console.error('usage: sample.ts OUT_DIR --sheet FILE.md --tsv FILE.tsv [--per-rule 12] [--context 25]');
  process.exit(2);
}
const PER_RULE = Number(values['per-rule']);
const CONTEXT = Number(values.context);
assertOutsideRepo(values.sheet, 'the judging sheet');

/** Up to k of n items, evenly spaced: the middle of each of k equal slices. */
function evenly<T>(xs: readonly T[], k: number): T[] {
  if (xs.length <= k) return [...xs];
  return Array.from({ length: k }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / k)]);
}

const list = loadCorpus();
const commits = new Map(list.repos.map((r) => [r.repo, r.commit]));
const { findings } = readOutput(positionals[0]);
const byRule = new Map<string, Finding[]>();
for (const f of findings) byRule.set(f.code, [...(byRule.get(f.code) ?? []), f]);
const rules = [...byRule.keys()].sort(ruleOrder);

const fileCache = new Map<string, string[]>();
function lines(repo: string, p: string): string[] {
  const file = path.join(repoDir(list, repo), p);
  if (!fileCache.has(file)) fileCache.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);
  return fileCache.get(file)!;
}

function context(f: Finding): string {
  const src = lines(f.repo, f.path);
  const before = Math.floor((CONTEXT - 1) / 2);
  const from = Math.max(1, f.line - before);
  const to = Math.min(src.length, Math.max(f.endLine, from + CONTEXT - 1));
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n >= f.line && n <= f.endLine ? '>' : ' '}${String(n).padStart(width)}  ${src[n - 1]}`);
  // A fence longer than any backtick run in the code, so the block cannot end early.
  const fence = '`'.repeat(Math.max(3, ...out.map((l) => (l.match(/`+/g) ?? []).reduce((m, s) => Math.max(m, s.length + 1), 0))));
  return [fence + 'python', ...out, fence].join('\n');
}

const sampled: { f: Finding; n: number }[] = [];
const sheet: string[] = [
  `# Judging sheet: ${positionals[0]}`,
  '',
  `Up to ${PER_RULE} findings per rule, evenly spaced over all of its findings (order: repository, path, line, column).`,
  'Finding n is row n of the TSV (after its header). Verdicts go into the TSV: TP = a real cost a FastAPI team would fix; FP = wrong; NOISE = true but not worth a finding.',
  '',
  '| rule | findings | sampled |',
  '|---|---|---|',
  ...rules.map((r) => `| ${r} | ${byRule.get(r)!.length} | ${Math.min(PER_RULE, byRule.get(r)!.length)} |`),
  '',
];
for (const rule of rules) {
  const all = byRule.get(rule)!;
  const picked = evenly(all, PER_RULE);
  sheet.push(`## ${rule}: ${picked.length} of ${all.length}`, '');
  picked.forEach((f, i) => {
    const n = sampled.length + 1;
    sampled.push({ f, n });
    const commit = commits.get(f.repo);
    const url = commit ? `https://github.com/${f.repo}/blob/${commit}/${f.path}#L${f.line}` : '';
    sheet.push(`### ${n}. ${rule} ${i + 1}/${picked.length}: ${f.repo} ${f.path}:${f.line}`, '');
    sheet.push(`- **${f.code}** ${f.message}`);
    if (url) sheet.push(`- ${url}`);
    for (const r of f.related) sheet.push(`  - related: ${r.message} (${r.path === f.path ? '' : r.path}${r.line ? `:${r.line}` : ''})`);
    sheet.push('', context(f), '');
  });
}
writeFileSync(values.sheet, sheet.join('\n'));

// Keep what was judged already when the same finding is drawn again.
const old = new Map<string, VerdictRow>();
if (existsSync(values.tsv)) for (const r of readVerdicts(values.tsv)) old.set(key(r), r);
const rows: VerdictRow[] = sampled.map(({ f }) => old.get(key(f)) ?? { repo: f.repo, path: f.path, line: f.line, code: f.code, verdict: '', reason: '' });
writeVerdicts(values.tsv, rows);
const kept = rows.filter((r) => r.verdict).length;
console.log(`${sampled.length} findings sampled from ${findings.length} (${rules.length} rules) -> ${values.sheet}, ${values.tsv}${kept ? ` (${kept} verdicts kept)` : ''}`);
