// The `fastapiPerf.*` settings as the client hands them to the server. The server pulls
// them per resource (workspace/configuration); in an untrusted workspace the answer
// leaves out everything the workspace itself set (.vscode/settings.json), so only the
// user's own settings and the defaults apply, and the server reads no project config.
// Two values are the client's own: whether Ruff lints in this editor (`ruffInEditor`: the
// Ruff extension is enabled and linting), and `ruffOverlap` only when someone set it, so
// the project's `ruff-overlap` applies otherwise.
import * as vscode from 'vscode';
import type { ConfigurationParams, ConfigurationRequest } from 'vscode-languageclient/node';

export const SECTION = 'fastapiPerf';
export const RUFF_EXTENSION = 'charliermarsh.ruff';

/** Every setting the server reads (package.json `contributes.configuration`). */
const KEYS = ['enable', 'run', 'minimumSeverity', 'select', 'ignore', 'severity', 'workspaceDiagnostics', 'exclude', 'fastapiVersion'] as const;

/** Whether the Ruff extension lints files of this scope (installed, enabled, and neither `ruff.enable` nor `ruff.lint.enable` off). */
export function ruffInEditor(scope?: vscode.Uri): boolean {
  if (!vscode.extensions.getExtension(RUFF_EXTENSION)) return false;
  const ruff = vscode.workspace.getConfiguration('ruff', scope);
  return ruff.get('enable') !== false && ruff.get('lint.enable') !== false;
}

/** `fastapiPerf.ruffOverlap` where someone set it (user, or with `trusted` the workspace or folder too), else undefined. */
function ruffOverlap(scope: vscode.Uri | undefined, trusted: boolean): unknown {
  const i = vscode.workspace.getConfiguration(SECTION, scope).inspect('ruffOverlap');
  return (trusted ? (i?.workspaceFolderValue ?? i?.workspaceValue) : undefined) ?? i?.globalValue;
}

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

/** What the server is told for one item: the settings, with the client's own values. */
function withClientValues(value: unknown, scopeUri: string | undefined, trusted: boolean): unknown {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const base = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { ...base, ruffOverlap: ruffOverlap(scope, trusted), ruffInEditor: ruffInEditor(scope) };
}

/** workspace/configuration middleware: trusted workspaces answer normally, with the client's own values added. */
export const configurationMiddleware: ConfigurationRequest.MiddlewareSignature = async (params: ConfigurationParams, token, next) => {
  if (!vscode.workspace.isTrusted) {
    return params.items.map((item) => (item.section === SECTION ? withClientValues(userSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined), item.scopeUri, false) : null));
  }
  const answer = await next(params, token);
  if (!Array.isArray(answer)) return answer;
  return answer.map((value, i) => (params.items[i]?.section === SECTION ? withClientValues(value, params.items[i].scopeUri, true) : value));
};
