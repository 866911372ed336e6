// What the LSP features share: the connection, what the client can do, settings, open
// documents and workspace folders.
import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';
import type { RuleRegistry } from '../engine/registry';
import type { SettingsStore } from './configuration';
import type { OpenDocuments } from './documents';
import type { Folders } from './folders';

interface ClientFeatures {
  /** textDocument/diagnostic (and workspace/diagnostic) instead of publishDiagnostics. */
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  workDoneProgress: boolean;
  documentChanges: boolean;
  /** codeAction/resolve can fill in `edit`. */
  codeActionResolve: boolean;
  showDocument: boolean;
  configuration: boolean;
  configurationDynamic: boolean;
  watchedFilesDynamic: boolean;
  hoverMarkdown: boolean;
  workspaceFolders: boolean;
  /** workspace/codeLens/refresh. */
  codeLensRefresh: boolean;
  /** The client opens bundled rule docs with the `fastapiPerf.openRuleDocs` command (initializationOptions.ruleDocsCommand: the VS Code extension). */
  ruleDocsCommand?: boolean;
}

export function clientFeatures(caps: ClientCapabilities): ClientFeatures {
  return {
    pullDiagnostics: !!caps.textDocument?.diagnostic,
    diagnosticRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
    workDoneProgress: !!caps.window?.workDoneProgress,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    codeActionResolve: !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit'),
    showDocument: !!caps.window?.showDocument?.support,
    configuration: !!caps.workspace?.configuration,
    configurationDynamic: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    watchedFilesDynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    hoverMarkdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? true,
    workspaceFolders: !!caps.workspace?.workspaceFolders,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
  };
}

export interface ServerOptions {
  /** The rules there are: the rule folders (the entry point passes them), others in tests. */
  rules: RuleRegistry;
  /** Debounce between the last change and the lint, in ms. */
  debounceMs?: number;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly client: ClientFeatures;
  readonly settings: SettingsStore;
  readonly docs: OpenDocuments;
  readonly folders: Folders;
  readonly options: ServerOptions;
  /** Output-channel log (window/logMessage). */
  log(message: string): void;
  /** Something the user should know (a file not linted): window/showMessage and the log, at the Info level. */
  info(message: string): void;
  error(message: string): void;
}
