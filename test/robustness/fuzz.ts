// The fuzzer, shared by `npm run fuzz` (long runs) and the short fixed-seed run in
// `npm test`. Two modes:
// - mutate: real files, mutated (lines and tokens deleted, duplicated, swapped; random
//   bytes), linted from scratch: the engine never throws, no rule crashes, every range lies
//   inside the document at valid UTF-16 positions, and the fixes offered stay valid;
// - edits: a Document (the server's incremental path) receives bursts of random edits; after
//   each burst its diagnostics and module summary equal a fresh parse and lint of its text.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { Document } from '../../server/src/engine/document';
import { type LintOptions } from '../../server/src/engine/linter';
import { FileModel } from '../../server/src/analysis/model';
import type { ModuleSummary } from '../../server/src/analysis/summary';
import { parse } from '../../server/src/engine/parser';
import { LineIndex } from '../../server/src/engine/text';
import { type Range } from '../../server/src/ruleApi/rule';
import { checkFixes, findingProblems, lintFresh, newFixStats, type FixStats } from './checks';
import { int, optionsFor, pick, readText, rng, type CorpusFile, type Random } from './corpus';
import { applyChange, mutation, type Change } from './mutate';

interface Failure {
  mode: 'mutate' | 'edits';
  file: string;
  /** The text that shows the failure (reproduce by linting it with `options`). */
  text: string;
  message: string;
  /** Edits mode: the document's first text, the batches of changes it received, and the rules selected. */
  replay?: { text: string; batches: Array<Array<{ range: Range; text: string }>>; select?: readonly string[] };
}

export interface FuzzStats {
  files: Set<string>;
  /** Mutated texts linted (mutate), and mutations applied to them. */
  texts: number;
  mutations: number;
  /** Edit bursts compared with a fresh lint (edits), and edits sent. */
  bursts: number;
  edits: number;
  findings: number;
  fixes: FixStats;
  failures: Failure[];
}

export function newStats(): FuzzStats {
  return { files: new Set(), texts: 0, mutations: 0, bursts: 0, edits: 0, findings: 0, fixes: newFixStats(), failures: [] };
}

interface FuzzOptions {
  seed: number;
  /** Stop after this many iterations ... */
  iterations?: number;
  /** ... or at this time (ms since the epoch), whichever comes first. */
  deadline?: number;
  /** Stop at the first failure of each mode (tests); the CLI keeps going. */
  stopOnFailure?: boolean;
  /** Check the fixes of mutated texts too (slower). */
  fixes?: boolean;
  /** Edits mode: lint with only these rules selected (every rule by default). */
  select?: readonly string[];
}

const done = (o: FuzzOptions, i: number): boolean => (o.iterations !== undefined && i >= o.iterations) || (o.deadline !== undefined && Date.now() >= o.deadline);

/** Mutates random corpus files and lints each result from scratch. */
export function fuzzMutations(files: readonly CorpusFile[], o: FuzzOptions, stats = newStats()): FuzzStats {
  const r = rng(o.seed);
  const texts = new Map<string, string>();
  for (let i = 0; !done(o, i); i++) {
    const file = pick(r, files);
    let text = texts.get(file.path) ?? readText(file);
    if (texts.size > 64) texts.clear();
    texts.set(file.path, text);
    const opts = optionsFor(file, text);
    const n = 1 + int(r, r() < 0.8 ? 3 : 12);
    for (let k = 0; k < n; k++) text = applyChange(text, mutation(text, r));
    stats.files.add(file.name);
    stats.texts++;
    stats.mutations += n;
    const failure = lintAndCheck(file.name, text, opts, stats, o.fixes && r() < 0.25);
    if (failure) {
      stats.failures.push(failure);
      if (o.stopOnFailure) break;
    }
  }
  return stats;
}

