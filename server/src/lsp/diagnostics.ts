// Diagnostics of open documents: findings -> LSP diagnostics, publishDiagnostics after a
// short debounce (push clients) or textDocument/diagnostic answered at once (pull
// clients), and re-linting the open documents whose answer may change when a module
// of the workspace changes. A result is only ever published for the version it was
// computed from.
import { createHash } from 'node:crypto';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { docsUrl } from '../engine/docs';
import type { LintOptions, LintResult } from '../engine/linter';
import { noteText, type Note } from '../engine/notes';
import { longestLine } from '../engine/project';
import { plainText } from '../ruleApi/message';
import type { Finding, Rule, Severity, TextEdit } from '../ruleApi/rule';
import { looksBinary, type LineIndex } from '../engine/text';
import { shown, type Effective } from './configuration';
import type { ServerContext } from './context';
import type { LintOutcome, OpenDocument } from './documents';
import { yieldToEventLoop, type FolderIndex } from './folders';
import { pathToUri } from './uri';

export const SOURCE = 'fastapi-perf-lint';

/** What a diagnostic carries in `data`: the fix as LSP edits and the version they apply to. */
export interface DiagnosticData {
  /** Document version the diagnostic (and its edits) belong to; null for files that are not open. */
  version: number | null;
  fix?: { title: string; applicability: 'safe' | 'unsafe'; edits: LspTextEdit[] };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * LSP edits in the order the engine applies them: by position, and at one position the
 * inserts before the replacement. The LSP spec asks for that order, and clients such as
 * Neovim apply same-position edits in array order (a replacement first garbles the text).
 */
export function toLspEdits(edits: readonly TextEdit[], lines: LineIndex): LspTextEdit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map(({ e }) => ({ range: lines.range(e.start, e.end), newText: e.text }));
}

/** Every edit of a finding's fix: the rule's edits plus the imports the linter materialised. */
export function fixEditsOf(f: Finding): TextEdit[] {
  return f.fix ? [...f.fix.edits, ...(f.fix.importEdits ?? [])] : [];
}

export function toDiagnostic(f: Finding, lines: LineIndex, uri: string, version: number | null): Diagnostic {
  const data: DiagnosticData = { version };
  if (f.fix) data.fix = { title: plainText(f.fix.title), applicability: f.fix.applicability, edits: toLspEdits(fixEditsOf(f), lines) };
  const d: Diagnostic = {
    range: lines.range(f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docsUrl(f.id) },
    source: SOURCE,
    message: plainText(f.message),
    data,
  };
  if (f.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of f.related) {
      if (r.file && r.range) related.push({ location: { uri: pathToUri(r.file), range: r.range }, message: plainText(r.message) });
      else if (r.start !== undefined) related.push({ location: { uri, range: lines.range(r.start, r.end ?? r.start) }, message: plainText(r.message) });
    }
    if (related.length) d.relatedInformation = related;
  }
  return d;
}

export function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('hex').slice(0, 20);
}

/** Lint options for a file of a workspace folder (or a loose file when `folder` is undefined). */
function lintOptionsFor(ctx: ServerContext, eff: Effective, file: string | undefined, folder: FolderIndex | undefined, onRuleError: LintOptions['onRuleError']): LintOptions {
  const inFolder = folder && file ? folder : undefined;
  return {
    config: eff.config,
    versions: eff.versions,
    path: file,
    relPath: inFolder ? inFolder.relPath(file!) : undefined,
    context: inFolder ? inFolder.moduleOf(file!) : undefined,
    workspace: inFolder?.index,
    rules: ctx.options.rules,
    onRuleError,
    leaveToRuff: file ? eff.ruffFor(file) : undefined,
  };
}

/** Why a file's text is not linted (the same size limits as the CLI), or undefined. */
function overLimits(text: string, eff: Effective): string | undefined {
  if (text.length > eff.config.maxFileSize) return `over the ${eff.config.maxFileSize}-byte limit (maxFileSize)`;
  if (looksBinary(text)) return 'binary file';
  const longest = longestLine(text);
  if (longest > eff.config.maxLineLength) return `a line of ${longest} characters is over the ${eff.config.maxLineLength}-character limit (maxLineLength)`;
  return undefined;
}

