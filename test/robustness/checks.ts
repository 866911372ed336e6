// Invariants every lint result must hold, whatever the input: offsets inside the document,
// never splitting a surrogate pair or a CRLF, LSP positions never past a line's end; and
// the validity of fixes: each fix alone and fix-all per file give text that parses with no
// new ERROR/MISSING nodes, the fixed finding is gone, nothing changed outside the edits, and
// no finding appeared that was not there (a code in a function); what the fixes wrote is
// handed to FixedTextVerifier: CPython compiles it when it compiled the original, and Ruff
// finds no new I001, F401 or F821 in it.
import { toLspEdits } from '../../server/src/lsp/diagnostics';
import { applyEdits, errorCount } from '../../server/src/engine/fixes';
import { fixAll, lintTree, type LintOptions } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import type { Finding, TextEdit } from '../../server/src/ruleApi/rule';
import { LineIndex } from '../../server/src/engine/text';
import { applyLspEdits } from '../lsp/harness';
import type { FileModel } from '../../server/src/analysis/model';
import { CPythonCompiler } from '../cpython';
import { ruffCodes } from '../ruff';

/** Why an offset is not a valid place in `text` (undefined when it is). */
function badOffset(text: string, lines: LineIndex, o: number): string | undefined {
  if (!Number.isInteger(o) || o < 0 || o > text.length) return `offset ${o} outside 0..${text.length}`;
  const c = text.charCodeAt(o);
  const p = text.charCodeAt(o - 1);
  if (c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff) return `offset ${o} splits a surrogate pair`;
  if (c === 10 && p === 13) return `offset ${o} splits a CRLF`;
  const pos = lines.position(o);
  const len = lines.lineEnd(pos.line) - lines.lineStarts[pos.line];
  if (pos.character > len) return `offset ${o} is past the end of line ${pos.line} (${pos.character} > ${len})`;
  return undefined;
}

function badRange(text: string, lines: LineIndex, start: number, end: number, what: string): string | undefined {
  const why = badOffset(text, lines, start) ?? badOffset(text, lines, end);
  if (why) return `${what}: ${why}`;
  if (end < start) return `${what}: end ${end} before start ${start}`;
  return undefined;
}

/** Every place a finding points into the document: its range, its fix's edits, same-file related locations. */
export function findingProblems(text: string, findings: readonly Finding[], lines = new LineIndex(text)): string[] {
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p) out.push(p);
  };
  for (const f of findings) {
    const what = `${f.code} at ${f.start}`;
    add(badRange(text, lines, f.start, f.end, what));
    for (const e of [...(f.fix?.edits ?? []), ...(f.fix?.importEdits ?? [])]) add(badRange(text, lines, e.start, e.end, `${what} fix edit`));
    for (const r of f.related ?? []) if (r.file === undefined && r.start !== undefined) add(badRange(text, lines, r.start, r.end ?? r.start, `${what} related`));
  }
  return out;
}

function errorsOf(text: string): number {
  const t = parse(text);
  return errorCount(t);
}

/** Lints `text` with a fresh tree; the caller gets findings and the rule-crash notes. */
export function lintFresh(text: string, opts: LintOptions): { findings: Finding[]; crashes: string[]; all: ReturnType<typeof lintTree> } {
  const tree = parse(text);
  const crashes: string[] = [];
  const r = lintTree(text, tree, { ...opts, onRuleError: (rule, e) => crashes.push(`${rule.meta.code}: ${(e as Error)?.stack ?? e}`) });
  return { findings: r.findings, crashes, all: r };
}

/** Maps an offset of the text before `edits` to the text after them (inside a replaced range: its end). */
function mapThrough(o: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.end <= o && !(e.start === e.end && e.start === o)) delta += e.text.length - (e.end - e.start);
    else if (e.start < o) return e.start + delta + e.text.length;
  }
  return o + delta;
}

