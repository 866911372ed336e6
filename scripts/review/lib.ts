// Shared pieces of the precision review (scripts/review/README.md): the corpus list, the
// per-repository output of `run`, and the verdict TSV. The corpus and every output live
// outside the repository: their code is not ours to commit, only names, commits and paths.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const CORPUS_JSON = path.join(__dirname, 'corpus.json');

interface CorpusEntry {
  /** GitHub owner/name. */
  repo: string;
  /** The commit whose tree was extracted. */
  commit: string;
  /** Folder linted, relative to the repository root ('.' for all of it). */
  path: string;
  note?: string;
}

interface CorpusList {
  /** Where the trees are extracted: <root>/<owner>+<name>/ (REVIEW_CORPUS overrides it). */
  root: string;
  repos: CorpusEntry[];
}

export function loadCorpus(): CorpusList {
  const list = JSON.parse(readFileSync(CORPUS_JSON, 'utf8')) as CorpusList;
  return { ...list, root: process.env.REVIEW_CORPUS ?? list.root };
}

/** `owner/name` -> `owner+name`, the folder name under the corpus root and in output folders. */
export function dirName(repo: string): string {
  return repo.replace('/', '+');
}

export function repoDir(list: CorpusList, repo: string): string {
  return path.join(list.root, dirName(repo));
}

/** Refuses a folder inside this repository: corpus code and outputs must never be committable. */
export function assertOutsideRepo(dir: string, what: string): void {
  const rel = path.relative(REPO_ROOT, path.resolve(dir));
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) throw new Error(`${what} ${dir} is inside the repository; use a folder outside it`);
}

interface Pos {
  row: number;
  column: number;
}

/** One finding as the CLI's JSON prints it (Ruff's shape), plus `related` when known. */
export interface RawFinding {
  code: string;
  filename: string;
  location: Pos;
  end_location: Pos;
  message: string;
  related?: { message: string; filename?: string; location?: Pos; end_location?: Pos }[];
  [k: string]: unknown;
}

/** What `run` writes per repository: <out>/<owner+name>.json. */
export interface RepoOutput {
  repo: string;
  commit: string;
  path: string;
  cli: string;
  version: string;
  seconds: number;
  exitCode: number | null;
  /** Python files under the linted folder (a plain count, not the CLI's). */
  pyFiles: number;
  /** True when `related` was taken from a SARIF run (builds whose JSON has no `related`). */
  relatedFromSarif: boolean;
  stderr: string;
  findings: RawFinding[];
}

/** A finding with its path relative to the repository root: how the review names it. */
export interface Finding {
  repo: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  code: string;
  message: string;
  related: { message: string; path: string; line?: number }[];
}

export function readOutput(outDir: string): { outputs: RepoOutput[]; findings: Finding[] } {
  const list = loadCorpus();
  const outputs: RepoOutput[] = [];
  const findings: Finding[] = [];
  for (const f of readdirSync(outDir).filter((n) => n.endsWith('.json') && n !== 'summary.json').sort()) {
    const out = JSON.parse(readFileSync(path.join(outDir, f), 'utf8')) as RepoOutput;
    outputs.push(out);
    const root = repoDir(list, out.repo);
    const rel = (file: string) => path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
    for (const r of out.findings) {
      findings.push({
        repo: out.repo,
        path: rel(r.filename),
        line: r.location.row,
        column: r.location.column,
        endLine: r.end_location.row,
        code: r.code,
        message: r.message,
        related: (r.related ?? []).map((x) => ({ message: x.message, path: rel(x.filename ?? r.filename), line: x.location?.row })),
      });
    }
  }
  // Repositories in corpus.json's order, as `run` prints them.
  const order = new Map(list.repos.map((r, i) => [r.repo, i]));
  outputs.sort((a, b) => (order.get(a.repo) ?? Infinity) - (order.get(b.repo) ?? Infinity));
  findings.sort(byPlace);
  return { outputs, findings };
}

/** The review's one order: repository, path, line, column, code. */
function byPlace(a: Finding, b: Finding): number {
  return cmp(a.repo, b.repo) || cmp(a.path, b.path) || a.line - b.line || a.column - b.column || cmp(a.code, b.code);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const VERDICTS = ['TP', 'FP', 'NOISE'] as const;
type Verdict = (typeof VERDICTS)[number];

export interface VerdictRow {
  repo: string;
  path: string;
  line: number;
  code: string;
  verdict: Verdict | '';
  reason: string;
}

const TSV_HEADER = ['repo', 'path', 'line', 'code', 'verdict', 'reason'];

export function readVerdicts(file: string): VerdictRow[] {
  if (!existsSync(file)) throw new Error(`no verdict file ${file}`);
  const rows: VerdictRow[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((l, i) => {
    if (i === 0 || l.trim() === '') return;
    const [repo, p, line, code, verdict = '', reason = ''] = l.split('\t');
    const v = verdict.trim().toUpperCase();
    if (v !== '' && !(VERDICTS as readonly string[]).includes(v)) throw new Error(`${file}:${i + 1}: verdict '${verdict}' is not TP, FP or NOISE`);
    rows.push({ repo, path: p, line: Number(line), code, verdict: v as Verdict | '', reason: reason.trim() });
  });
  return rows;
}

export function writeVerdicts(file: string, rows: VerdictRow[]): void {
  // Tabs and newlines would break the columns; reasons are one line by design.
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const body = rows.map((r) => [r.repo, r.path, String(r.line), r.code, r.verdict, clean(r.reason)].join('\t'));
  writeFileSync(file, [TSV_HEADER.join('\t'), ...body].join('\n') + '\n');
}

export function key(r: { repo: string; path: string; line: number; code: string }): string {
  return `${r.repo}\t${r.path}\t${r.line}\t${r.code}`;
}

/** Rule codes in numeric order (FPL101 < FPL112 < FPL201). */
export function ruleOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function countBy<T>(xs: readonly T[], f: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
  return m;
}

/** Plain-text table with right-aligned numbers. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const isNum = (s: string) => /^[-\d.,%]+$/.test(s);
  return cells.map((r) => r.map((c, i) => (isNum(c) && i > 0 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n');
}