export class DiagnosticsService {
  private refreshTimer: NodeJS.Timeout | undefined;
  private logged = new Set<string>();
  /** Told when a file's diagnostics for files that are not open may have changed (workspace diagnostics). */
  onClosedFilesStale: (folder: FolderIndex, files: string[]) => void = () => {};

  constructor(private readonly ctx: ServerContext) {}

  get debounceMs(): number {
    return this.ctx.options.debounceMs ?? 50;
  }

  /**
   * After didOpen/didChange. A push client gets the result once the typing pauses; a pull
   * client asks for it (textDocument/diagnostic, paced by the editor), which lints the
   * newest version then: nothing is computed ahead for versions nobody asks about.
   */
  changed(d: OpenDocument, delay = this.debounceMs): void {
    if (this.ctx.client.pullDiagnostics) d.cancelPending();
    else d.debounce(delay, () => void this.run(d));
  }

  /** Forces a re-lint of documents whose settings or workspace changed. */
  invalidate(docs: Iterable<OpenDocument>, delay = this.debounceMs): void {
    let any = false;
    for (const d of docs) {
      d.invalidate();
      any = true;
      this.changed(d, delay);
    }
    if (any && this.ctx.client.pullDiagnostics) this.requestRefresh();
  }

  /**
   * Lets the messages already received run first: edits queued behind this request make it
   * lint the newest version (older ones are never linted), and the pulls queued with them
   * share that result. The connection handles one message per turn of the event loop, so
   * this waits until two turns pass without a new version (a few microseconds when idle).
   */
  private async caughtUp(d: OpenDocument): Promise<void> {
    for (let stable = 0, turns = 0; stable < 2 && turns < 200 && !d.closed; turns++) {
      const version = d.version;
      await yieldToEventLoop();
      stable = d.version === version ? stable + 1 : 0;
    }
  }

  /** With `run: onSave`, a document edited since it was saved keeps the diagnostics of its saved text. */
  private async waitsForSave(d: OpenDocument): Promise<boolean> {
    if (d.savedVersion === d.version) return false;
    return (await this.ctx.settings.get(d.uri)).settings.run === 'onSave';
  }

  /** didSave: the saved text is what `run: onSave` lints. */
  saved(d: OpenDocument): void {
    d.savedVersion = d.version;
    this.changed(d, 0);
    if (this.ctx.client.pullDiagnostics) this.requestRefresh();
  }