/** The text outside `edits` is the same before and after, in order: nothing else was touched. */
export function onlyEditsChanged(before: string, after: string, edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let pos = 0;
  let at = 0;
  for (const e of sorted) {
    const keep = before.slice(pos, e.start);
    if (after.slice(at, at + keep.length) !== keep) return false;
    at += keep.length;
    if (after.slice(at, at + e.text.length) !== e.text) return false;
    at += e.text.length;
    pos = e.end;
  }
  return after.slice(at) === before.slice(pos);
}

export interface FixStats {
  /** Fixes applied one at a time and verified. */
  single: number;
  /** Fixed texts CPython compiled, and Ruff checked. */
  compiled: number;
  ruffChecked: number;
  /** Files fixed with fix-all and verified, and the fixes fix-all applied there. */
  fixAllFiles: number;
  fixAllApplied: number;
  /** Fixes the engine itself declined (fix-all's parse check), by code. */
  declined: Map<string, number>;
  byCode: Map<string, number>;
  problems: string[];
}

export function newFixStats(): FixStats {
  return { single: 0, compiled: 0, ruffChecked: 0, fixAllFiles: 0, fixAllApplied: 0, declined: new Map(), byCode: new Map(), problems: [] };
}

const same = (a: Finding, b: Finding): boolean => a.code === b.code && a.message === b.message;

/** A text a fix (or fix-all) wrote, with the file it started from. */
interface FixedText {
  name: string;
  what: string;
  original: string;
  text: string;
}

/** `code in function` for each finding: the innermost function or class whose definition holds it, by qualified name. */
export function findingKeys(findings: readonly Finding[], model: FileModel): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    let name = '<module>';
    for (let s = model.moduleScope; ; ) {
      const child = s.children.find((c) => c.start <= f.start && f.start < c.end);
      if (!child) break;
      if (child.kind === 'function' || child.kind === 'class') name = child.qualname;
      s = child;
    }
    out.add(`${f.code} in ${name}`);
    // Findings on one range merge into the most severe: the others stand as its related information.
    for (const r of f.related ?? []) {
      const also = /^also ([A-Z]+[0-9]+): /.exec(r.message);
      if (also) out.add(`${also[1]} in ${name}`);
    }
  }
  return out;
}

/** Findings of `after` whose code the function they are in did not have before: what the fix created. */
function created(before: Set<string>, after: readonly Finding[], model: FileModel): string[] {
  return [...findingKeys(after, model)].filter((k) => !before.has(k));
}

/**
 * Applies every fix of a file (safe and unsafe) alone, then fix-all, checking each result.
 * `opts` are the file's lint options; problems are reported with `name`.
 */
export function checkFixes(name: string, text: string, opts: LintOptions, stats: FixStats, onFixed?: (f: FixedText) => void): void {
  const problem = (p: string): void => void stats.problems.push(`${name}: ${p}`);
  let keys = new Set<string>();
  const baseline = errorsOf(text);
  const tree = parse(text);
  let findings: Finding[];
  const lines = new LineIndex(text);
  const r = lintTree(text, tree, opts);
  findings = r.findings;
  keys = findingKeys(findings, r.model);
  for (const f of findings) {
    if (!f.fix) continue;
    const edits = [...f.fix.edits, ...(f.fix.importEdits ?? [])];
    let fixed: string;
    try {
      fixed = applyEdits(text, edits);
    } catch (e) {
      problem(`${f.code} at ${f.start}: ${(e as Error).message}`);
      continue;
    }
    if (!onlyEditsChanged(text, fixed, edits)) problem(`${f.code} at ${f.start}: text changed outside the edit ranges`);
    // What an editor does with the same fix sent as LSP edits: the same text.
    const viaLsp = applyLspEdits(text, toLspEdits(edits, lines));
    if (viaLsp !== fixed) problem(`${f.code} at ${f.start}: the fix as LSP edits gives another text`);
    const errors = errorsOf(fixed);
    if (errors > baseline) {
      problem(`${f.code} at ${f.start} (${f.fix.title}): ${errors - baseline} new ERROR/MISSING node(s)`);
      continue;
    }
    const fresh = lintFresh(fixed, opts);
    const after = fresh.findings;
    for (const k of created(keys, after, fresh.all.model)) problem(`${f.code} at ${f.start} (${f.fix.title}): the fix created ${k}`);
    onFixed?.({ name, what: `${f.code} at ${f.start} (${f.fix.title})`, original: text, text: fixed });
    const s = mapThrough(f.start, edits);
    const e = mapThrough(f.end, edits);
    const still = after.find((g) => same(g, f) && (g.start === s || (g.start < e && s < g.end)));
    if (still) problem(`${f.code} at ${f.start} (${f.fix.title}): still reported after its fix`);
    stats.single++;
    stats.byCode.set(f.code, (stats.byCode.get(f.code) ?? 0) + 1);
  }
  if (!findings.some((f) => f.fix)) return;
  const all = fixAll(text, opts, () => true);
  for (const x of all.rejected) stats.declined.set(x.finding.code, (stats.declined.get(x.finding.code) ?? 0) + 1);
  if (errorsOf(all.text) > baseline) problem(`fix-all: new ERROR/MISSING nodes`);
  const fresh = lintFresh(all.text, opts);
  const rest = fresh.findings;
  for (const k of created(keys, rest, fresh.all.model)) problem(`fix-all created ${k}`);
  onFixed?.({ name, what: 'fix-all', original: text, text: all.text });
  // Fix-all stops when nothing is left to fix or after 10 rounds; what is left must be what it declined.
  const leftover = rest.filter((f) => f.fix && !all.rejected.some((x) => same(x.finding, f)));
  if (leftover.length > 0 && all.rounds < 10) problem(`fix-all left ${leftover.length} fixable finding(s): ${leftover.slice(0, 3).map((f) => `${f.code} at ${f.start}`).join(', ')}`);
  stats.fixAllFiles++;
  stats.fixAllApplied += all.applied.length;
}