function lintAndCheck(name: string, text: string, opts: LintOptions, stats: FuzzStats, fixes: boolean | undefined): Failure | undefined {
  const fail = (message: string): Failure => ({ mode: 'mutate', file: name, text, message });
  let result;
  try {
    result = lintFresh(text, opts);
  } catch (e) {
    return fail(`the engine threw: ${(e as Error)?.stack ?? e}`);
  }
  stats.findings += result.findings.length;
  if (result.crashes.length) return fail(`a rule crashed: ${result.crashes[0]}`);
  const problems = findingProblems(text, result.findings);
  if (problems.length) return fail(problems.slice(0, 5).join('; '));
  if (fixes && result.findings.some((f) => f.fix)) {
    const before = stats.fixes.problems.length;
    try {
      checkFixes(name, text, opts, stats.fixes);
    } catch (e) {
      return fail(`checking fixes threw: ${(e as Error)?.stack ?? e}`);
    }
    if (stats.fixes.problems.length > before) return fail(stats.fixes.problems.slice(before).join('; '));
  }
  return undefined;
}

/** What a module summary says, offsets included, in a stable order (function body facts computed). */
export function normaliseSummary(ms: ModuleSummary): string {
  const fns = Object.keys(ms.functions)
    .sort()
    .map((q) => {
      const f = ms.functions[q];
      return [q, f.start, f.end, f.nameStart, f.nameEnd, f.async, f.kind, f.cls, f.parent, f.decorators, f.depCalls, f.detail];
    });
  const bindings = Object.keys(ms.bindings)
    .sort()
    .map((n) => [n, ms.bindings[n]]);
  const classes = Object.keys(ms.classes)
    .sort()
    .map((q) => {
      const c = ms.classes[q];
      return [q, c.start, c.end, c.nameStart, c.nameEnd, c.bases, c.decorators, Object.entries(c.methods).sort(), c.attrs];
    });
  return JSON.stringify({ fns, bindings, classes });
}

const findingKey = (f: { code: string; start: number; end: number; message: string; fix?: unknown }): string => JSON.stringify([f.code, f.start, f.end, f.message, f.fix ?? null]);

/** An offset an editor can produce: never inside a surrogate pair or a CRLF. */
function snap(text: string, o: number): number {
  const c = text.charCodeAt(o);
  const p = text.charCodeAt(o - 1);
  if ((c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff) || (c === 10 && p === 13)) return o - 1;
  return o;
}

/** One random edit as an editor sends it: typing, deleting, pasting lines, or a mutation. */
function randomEdit(text: string, r: Random): Change {
  const x = r();
  let c: Change;
  if (x < 0.5) c = mutation(text, r);
  else if (x < 0.8) {
    const at = int(r, text.length + 1);
    c = { start: at, end: at, text: pick(r, ['x', ' ', '(', ')', ':', '\n', '\n    ', 'é', '🚀', 'await ', 'self.', '"', '#']) };
  } else {
    const at = int(r, text.length + 1);
    c = { start: at, end: Math.min(text.length, at + int(r, 12)), text: '' };
  }
  return { start: snap(text, c.start), end: Math.max(snap(text, c.start), snap(text, c.end)), text: c.text };
}

