// The `fastapiPerf.*` settings as the client hands them to the server. The server pulls
// them per resource (workspace/configuration); in an untrusted workspace the answer
// leaves out everything the workspace itself set (.vscode/settings.json), so only the
// user's own settings and the defaults apply, and the server reads no project config.
import * as vscode from 'vscode';
import type { ConfigurationParams, ConfigurationRequest } from 'vscode-languageclient/node';

export const SECTION = 'fastapiPerf';

/** Every setting the server reads (package.json `contributes.configuration`). */
const KEYS = ['enable', 'select', 'ignore', 'severity', 'workspaceDiagnostics', 'exclude', 'fastapiVersion'] as const;

/** The user's (global) values over the defaults, ignoring workspace and folder values. */
function userSettings(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const i = cfg.inspect(key);
    out[key] = i?.globalValue ?? i?.defaultValue;
  }
  return out;
}

/** workspace/configuration middleware: trusted workspaces answer normally. */
export const configurationMiddleware: ConfigurationRequest.MiddlewareSignature = (params: ConfigurationParams, token, next) => {
  if (vscode.workspace.isTrusted) return next(params, token);
  return params.items.map((item) => (item.section === SECTION ? userSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : null));
};