const RUFF_CODES = ['I001', 'F401', 'F821'];

/**
 * CPython and Ruff on the texts fixes wrote: each must compile when its original did (one
 * python3 process for the whole run, fed as texts come), and have no more Ruff I001, F401
 * or F821 findings than its original.
 */
export class FixedTextVerifier {
  private readonly compiler = new CPythonCompiler();
  private readonly originals = new Map<string, { index: number; ruff: Map<string, number> }>();
  private readonly pending: Array<{ label: string; index: number; original: number }> = [];
  private queued: Promise<unknown> = Promise.resolve();
  /** New Ruff findings, by code. */
  readonly gained = new Map<string, number>(RUFF_CODES.map((c) => [c, 0]));

  constructor(private readonly stats: FixStats) {}

  private count(text: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of ruffCodes(text)) out.set(c, (out.get(c) ?? 0) + 1);
    return out;
  }

  add(f: FixedText): void {
    let original = this.originals.get(f.name);
    if (!original) {
      original = { index: this.send(f.name, f.original), ruff: this.count(f.original) };
      this.originals.set(f.name, original);
    }
    this.pending.push({ label: `${f.name}: ${f.what}`, index: this.send(f.name, f.text), original: original.index });
    const after = this.count(f.text);
    this.stats.ruffChecked++;
    for (const code of RUFF_CODES) {
      const n = (after.get(code) ?? 0) - (original.ruff.get(code) ?? 0);
      if (n <= 0) continue;
      this.gained.set(code, this.gained.get(code)! + n);
      this.stats.problems.push(`${f.name}: ${f.what}: ${n} new Ruff ${code}`);
    }
  }

  private sent = 0;

  /** Queues a text for python3 (in order); its answer's index. */
  private send(name: string, text: string): number {
    this.queued = this.queued.then(() => this.compiler.add(name, text));
    return this.sent++;
  }

  /** Waits until python3 has taken what was sent (keeps memory flat over a long run). */
  async drain(): Promise<void> {
    await this.queued;
  }

  /** Every compile answer in: CPython's refusals become problems. */
  async finish(): Promise<void> {
    await this.queued;
    const answers = await this.compiler.done();
    for (const p of this.pending) {
      if (answers[p.original] !== null) continue; // the original does not compile either (Python 2 test data)
      this.stats.compiled++;
      if (answers[p.index] !== null) this.stats.problems.push(`${p.label}: CPython: ${answers[p.index]}`);
    }
  }
}
