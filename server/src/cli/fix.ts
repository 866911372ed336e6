// `--fix` and `--diff`: fix-all per file against the project's workspace index (so fixes
// see the other modules' summaries, as the lint did), then checks before anything is
// written: the result parses and compiles as well as the original, line breaks stay the file's own,
// the text encodes back to the file's encoding (and BOM), the file did not change on disk
// meanwhile. Files are replaced atomically: a temporary file in the same folder, renamed
// over the original.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsPath, nameFromBytes } from '../engine/fileNames';
import { readRegularFile } from '../engine/files';
import { regression, validityIn } from '../engine/fixes';
import { fixAll, lintSource, type LintOptions } from '../engine/linter';
import type { Note } from '../engine/notes';
import type { FileResult } from '../engine/project';
import type { Finding } from '../ruleApi/rule';
import { decodeSource, encodeSource, LineIndex } from '../engine/text';
import type { WorkspaceIndex } from '../engine/workspace';
import type { FileConfig } from './configs';
import type { RuleRegistry } from '../engine/registry';

interface FixContext {
  index: WorkspaceIndex;
  rules: RuleRegistry;
  configFor: (file: string) => FileConfig;
  /** The Ruff codes whose findings a file leaves to Ruff: neither fixed nor reported. */
  leaveToRuff?: (file: string) => ReadonlySet<string> | undefined;
  /** Apply unsafe fixes too. */
  unsafe: boolean;
}

interface FixOutcome {
  /** The file as reported after fixing: remaining findings, positions in the fixed text. */
  file: FileResult;
  original: string;
  fixedText: string;
  /** Fixes applied. */
  fixed: number;
  /** The bytes to write; absent when the file must not be written (`refused`). */
  bytes?: Uint8Array;
  refused?: Note;
  notes: Note[];
}

/** Whether `--fix` (with or without `--unsafe-fixes`) applies this finding's fix. */
export function applicable(f: Finding, unsafe: boolean): boolean {
  return !!f.fix && (f.fix.applicability === 'safe' || unsafe);
}

/** Line breaks the fixes inserted, made like the file's own: a CRLF (or CR) file stays so. */
function keepLineEndings(original: string, fixed: string): string {
  const crlf = original.split('\r\n').length - 1;
  const lf = original.split('\n').length - 1 - crlf;
  const cr = original.split('\r').length - 1 - crlf;
  if (crlf > 0 && lf === 0 && cr === 0) return fixed.replace(/\r\n|\n/g, '\r\n');
  if (cr > 0 && crlf === 0 && lf === 0) return fixed.replace(/\r\n|\n/g, '\r');
  return fixed;
}


/** One note per reason a fix was dropped: `1 fix not applied (FPL101): the fixed code would not compile: ...`. */
function rejectionNotes(rejected: ReadonlyArray<{ finding: Finding; reason: string }>): Note[] {
  const byReason = new Map<string, Finding[]>();
  for (const r of rejected) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.finding]);
  return [...byReason].map(([reason, fs]) => ({ kind: 'fix-rejected', count: fs.length, codes: [...new Set(fs.map((f) => f.code))], reason }));
}

const notFixed = (reason: string): Note => ({ kind: 'not-fixed', reason });

/** Fixes one file in memory. Undefined when it has nothing `--fix` would apply. */
export function fixFile(file: FileResult, ctx: FixContext): FixOutcome | undefined {
  const source = file.source;
  if (!source || !file.findings.some((f) => applicable(f, ctx.unsafe))) return undefined;
  const original = source.text;
  const unchanged = (refused: Note | undefined, notes: Note[] = []): FixOutcome => ({ file, original, fixedText: original, fixed: 0, refused, notes });
  if (source.lossy) return unchanged(notFixed(source.lossy));
  const entry = ctx.index.entry(file.path);
  const fc = ctx.configFor(file.path);
  const opts: LintOptions = {
    rules: ctx.rules,
    config: fc.config,
    versions: file.versions,
    path: file.path,
    relPath: file.relPath,
    context: entry ? { module: entry.module, isPackage: entry.isPackage } : undefined,
    workspace: ctx.index,
    leaveToRuff: ctx.leaveToRuff?.(file.path),
  };
  const result = fixAll(original, opts, (f) => applicable(f, ctx.unsafe));
  const notes = rejectionNotes(result.rejected);
  if (result.text === original || result.applied.length === 0) return unchanged(undefined, notes);
  const fixedText = keepLineEndings(original, result.text);
  // fixAll only keeps rounds that parse and compile as well as the original; line breaks made
  // like the file's own are checked again.
  const worse = fixedText !== result.text ? regression(validityIn(original), fixedText) : undefined;
  if (worse) return unchanged(notFixed(worse), notes);
  const bytes = encodeSource(fixedText, source);
  if (!bytes) return unchanged(notFixed(`the fixed text cannot be written in the file's encoding (${source.encoding})`), notes);
  const after = result.remaining && fixedText === result.text ? result.remaining : lintSource(fixedText, opts);
  const fixedFile: FileResult = {
    ...file,
    findings: after.findings,
    notes: after.notes,
    source: { ...source, text: fixedText },
    lines: new LineIndex(fixedText),
  };
  return { file: fixedFile, original, fixedText, fixed: result.applied.length, bytes, notes };
}

/** Replaces a file's content atomically: temporary file in the same folder, then rename (symbolic links are followed). */
function writeAtomically(file: string, bytes: Uint8Array): void {
  // Names that are not UTF-8 go to fs as their bytes (fileNames.ts); only the native realpath keeps them.
  const real = nameFromBytes(fs.realpathSync.native(fsPath(file), { encoding: 'buffer' }));
  const mode = fs.statSync(fsPath(real)).mode & 0o7777;
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(fsPath(tmp), 'wx', mode);
  try {
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(fsPath(tmp), mode);
    fs.renameSync(fsPath(tmp), fsPath(real));
  } catch (e) {
    fs.rmSync(fsPath(tmp), { force: true });
    throw e;
  }
}

/** Writes a fixed file unless it changed on disk since it was read. Returns why it was not written, if so. */
export function writeFixed(outcome: FixOutcome): Note | undefined {
  if (!outcome.bytes) return outcome.refused;
  const p = outcome.file.path;
  try {
    const now = decodeSource(readRegularFile(p));
    if (now.text !== outcome.original) return notFixed('the file changed on disk while it was being checked');
    writeAtomically(p, outcome.bytes);
    return undefined;
  } catch (e) {
    return notFixed(`cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
