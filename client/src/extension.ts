// The VS Code extension: starts the bundled language server (dist/server.js) over IPC,
// shows its log in the "FastAPI Perf Lint" output channel, keeps a status bar item with
// the server state and the active file's finding count (click: scan the workspace), and
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
import { configurationMiddleware, SECTION } from './settings';

const NAME = 'FastAPI Perf Lint';
const SOURCE = 'fastapi-perf-lint';
const SCAN = 'fastapiPerf.scanWorkspace';
const SHOW_DOCS = 'fastapiPerf.showRuleDocs';
const RESTART = 'fastapiPerf.restartServer';

interface ScanSummary {
  files: number;
  findings: number;
  filesWithFindings: number;
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
      const text = `${summary.cancelled ? 'Scan cancelled after' : 'Scanned'} ${summary.files} files: ${summary.findings} findings in ${summary.filesWithFindings} files.`;
      void vscode.window.showInformationMessage(text, 'Open Problems').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return summary;
    } finally {
      sub.dispose();
    }
  });
}

async function pickRule(c: LanguageClient): Promise<string | undefined> {
  const rules = (await c.sendRequest('fastapiPerf/rules')) as RuleInfo[];
  const pick = await vscode.window.showQuickPick(
    rules.map((r) => ({ label: r.code, description: r.id, detail: r.summary })),
    { title: 'FastAPI Perf: Show Rule Documentation', matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.label;
}

class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fastapiPerf.status', vscode.StatusBarAlignment.Right, 100);
  private state: State = State.Starting;
  private readonly subs: vscode.Disposable[] = [];

  constructor() {
    this.item.name = NAME;
    this.item.command = SCAN;
    this.subs.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  setState(state: State): void {
    this.state = state;
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'python') {
      this.item.hide();
      return;
    }
    if (this.state === State.Starting) {
      this.item.text = '$(sync~spin) FastAPI Perf';
      this.item.tooltip = `${NAME}: starting`;
    } else if (this.state === State.Stopped) {
      this.item.text = '$(circle-slash) FastAPI Perf';
      this.item.tooltip = `${NAME}: stopped (run "FastAPI Perf: Restart Server")`;
    } else {
      const n = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE).length;
      this.item.text = n ? `$(warning) FastAPI Perf: ${n}` : '$(check) FastAPI Perf';
      this.item.tooltip = `${NAME}: ${n} finding${n === 1 ? '' : 's'} in this file. Click to scan the workspace.`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) s.dispose();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(NAME, { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);
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
    // Read at every (re)start: trust can be granted while the extension runs.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      workspace: { configuration: configurationMiddleware },
      provideCodeLenses: codeLensMiddleware,
      executeCommand: async (command, args, next) => {
        if (command === SCAN) return scanWorkspace(c);
        if (command === SHOW_DOCS && !args[0]) {
          const code = await pickRule(c);
          return code ? next(command, [code]) : undefined;
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
