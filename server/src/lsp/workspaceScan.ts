// Diagnostics for the Python files that are not open: workspace/diagnostic for pull
// clients (only files whose result changed since the client's previous result id are
// reported), and the "Scan Workspace" command (work-done progress with file counts,
// cancellable) whose results reach the Problems panel through the workspace pull, or
// through publishDiagnostics for push clients. Each file is read and linted the way
// `check` lints a file of the project (engine/project.ts), against the folder's index.
// Results are cached per file by content hash and marked stale when a module they
// depend on changes.
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type ResultProgressReporter,
  type WorkDoneProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { noteText, skipReasonText } from '../engine/notes';
import { hashText, lintProjectFile, type PlannedFile } from '../engine/project';
import type { Note } from '../engine/notes';
import { LineIndex } from '../engine/text';
import type { Finding } from '../ruleApi/rule';
import type { Effective } from './configuration';
import type { ServerContext } from './context';
import { shown } from './configuration';
import { resultIdOf, toDiagnostic, type DiagnosticsService } from './diagnostics';
import { yieldToEventLoop, type FolderIndex } from './folders';
import { pathToUri, uriToPath } from './uri';

interface ClosedResult {
  hash: string;
  stale: boolean;
  diagnostics: Diagnostic[];
  resultId: string;
}

interface ScanSummary {
  /** Files that are not open, linted by the scan. */
  files: number;
  findings: number;
  filesWithFindings: number;
  /** The open documents of the scanned folders, and their findings: the Problems panel shows both. */
  openFiles: number;
  openFindings: number;
  cancelled: boolean;
}

const EMPTY_ID = resultIdOf([]);