/** Sends bursts of random edits to a Document and compares each burst's lint with a fresh one. */
export function fuzzEdits(files: readonly CorpusFile[], o: FuzzOptions, stats = newStats()): FuzzStats {
  const r = rng(o.seed ^ 0x5bd1e995);
  let i = 0;
  while (!done(o, i)) {
    const file = pick(r, files);
    let text = readText(file);
    const opts = selecting(optionsFor(file, text), o.select);
    stats.files.add(file.name);
    if (process.env.FUZZ_TRACE) process.stderr.write(`edits ${i} ${file.name}\n`);
    const doc = new Document(text, 1);
    const replay: NonNullable<Failure['replay']> = { text, batches: [], select: o.select };
    let version = 1;
    try {
      doc.lint(opts);
      // A document lives for up to 20 bursts, as a file being edited does.
      for (let b = 0; b < 20 && !done(o, i); b++, i++) {
        const n = 1 + int(r, r() < 0.7 ? 3 : 15);
        for (let k = 0; k < n; k++) {
          // Several changes in one notification, or one each.
          const batch: Array<{ range: ReturnType<LineIndex['range']>; text: string }> = [];
          const m = r() < 0.1 ? 2 + int(r, 3) : 1;
          for (let j = 0; j < m; j++) {
            const c = randomEdit(text, r);
            batch.push({ range: new LineIndex(text).range(c.start, c.end), text: c.text });
            text = applyChange(text, c);
          }
          replay.batches.push(batch);
          doc.update(batch, ++version);
          stats.edits += m;
        }
        stats.bursts++;
        const failure = compareWithFresh(file.name, doc, text, opts);
        if (failure) {
          stats.failures.push({ ...failure, replay });
          if (o.stopOnFailure) return stats;
          break;
        }
      }
    } catch (e) {
      stats.failures.push({ mode: 'edits', file: file.name, text, message: `threw: ${(e as Error)?.stack ?? e}`, replay });
      if (o.stopOnFailure) return stats;
      i++;
    } finally {
      if (process.env.FUZZ_TRACE) writeFileSync(join(tmpdir(), 'fpl-fuzz-last-replay.json'), JSON.stringify({ file: file.name, ...replay }));
      doc.dispose();
    }
  }
  return stats;
}

function compareWithFresh(name: string, doc: Document, text: string, opts: LintOptions): Failure | undefined {
  const fail = (message: string): Failure => ({ mode: 'edits', file: name, text, message });
  if (doc.text !== text) return fail('the document text differs from the edited text');
  const inc = doc.lint(opts);
  const tree = parse(text);
  const fresh = lintFresh(text, opts).findings;
  const a = inc.findings.map(findingKey);
  const b = fresh.map(findingKey);
  if (a.join('\n') !== b.join('\n')) {
    const extra = a.filter((x) => !b.includes(x));
    const missing = b.filter((x) => !a.includes(x));
    return fail(`incremental findings differ from a fresh lint: extra ${extra.slice(0, 2).join(' ')} missing ${missing.slice(0, 2).join(' ')}`);
  }
  const model = new FileModel({ text, tree, context: inc.model.context });
  model.computeAllDetails();
  inc.model.computeAllDetails();
  const x = normaliseSummary(inc.model.summary);
  const y = normaliseSummary(model.summary);
  if (x !== y) return fail(`incremental module summary differs from a fresh one: ${firstDifference(x, y)}`);
  return undefined;
}

/** Replays a failure's edits on a fresh Document, linting after every batch: the first batch that differs, if any. */
export function replayEdits(file: CorpusFile, replay: NonNullable<Failure['replay']>): Failure | undefined {
  const opts = selecting(optionsFor(file, replay.text), replay.select);
  const doc = new Document(replay.text, 1);
  try {
    doc.lint(opts);
    let text = replay.text;
    for (const [k, batch] of replay.batches.entries()) {
      for (const c of batch) {
        const lines = new LineIndex(text);
        text = applyChange(text, { start: lines.offset(c.range.start), end: lines.offset(c.range.end), text: c.text });
      }
      doc.update(batch, k + 2);
      const failure = compareWithFresh(file.name, doc, text, opts);
      if (failure) return { ...failure, message: `batch ${k}: ${failure.message}`, replay: { ...replay, batches: replay.batches.slice(0, k + 1) } };
    }
    return undefined;
  } finally {
    doc.dispose();
  }
}

/** The options with only `select` selected, when given. */
function selecting(opts: LintOptions, select: readonly string[] | undefined): LintOptions {
  return select ? { ...opts, config: mergeConfig({ select: [...select] }) } : opts;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 60)}… vs …${b.slice(Math.max(0, i - 80), i + 60)}…`;
}
