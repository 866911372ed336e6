// Where the protocol trace goes. vscode-languageclient traces only when the trace channel's
// log level is Trace, so `fastapiPerf.trace.server` alone did nothing. This channel writes
// into the extension's own Output channel at the Info level, and reports the Trace level
// exactly when the setting asks for a trace: the setting works on its own, and the
// channel's level stays the user's.
import * as vscode from 'vscode';

export function traceChannel(output: vscode.LogOutputChannel, section: string): vscode.LogOutputChannel & vscode.Disposable {
  const wanted = (): boolean => vscode.workspace.getConfiguration(section).get('trace.server', 'off') !== 'off';
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  let on = wanted();
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`${section}.trace.server`) || wanted() === on) return;
    on = !on;
    changed.fire(on ? vscode.LogLevel.Trace : vscode.LogLevel.Info);
  });
  const write = (m: string): void => output.info(m);
  return {
    name: output.name,
    get logLevel() {
      return on ? vscode.LogLevel.Trace : vscode.LogLevel.Info;
    },
    onDidChangeLogLevel: changed.event,
    trace: write,
    debug: write,
    info: write,
    warn: (m) => output.warn(m),
    error: (m) => output.error(m),
    append: (v) => output.append(v),
    appendLine: (v) => output.appendLine(v),
    replace: (v) => output.replace(v),
    clear: () => output.clear(),
    show: (a?: boolean | vscode.ViewColumn, b?: boolean) => (typeof a === 'boolean' ? output.show(a) : output.show(a, b)),
    hide: () => output.hide(),
    dispose: () => {
      sub.dispose();
      changed.dispose();
    },
  };
}