export class WorkspaceDiagnostics {
  private results = new Map<string, ClosedResult>();
  /** Files that were reported and are gone (deleted, excluded): reported empty once. */
  private tombstones = new Set<string>();
  /** URIs of closed files whose scan results were sent with publishDiagnostics. */
  private pushed = new Set<string>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsService,
  ) {}

  markStale(files: Iterable<string>): void {
    for (const f of files) {
      const r = this.results.get(f);
      if (r) r.stale = true;
    }
  }

  markAllStale(): void {
    for (const r of this.results.values()) r.stale = true;
  }

  /** A file left the workspace (deleted, now excluded): clear what the client shows for it. */
  forget(file: string): void {
    if (this.results.delete(file)) this.tombstones.add(file);
    const uri = pathToUri(file);
    if (this.pushed.delete(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A document was opened: its own diagnostics replace whatever a scan pushed for it. */
  opened(uri: string): void {
    if (this.pushed.delete(uri) && this.ctx.client.pullDiagnostics) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async workspaceActive(folder: FolderIndex): Promise<Effective | undefined> {
    const eff = await this.ctx.settings.get(folder.uri);
    return eff.settings.enable && eff.settings.workspaceDiagnostics ? eff : undefined;
  }

  /**
   * Lints a file that is not open, reusing the cached result when its text is unchanged and
   * nothing it depends on changed. `reread` checks the disk even when the cache looks fresh.
   */
  private lintClosed(folder: FolderIndex, file: string, eff: Effective, reread: boolean): ClosedResult {
    const prev = this.results.get(file);
    if (prev && !prev.stale && !reread) return prev;
    // Known by its stat when unchanged: its text is then read only to lint it or place findings.
    const loaded = folder.readClosed(file, eff.config);
    const skipped = loaded.skipped;
    const hash = skipped ? '' : (loaded.hash ?? hashText(loaded.source?.text ?? ''));
    if (prev && !prev.stale && prev.hash === hash) return prev;
    let diagnostics: Diagnostic[] = [];
    const uri = pathToUri(file);
    if (skipped) this.diagnostics.logOnce(`skip:${file}:${noteText(skipped)}`, `${file} is not linted: ${skipReasonText(skipped.reason)}`, 'info');
    const textOf = (): string | undefined => loaded.source?.text;
    if (!skipped && folder.index.entry(file)?.hash !== hash) {
      const text = textOf();
      if (text !== undefined && folder.update(file, text)) this.diagnostics.moduleChanged(folder, file, { closedFiles: true });
    }
    if (!skipped) {
      try {
        const lint = this.closedLint(folder, { ...folder.planned(file, eff.config, eff.versions), leaveToRuff: eff.ruffFor(file) }, textOf, hash);
        this.diagnostics.notesOf(file, lint.notes);
        const findings = lint.findings.filter((f) => shown(eff.settings, f.severity));
        const text = findings.length ? textOf() : undefined;
        if (text !== undefined) {
          const lines = new LineIndex(text);
          diagnostics = findings.map((f) => toDiagnostic(f, lines, uri, null));
        }
      } catch (e) {
        this.ctx.error(`linting ${file} failed: ${(e as Error)?.stack ?? e}`);
      }
    }
    const out: ClosedResult = { hash, stale: false, diagnostics, resultId: resultIdOf(diagnostics) };
    this.results.set(file, out);
    return out;
  }

  /**
   * A closed file's findings, its workspace conditions decided against the folder's index:
   * from the persistent cache when nothing they depend on changed, else linted and kept
   * there (unless a rule crashed, so the crash is reported again).
   */
  private closedLint(folder: FolderIndex, planned: PlannedFile, textOf: () => string | undefined, hash: string): { findings: Finding[]; notes: Note[] } {
    const cached = folder.cachedLint(planned, hash);
    if (cached) return cached;
    const text = textOf();
    if (text === undefined) return { findings: [], notes: [] };
    const index = folder.index;
    let crashed = false;
    index.reads = new Set();
    let reads: Set<string>;
    let r: ReturnType<typeof lintProjectFile>;
    try {
      // The folder's index is complete: workspace conditions are decided at once.
      r = lintProjectFile(planned, text, index, planned.config!, this.ctx.options.rules, {
        deferConditions: false,
        onRuleError: (rule, err) => {
          crashed = true;
          this.diagnostics.ruleCrashed(planned.path, rule, err);
        },
        leaveToRuff: planned.leaveToRuff,
      });
    } finally {
      reads = index.reads;
      index.reads = undefined;
    }
    if (!crashed) folder.putLint(planned, hash, reads, r.findings, r.notes);
    return r;
  }

  /** A closed file's diagnostics when a fresh result is cached, else undefined. */
  cachedDiagnostics(file: string): Diagnostic[] | undefined {
    const r = this.results.get(file);
    return r && !r.stale ? r.diagnostics : undefined;
  }

  /** A closed file's diagnostics (the cached scan result when fresh); none when the folder is turned off. */
  async closedDiagnostics(folder: FolderIndex, file: string): Promise<Diagnostic[]> {
    const eff = await this.ctx.settings.forClosedFile(folder.uri, file);
    return eff.settings.enable ? this.lintClosed(folder, file, eff, false).diagnostics : [];
  }

  /** workspace/diagnostic: reports for closed files whose result differs from the client's. */
  async pull(params: WorkspaceDiagnosticParams, token: CancellationToken, partial?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const flush = (): void => {
      if (partial && items.length > 0) partial.report({ items: items.splice(0) });
    };
    const emit = (uri: string, r: { resultId: string; diagnostics: Diagnostic[] }): void => {
      if (previous.get(uri) === r.resultId) return;
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: r.resultId, items: r.diagnostics });
      if (items.length >= 50) flush();
    };
    for (const file of this.tombstones) emit(pathToUri(file), { resultId: EMPTY_ID, diagnostics: [] });
    this.tombstones.clear();
    for (const folder of this.ctx.folders.all) {
      const eff = await this.workspaceActive(folder);
      if (!eff) {
        // Turned off: clear what was reported for this folder.
        for (const uri of previous.keys()) {
          const file = uriToPath(uri);
          if (file && this.ctx.folders.of(file) === folder && !this.ctx.docs.atPath(file)) emit(uri, { resultId: EMPTY_ID, diagnostics: [] });
        }
        continue;
      }
      await raceCancel(folder.whenBuilt(), token);
      let slice = Date.now();
      for (const file of folder.files) {
        if (token.isCancellationRequested) break;
        if (this.ctx.docs.atPath(file)) continue; // the document pull owns open files
        emit(pathToUri(file), this.lintClosed(folder, file, await this.ctx.settings.forClosedFile(folder.uri, file), false));
        if (Date.now() - slice > 15) {
          flush();
          await yieldToEventLoop();
          slice = Date.now();
        }
      }
      folder.saveCache();
    }
    if (partial) {
      flush();
      return { items: [] };
    }
    return { items };
  }

  /**
   * Lints every Python file of the workspace that is not open, with progress
   * (`done/total files`), until done or cancelled (by the request or the progress UI).
   */
  async scan(token: CancellationToken, progress: WorkDoneProgressReporter & { token?: CancellationToken }): Promise<ScanSummary> {
    const summary: ScanSummary = { files: 0, findings: 0, filesWithFindings: 0, openFiles: 0, openFindings: 0, cancelled: false };
    const t0 = Date.now();
    const cancelled = (): boolean => token.isCancellationRequested || !!progress.token?.isCancellationRequested;
    progress.begin('FastAPI Perf: scanning the workspace', 0, 'finding Python files', true);
    try {
      const work: Array<{ folder: FolderIndex; eff: Effective; files: string[] }> = [];
      for (const folder of this.ctx.folders.all) {
        await raceCancel(folder.whenBuilt(), token);
        const eff = await this.ctx.settings.get(folder.uri);
        if (!eff.settings.enable) continue;
        work.push({ folder, eff, files: folder.files.filter((f) => !this.ctx.docs.atPath(f)) });
      }
      const total = work.reduce((n, w) => n + w.files.length, 0);
      progress.report(0, `0/${total} files`);
      let done = 0;
      let slice = Date.now();
      const toPush: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
      let pullDelivers = false;
      outer: for (const w of work) {
        const viaPull = this.ctx.client.pullDiagnostics && w.eff.settings.workspaceDiagnostics;
        pullDelivers ||= viaPull;
        for (const file of w.files) {
          if (cancelled()) {
            summary.cancelled = true;
            break outer;
          }
          const r = this.lintClosed(w.folder, file, await this.ctx.settings.forClosedFile(w.folder.uri, file), true);
          done++;
          summary.files++;
          summary.findings += r.diagnostics.length;
          if (r.diagnostics.length) summary.filesWithFindings++;
          if (!viaPull) toPush.push({ uri: pathToUri(file), diagnostics: r.diagnostics });
          if (Date.now() - slice > 15 || done === total) {
            progress.report(total ? Math.floor((done * 100) / total) : 100, `${done}/${total} files`);
            await yieldToEventLoop();
            slice = Date.now();
          }
        }
      }
      for (const w of work) w.folder.saveCache();
      for (const p of toPush) {
        if (this.ctx.docs.get(p.uri)) continue;
        if (p.diagnostics.length === 0 && !this.pushed.has(p.uri)) continue;
        if (p.diagnostics.length) this.pushed.add(p.uri);
        else this.pushed.delete(p.uri);
        void this.ctx.connection.sendDiagnostics({ uri: p.uri, diagnostics: p.diagnostics });
      }
      if (pullDelivers) this.diagnostics.requestRefresh();
      if (!summary.cancelled) {
        const scanned = new Set(work.map((w) => w.folder));
        for (const d of this.ctx.docs.all()) {
          const folder = d.path ? this.ctx.folders.of(d.path) : undefined;
          if (!folder || !scanned.has(folder)) continue;
          const out = await this.diagnostics.lint(d);
          if (d.closed) continue;
          summary.openFiles++;
          summary.openFindings += out.diagnostics.length;
        }
      }
    } finally {
      progress.done();
    }
    this.ctx.log(`workspace scan${summary.cancelled ? ' (cancelled)' : ''}: ${summary.files} closed files in ${Date.now() - t0} ms, ${summary.findings} findings in ${summary.filesWithFindings} files`);
    return summary;
  }
}

/** Waits for `p`, or until the request is cancelled. */
function raceCancel<T>(p: Promise<T>, token: CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      resolve(undefined);
    });
    p.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      (e) => {
        sub.dispose();
        reject(e);
      },
    );
  });
}
