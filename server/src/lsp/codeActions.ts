// Code actions: per diagnostic the rule's quick fix (preferred when safe), "Fix all FPLxxx
// in this file", "Ignore FPLxxx on this line", "... in this file" (the file-level noqa),
// "... in pyproject.toml" (the project's `ignore` list, edited in place) and "Show
// documentation for FPLxxx"; on a
// Ruff diagnostic (ASYNC251 ...) whose call we left to Ruff (ruff-overlap), our fix for
// it; and `source.fixAll.fastapiPerf` (safe fixes only, those left to Ruff included, for
// editor.codeActionsOnSave). Fix-all
// edits go through the engine's fix-all loop and are computed in codeAction/resolve when
// the client supports it. A quick fix whose result would not parse or compile is not offered.
import { diffLines } from 'diff';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { applyEdits, regression, validityOf, type Validity } from '../engine/fixes';
import { fixAll } from '../engine/linter';
import { RUFF_CODES } from '../analysis/knowledge/ruff';
import { plainText } from '../ruleApi/message';
import type { Finding, TextEdit } from '../ruleApi/rule';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProjectConfig } from '../engine/config';
import { ignoreCodeEdit } from '../engine/configEdit';
import { LineIndex } from '../engine/text';
import { fileNoqaEdit, noqaEdit } from '../engine/suppressions';
import { pathToUri, uriToPath } from './uri';
import type { ServerContext } from './context';
import { fixEditsOf, SOURCE, toLspEdits, type DiagnosticData, type DiagnosticsService } from './diagnostics';
import type { LintOutcome, OpenDocument } from './documents';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.fastapiPerf`;
export const SHOW_DOCS_COMMAND = 'fastapiPerf.showRuleDocs';
export const FIX_ALL_COMMAND = 'fastapiPerf.fixAll';

/** What an action left for codeAction/resolve. */
interface ResolveData {
  uri: string;
  version: number;
  /** Fix-all of one code, or every safe fix. */
  code?: string;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Edits turning `before` into `after`, one per changed run of lines (so the editor keeps
 * cursors and folds elsewhere), in offsets of `before`.
 */
export function diffEdits(before: string, after: string): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) {
      const last = edits[edits.length - 1];
      if (last && last.end === offset) last.text += part.value;
      else edits.push({ start: offset, end: offset, text: part.value });
    } else if (part.removed) {
      const last = edits[edits.length - 1];
      if (last && last.end === offset) last.end += part.value.length;
      else edits.push({ start: offset, end: offset + part.value.length, text: '' });
      offset += part.value.length;
    } else offset += part.value.length;
  }
  return edits;
}

export class CodeActions {
  /** Quick fixes checked to parse and compile, per lint outcome; and the document's own validity. */
  private verified = new WeakMap<LintOutcome, Map<Finding, boolean>>();
  private validity = new WeakMap<LintOutcome, Validity>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsService,
  ) {}

  private workspaceEdit(d: OpenDocument, version: number, edits: LspTextEdit[]): WorkspaceEdit {
    if (this.ctx.client.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: d.uri, version }, edits)] };
    return { changes: { [d.uri]: edits } };
  }

  /** True when the finding's fix leaves code that parses and compiles as well as the document (engine/fixes.ts `regression`). */
  private fixParses(out: LintOutcome, f: Finding): boolean {
    let cache = this.verified.get(out);
    if (!cache) this.verified.set(out, (cache = new Map()));
    let ok = cache.get(f);
    if (ok === undefined) {
      const r = out.result!;
      let before = this.validity.get(out);
      if (!before) this.validity.set(out, (before = validityOf(r.model.tree, r.model.text)));
      try {
        ok = !regression(before, applyEdits(r.model.text, fixEditsOf(f)));
      } catch {
        ok = false; // overlapping edits
      }
      cache.set(f, ok);
    }
    return ok;
  }

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const d = this.ctx.docs.get(params.textDocument.uri);
    if (!d) return [];
    const out = await this.diagnostics.lint(d);
    const r = out.result;
    if (!r || d.closed) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const fixAllDone = new Set<string>();
      const docsDone = new Set<string>();
      const ignoreDone = new Set<string>();
      for (const diag of params.context.diagnostics) {
        const ruffFix = this.onRuffDiagnostic(d, out, diag);
        if (ruffFix) actions.push(ruffFix);
        if (diag.source !== SOURCE || typeof diag.code !== 'string') continue;
        const code = diag.code;
        // The finding behind the diagnostic, in the current version (a diagnostic from an older
        // version only counts if it is still reported at the same place).
        const i = out.diagnostics.findIndex((x) => x.code === code && sameRange(x.range, diag.range) && x.message === diag.message);
        if (i < 0) continue;
        const finding = r.findings[i];
        const data = diag.data as DiagnosticData | undefined;
        if (finding.fix && this.fixParses(out, finding)) {
          // Edits from `data` only when they belong to this very version.
          const edits = data?.version === out.version && data.fix ? data.fix.edits : toLspEdits(fixEditsOf(finding), r.lines);
          actions.push({
            title: plainText(finding.fix.title),
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            isPreferred: finding.fix.applicability === 'safe',
            edit: this.workspaceEdit(d, out.version, edits),
          });
        }
        if (!fixAllDone.has(code) && r.findings.filter((f) => f.code === code && f.fix).length > 1) {
          fixAllDone.add(code);
          const action = this.lazy(d, out, { title: `Fix all ${code} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diag] }, code);
          if (action) actions.push(action);
        }
        const line = r.lines.lineOf(finding.start);
        if (!ignoreDone.has(`${code}:${line}`)) {
          ignoreDone.add(`${code}:${line}`);
          const edit = noqaEdit(r.model.text, r.model.tree, r.lines, line, code);
          if (edit) {
            actions.push({
              title: `Ignore ${code} on this line`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diag],
              edit: this.workspaceEdit(d, out.version, toLspEdits([edit], r.lines)),
            });
          }
        }
        if (!docsDone.has(code)) {
          const inFile = fileNoqaEdit(r.model.text, r.model.tree, code);
          if (inFile) actions.push({ title: `Ignore ${code} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: this.workspaceEdit(d, out.version, toLspEdits([inFile], r.lines)) });
          const project = this.projectIgnore(d, code);
          if (project) actions.push({ ...project, diagnostics: [diag] });
          docsDone.add(code);
          const title = `Show documentation for ${code}`;
          actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title, command: SHOW_DOCS_COMMAND, arguments: [code] } });
        }
      }
    }
    if (wants(FIX_ALL_KIND) && [...r.findings, ...r.deferred].some((f) => f.fix?.applicability === 'safe')) {
      const action = this.lazy(d, out, { title: 'Fix all safe FastAPI Perf problems', kind: FIX_ALL_KIND }, undefined);
      if (action) actions.push(action);
    }
    return actions;
  }

  /**
   * "Ignore FPLxxx in pyproject.toml": the code added to the `ignore` list of the project
   * configuration that applies to the document (ProjectConfigFiles' choice), else a
   * `[tool.fastapi-perf-lint]` table in the workspace folder's pyproject.toml. Not offered in
   * an untrusted workspace, which reads no project configuration.
   */
  private projectIgnore(d: OpenDocument, code: string): CodeAction | undefined {
    if (!this.ctx.settings.trusted || !d.path) return undefined;
    let file = loadProjectConfig(path.dirname(d.path), { codes: this.ctx.options.rules.codes }).file;
    const folder = this.ctx.folders.of(d.path);
    if (!file && folder) {
      const root = path.join(uriToPath(folder.uri) ?? '', 'pyproject.toml');
      if (fs.existsSync(root)) file = root;
    }
    if (!file) return undefined;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const edit = ignoreCodeEdit(text, code, path.basename(file) === 'pyproject.toml');
    if (!edit) return undefined;
    const uri = pathToUri(file);
    const lines = new LineIndex(text);
    const edits = toLspEdits([edit], lines);
    const workspaceEdit: WorkspaceEdit = this.ctx.client.documentChanges ? { documentChanges: [TextDocumentEdit.create({ uri, version: null }, edits)] } : { changes: { [uri]: edits } };
    return { title: `Ignore ${code} in ${path.basename(file)} (the whole project)`, kind: CodeActionKind.QuickFix, edit: workspaceEdit };
  }

  /** workspace/executeCommand `fastapiPerf.fixAll`: every safe fix of the document, applied through workspace/applyEdit. */
  async fixAllCommand(uri: unknown): Promise<{ applied: boolean }> {
    const d = typeof uri === 'string' ? this.ctx.docs.get(uri) : undefined;
    if (!d) return { applied: false };
    const out = await this.diagnostics.lint(d);
    const edit = this.fixAllEdit(d, out, undefined);
    if (!edit) return { applied: false };
    const r = await this.ctx.connection.workspace.applyEdit({ label: 'FastAPI Perf: Fix All', edit });
    return { applied: r.applied };
  }

  /**
   * Our fix for a Ruff diagnostic on a call we left to Ruff: the deferred finding with that
   * Ruff code whose call holds the diagnostic's range (Ruff marks the callee), innermost first.
   */
  private onRuffDiagnostic(d: OpenDocument, out: LintOutcome, diag: Diagnostic): CodeAction | undefined {
    const r = out.result!;
    if (!r.deferred.length || !/^ruff$/i.test(diag.source ?? '') || typeof diag.code !== 'string' || !RUFF_CODES.includes(diag.code)) return undefined;
    const start = r.lines.offset(diag.range.start);
    const end = r.lines.offset(diag.range.end);
    const finding = r.deferred
      .filter((f) => f.ruff === diag.code && f.start <= start && end <= f.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    if (!finding?.fix || !this.fixParses(out, finding)) return undefined;
    return {
      title: plainText(finding.fix.title),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diag],
      isPreferred: finding.fix.applicability === 'safe',
      edit: this.workspaceEdit(d, out.version, toLspEdits(fixEditsOf(finding), r.lines)),
    };
  }

  /** A fix-all action: its edit now (none when it would change nothing), or in codeAction/resolve when the client can resolve. */
  private lazy(d: OpenDocument, out: LintOutcome, action: CodeAction, code: string | undefined): CodeAction | undefined {
    const data: ResolveData = { uri: d.uri, version: out.version, code };
    if (this.ctx.client.codeActionResolve) return { ...action, data };
    const edit = this.fixAllEdit(d, out, code);
    return edit ? { ...action, edit } : undefined;
  }

  private fixAllEdit(d: OpenDocument, out: LintOutcome, code: string | undefined): WorkspaceEdit | undefined {
    const r = out.result;
    if (!r || !out.options) return undefined;
    // A chosen code applies that rule's fixes (as its quick fix would); otherwise safe fixes only.
    const pick = code ? (f: Finding) => f.code === code : (f: Finding) => f.fix?.applicability === 'safe';
    const fixed = fixAll(r.model.text, out.options, pick, !code);
    if (fixed.text === r.model.text) return undefined;
    return this.workspaceEdit(d, out.version, toLspEdits(diffEdits(r.model.text, fixed.text), r.lines));
  }

  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as ResolveData | undefined;
    if (!data || action.edit) return action;
    const d = this.ctx.docs.get(data.uri);
    if (!d) return action;
    const out = await this.diagnostics.lint(d);
    // The document moved on since the action was offered: fix the current version.
    const edit = this.fixAllEdit(d, out, data.code);
    return edit ? { ...action, edit } : action;
  }
}
