// The status bar item: a spinner until the server has answered for the active Python file
// (at start and after every restart: never a ✓ before a result), then the worst severity
// of our findings in that file and their count. A click opens a menu of the extension's
// actions. The item follows the last Python editor while the focus is on a panel (the
// Output channel, a terminal), and hides only when another file's editor is active.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

export const STATUS_MENU = 'fastapiPerf.statusMenu';

interface MenuEntry extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fastapiPerf.status', vscode.StatusBarAlignment.Right, 100);
  private state: State = State.Starting;
  /** Documents the running server has answered for (pulled or pushed) since it started. */
  private answered = new Set<string>();
  /** The Python document the item describes: the active editor's, or the last one while a panel has the focus. */
  private doc: vscode.TextDocument | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly name: string,
    private readonly source: string,
  ) {
    this.item.name = name;
    this.item.command = STATUS_MENU;
    this.subs.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.doc) this.doc = undefined;
        this.update();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const shown = this.doc?.uri.toString();
        if (shown && e.uris.some((u) => u.toString() === shown)) this.update();
      }),
    );
    this.update();
  }

  setState(state: State): void {
    // A (re)started server has answered nothing yet.
    if (state !== State.Running) this.answered.clear();
    this.state = state;
    this.update();
  }

  /** The server answered for this document (the client's diagnostics middleware). */
  answeredFor(uri: vscode.Uri): void {
    this.answered.add(uri.toString());
    // The diagnostics are set after the middleware returns: update once they are.
    setTimeout(() => this.update(), 0);
  }

  update(): void {
    const active = vscode.window.activeTextEditor?.document;
    // An editor of another file hides the item; a panel (no editor, or the Output's) keeps the last Python file.
    if (active && (active.uri.scheme === 'file' || active.uri.scheme === 'untitled')) this.doc = active.languageId === 'python' ? active : undefined;
    const doc = this.doc;
    if (!doc) {
      this.item.hide();
      return;
    }
    if (this.state === State.Stopped) {
      this.item.text = '$(circle-slash) FastAPI Perf';
      this.item.tooltip = `${this.name}: stopped (click for the menu: Restart)`;
    } else if (this.state === State.Starting || !this.answered.has(doc.uri.toString())) {
      this.item.text = '$(loading~spin) FastAPI Perf';
      this.item.tooltip = `${this.name}: ${this.state === State.Starting ? 'starting' : 'linting this file'}`;
    } else {
      const ours = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === this.source);
      const worst = Math.min(...ours.map((d) => d.severity), 99);
      const icon = worst === vscode.DiagnosticSeverity.Error ? 'error' : worst === vscode.DiagnosticSeverity.Warning ? 'warning' : ours.length ? 'info' : 'check';
      this.item.text = ours.length ? `$(${icon}) FastAPI Perf: ${ours.length}` : '$(check) FastAPI Perf';
      this.item.tooltip = `${this.name}: ${ours.length || 'no'} finding${ours.length === 1 ? '' : 's'} in this file. Click for the menu.`;
    }
    this.item.show();
  }

  /** The click: the extension's actions in one menu. */
  async menu(): Promise<void> {
    const entries: MenuEntry[] = [
      { label: '$(wrench) Fix all', description: 'every safe fix in this file', run: () => vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.fastapiPerf', apply: 'first' }) },
      { label: '$(search) Scan workspace', description: 'lint every Python file', run: () => vscode.commands.executeCommand('fastapiPerf.scanWorkspace') },
      { label: '$(output) Show output', description: 'versions, configuration, timings, errors', run: () => vscode.commands.executeCommand('fastapiPerf.showOutput') },
      { label: '$(debug-restart) Restart server', run: () => vscode.commands.executeCommand('fastapiPerf.restartServer') },
      { label: '$(gear) Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'fastapiPerf') },
      { label: '$(book) Documentation', description: 'the rules', run: () => vscode.commands.executeCommand('fastapiPerf.showRuleDocs') },
    ];
    const pick = await vscode.window.showQuickPick(entries, { title: this.name, placeHolder: 'FastAPI Perf' });
    await pick?.run();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) s.dispose();
  }
}
