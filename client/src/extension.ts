// The VS Code extension: starts the bundled language server (dist/server.js) over IPC,
// shows its log in the "FastAPI Perf Lint" output channel (with the protocol trace when
// `fastapiPerf.trace.server` asks for it), keeps a status bar item (status.ts), and
// gives the server's commands their editor UI (a cancellable progress notification for
// the scan, a rule picker for the docs).
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  TransportKind,
  WorkDoneProgress,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { codeLensMiddleware, RoutesView, watchCodeLensSetting } from './routesView';
import { traceChannel } from './output';
import { configurationMiddleware, SECTION } from './settings';
import { STATUS_MENU, StatusItem } from './status';

const NAME = 'FastAPI Perf Lint';
const SOURCE = 'fastapi-perf-lint';
const SCAN = 'fastapiPerf.scanWorkspace';
const SHOW_DOCS = 'fastapiPerf.showRuleDocs';
const RESTART = 'fastapiPerf.restartServer';
const SHOW_OUTPUT = 'fastapiPerf.showOutput';
/** Opens a rule's README.md, shipped in the .vsix, in the Markdown preview (the hover's documentation link). */
const OPEN_DOCS = 'fastapiPerf.openRuleDocs';
const FIX_ALL = 'fastapiPerf.fixAll';

interface ScanSummary {
  files: number;
  findings: number;
  filesWithFindings: number;
  openFiles?: number;
  openFindings?: number;
  cancelled: boolean;
}

interface RuleInfo {
  code: string;
  id: string;
  summary: string;
}

let client: LanguageClient | undefined;

/** "Scan Workspace" with a progress notification the user can cancel. */
async function scanWorkspace(c: LanguageClient): Promise<ScanSummary | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'FastAPI Perf: scanning the workspace', cancellable: true }, async (progress, cancel) => {
    const token = `fastapiPerf-scan-${Date.now()}`;
    let last = 0;
    const sub = c.onProgress(WorkDoneProgress.type, token, (v) => {
      if (v.kind === 'report' || v.kind === 'begin') {
        const pct = v.percentage ?? last;
        progress.report({ message: v.message, increment: Math.max(0, pct - last) });
        last = pct;
      }
    });
    try {
      const summary = (await c.sendRequest(ExecuteCommandRequest.type, { command: SCAN, arguments: [], workDoneToken: token }, cancel)) as ScanSummary;
      const open = summary.openFiles ? ` Open files: ${summary.openFindings} findings in ${summary.openFiles} file${summary.openFiles === 1 ? '' : 's'}.` : '';
      const text = `${summary.cancelled ? 'Scan cancelled after' : 'Scanned'} ${summary.files} files: ${summary.findings} findings in ${summary.filesWithFindings} files.${open}`;
      void vscode.window.showInformationMessage(text, 'Open Problems').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return summary;
    } finally {
      sub.dispose();
    }
  });
}

/** The rule codes of our diagnostics under the cursor of the active editor. */
function codesAtCursor(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const at = editor.selection.active;
  return vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === SOURCE && d.range.contains(at))
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
}

/** A quick pick of the rules, starting at the rule under the cursor. */
async function pickRule(c: LanguageClient): Promise<RuleInfo | undefined> {
  const rules = (await c.sendRequest('fastapiPerf/rules')) as RuleInfo[];
  const here = codesAtCursor();
  const items = rules.map((r) => ({ label: r.code, description: r.id, detail: r.summary, rule: r }));
  const qp = vscode.window.createQuickPick<(typeof items)[number]>();
  qp.title = 'FastAPI Perf: Show Rule Documentation';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items;
  const current = items.filter((i) => here.includes(i.label));
  if (current.length) qp.activeItems = [current[0]];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.rule ?? qp.activeItems[0]?.rule);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Opens the README.md of a rule shipped in the extension in the Markdown preview (the installed version, offline). */
async function openRuleDocs(context: vscode.ExtensionContext, c: LanguageClient, code: unknown): Promise<void> {
  const rules = (await c.sendRequest('fastapiPerf/rules')) as RuleInfo[];
  const rule = rules.find((r) => r.code === String(code ?? '').trim().toUpperCase());
  if (!rule) return void vscode.window.showWarningMessage(`${NAME}: unknown rule ${String(code)}`);
  const uri = vscode.Uri.file(context.asAbsolutePath(path.join('rules', rule.id, 'README.md')));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(NAME, { log: true });
  const trace = traceChannel(output, SECTION);
  const status = new StatusItem(NAME, SOURCE);
  output.info(`${NAME} ${context.extension.packageJSON.version} in ${vscode.env.appName} ${vscode.version}`);
  context.subscriptions.push(output, trace, status);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  let c: LanguageClient;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    outputChannel: output,
    traceOutputChannel: trace,
    // Read at every (re)start: trust can be granted while the extension runs.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, ruleDocsCommand: true }),
    // The hover's documentation link runs OPEN_DOCS; no other command link is trusted.
    markdown: { isTrusted: { enabledCommands: [OPEN_DOCS] } },
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      workspace: { configuration: configurationMiddleware },
      provideCodeLenses: codeLensMiddleware,
      // The status bar waits for the server's first answer for a file (pulled or pushed).
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const r = await next(document, previousResultId, token);
        if (r) status.answeredFor(document instanceof vscode.Uri ? document : document.uri);
        return r;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        status.answeredFor(uri);
      },
      executeCommand: async (command, args, next) => {
        if (command === SCAN) return scanWorkspace(c);
        // From the palette: the active editor's document.
        if (command === FIX_ALL && !args[0]) {
          const doc = vscode.window.activeTextEditor?.document;
          return doc ? next(command, [doc.uri.toString()]) : undefined;
        }
        if (command === SHOW_DOCS) {
          const code = args[0] ?? (await pickRule(c))?.code;
          return code ? openRuleDocs(context, c, code) : undefined;
        }
        return next(command, args);
      },
    },
  };
  // The id makes the client read `fastapiPerf.trace.server`.
  c = client = new LanguageClient(SECTION, NAME, serverOptions, clientOptions);
  const routes = new RoutesView(c);
  context.subscriptions.push(
    routes,
    watchCodeLensSetting(c),
    c.onDidChangeState((e) => {
      status.setState(e.newState);
      if (e.newState === State.Running) routes.refresh();
    }),
    vscode.commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
    vscode.commands.registerCommand(STATUS_MENU, () => status.menu()),
    vscode.commands.registerCommand(OPEN_DOCS, (code: unknown) => openRuleDocs(context, c, code)),
    vscode.commands.registerCommand(RESTART, async () => {
      output.info('restarting the server');
      await c.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart()),
    // Whether Ruff lints here decides which findings are left to it: the server pulls the settings again.
    vscode.extensions.onDidChange(() => void c.sendNotification(DidChangeConfigurationNotification.type, { settings: null })),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ruff')) void c.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }),
  );
  try {
    await c.start();
  } catch (e) {
    output.error(`the server did not start: ${(e as Error)?.stack ?? e}`);
    void vscode.window.showErrorMessage(`${NAME}: the language server did not start (see the "${NAME}" output).`);
  }
  status.setState(c.state);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