  private async run(d: OpenDocument): Promise<void> {
    try {
      await this.caughtUp(d);
      if (await this.waitsForSave(d)) return;
      const out = await this.lint(d);
      if (!this.ctx.client.pullDiagnostics) this.publish(d, out);
    } catch (e) {
      this.ctx.error(`linting ${d.uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private publish(d: OpenDocument, out: LintOutcome): void {
    // Never publish a result for a version the client no longer has.
    if (d.closed || out.version !== d.version || out.token !== d.token) return;
    if (d.publishedId === out.resultId && d.publishedVersion === out.version) return;
    d.publishedId = out.resultId;
    d.publishedVersion = out.version;
    void this.ctx.connection.sendDiagnostics({ uri: d.uri, version: out.version, diagnostics: out.diagnostics });
  }

  /** The lint outcome for the document's current version (cached per version and token). */
  async lint(d: OpenDocument): Promise<LintOutcome> {
    for (;;) {
      const version = d.version;
      const token = d.token;
      if (d.last && d.last.version === version && d.last.token === token) return d.last;
      const eff = await this.ctx.settings.get(d.uri);
      const folder = this.ctx.folders.of(d.path);
      // Before the folder's first index is complete, its files are known and the imports this
      // file needs are summarised on demand: the first answer has the cross-module findings.
      if (folder && !folder.built) await folder.whenDiscovered();
      // Whether the file is excluded is decided as discovery decides it: with the folder's settings.
      const excluded = folder && d.path ? folder.excludes(d.path, (await this.ctx.settings.configsFor(folder.uri)).configFor) : false;
      if (d.closed) return { version, token, result: null, options: null, effective: eff, diagnostics: [], resultId: resultIdOf([]) };
      if (d.last && d.last.version === d.version && d.last.token === d.token) return d.last;
      if (d.version !== version || d.token !== token) continue; // changed while the settings arrived
      d.last = this.compute(d, eff, folder, excluded);
      return d.last;
    }
  }

  private compute(d: OpenDocument, eff: Effective, folder: FolderIndex | undefined, excluded: boolean): LintOutcome {
    const version = d.version;
    const token = d.token;
    const empty = (): LintOutcome => ({ version, token, result: null, options: null, effective: eff, diagnostics: [], resultId: resultIdOf([]) });
    if (!eff.settings.enable) return empty();
    if (excluded) return empty();
    const text = d.doc.text;
    const skip = overLimits(text, eff);
    if (skip) {
      this.logOnce(`skip:${d.uri}:${skip}`, `${d.uri} is not linted: ${skip}`, 'info');
      return empty();
    }
    const options = lintOptionsFor(this.ctx, eff, d.path, folder, (rule, err) => this.ruleCrashed(d.uri, rule, err));
    let result: LintResult;
    try {
      result = d.doc.lint(options, token);
    } catch (e) {
      this.logOnce(`crash:${d.uri}:${(e as Error)?.message}`, `linting ${d.uri} failed: ${(e as Error)?.stack ?? e}`);
      return empty();
    }
    this.notesOf(d.uri, result.notes);
    // Below `minimumSeverity`: not shown, so not offered in actions or hovers either.
    if (eff.settings.minimumSeverity !== 'hint') result = { ...result, findings: result.findings.filter((f) => shown(eff.settings, f.severity)) };
    const diagnostics = result.findings.map((f) => toDiagnostic(f, result.lines, d.uri, version));
    const out: LintOutcome = { version, token, result, options, effective: eff, diagnostics, resultId: resultIdOf(diagnostics) };
    // The buffer is what other modules see: re-summarise it and refresh the documents that depend on it.
    if (folder && d.path && folder.update(d.path, text, result.model.summary, result.lines)) this.moduleChanged(folder, d.path, { closedFiles: false, except: d });
    return out;
  }

  /** textDocument/diagnostic: answers at once, for the document's newest version. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const d = this.ctx.docs.get(params.textDocument.uri);
    if (!d) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    await this.caughtUp(d);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    if (params.previousResultId && (await this.waitsForSave(d))) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: params.previousResultId };
    const out = await this.lint(d);
    if (d.closed) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (params.previousResultId === out.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: out.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: out.resultId, items: out.diagnostics };
  }

  /**
   * A module's summary changed (an edit, a file changed on disk): re-lint the open documents
   * joined to it by imports, and mark the closed ones for the workspace diagnostics.
   */
  moduleChanged(folder: FolderIndex, file: string, opts: { closedFiles: boolean; except?: OpenDocument; modules?: Set<string> }): void {
    const others = [...this.ctx.docs.all()].filter((o) => o !== opts.except && o.path && this.ctx.folders.of(o.path) === folder);
    if (others.length === 0 && !opts.closedFiles) return; // typing in the only open file of a folder
    const modules = opts.modules ?? folder.component(folder.moduleOf(file).module);
    const affected = others.filter((o) => modules.has(folder.moduleOf(o.path!).module));
    this.invalidate(affected, this.debounceMs * 2);
    if (opts.closedFiles) this.onClosedFilesStale(folder, folder.filesOf(modules));
  }

  /** Asks a pull client to pull again (debounced); no-op for push clients. */
  requestRefresh(): void {
    if (!this.ctx.client.pullDiagnostics || !this.ctx.client.diagnosticRefresh) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.ctx.connection.languages.diagnostics.refresh().catch((e) => this.ctx.log(`diagnostic refresh failed: ${(e as Error)?.message ?? e}`));
    }, this.debounceMs);
  }

  /** A file's notes (a syntax error, a lint cut short), told once; rule crashes are told by ruleCrashed, with their stack. */
  notesOf(where: string, notes: readonly Note[]): void {
    for (const n of notes) {
      if (n.kind === 'rule-failed') continue;
      const text = noteText(n);
      this.logOnce(`note:${where}:${text}`, `${where}: ${text}`, 'info');
    }
  }

  ruleCrashed(where: string, rule: Rule, err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.logOnce(`rule:${where}:${rule.meta.code}:${message}`, `${rule.meta.code} (${rule.meta.id}) crashed on ${where}; the other rules still report: ${(err as Error)?.stack ?? err}`);
  }

  logOnce(key: string, message: string, level: 'error' | 'info' = 'error'): void {
    if (this.logged.has(key)) return;
    if (this.logged.size > 1000) this.logged.clear();
    this.logged.add(key);
    if (level === 'info') this.ctx.info(message);
    else this.ctx.error(message);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }
}
