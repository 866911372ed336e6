// The language server: LSP wiring only (capabilities, document sync, diagnostics in
// both models, code actions, hover, commands, progress). Features live in ./lsp/, the
// linter in ./engine/. Run as `node dist/server.js --stdio` (any editor) or
// `--node-ipc` (the VS Code client).
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { RULES } from '../../rules/index';
import { ruleRegistry } from './engine/registry';
import { initParser, wasmMemoryBytes } from './engine/parser';
import { FIX_ALL_KIND, CodeActions } from './lsp/codeActions';
import { COMMANDS, executeCommand, ruleList, RULES_REQUEST } from './lsp/commands';
import { SECTION, SettingsStore } from './lsp/configuration';
import { clientFeatures, type ServerContext, type ServerOptions } from './lsp/context';
import { DiagnosticsService, SOURCE } from './lsp/diagnostics';
import { OpenDocuments } from './lsp/documents';
import { Folders } from './lsp/folders';
import { hover } from './lsp/hover';
import { Indexing, WATCHED_GLOBS } from './lsp/indexing';
import { Routes, ROUTES_REQUEST, type RoutesParams } from './lsp/routes';
import { WorkspaceDiagnostics } from './lsp/workspaceScan';

export function startServer(connection: Connection, options: ServerOptions): void {
  const docs = new OpenDocuments();
  const folders = new Folders();
  let ctx!: ServerContext;
  let diagnostics!: DiagnosticsService;
  let workspace!: WorkspaceDiagnostics;
  let indexing!: Indexing;
  let actions!: CodeActions;
  let routes!: Routes;
  let clientName = '';

  /** Runs an async notification handler; a failure is logged, never thrown at the connection. */
  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => unknown) =>
    (...args: A): void => {
      Promise.resolve()
        .then(() => fn(...args))
        .catch((e) => ctx?.error(`${what} failed: ${(e as Error)?.stack ?? e}`));
    };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initParser();
    const client = clientFeatures(params.capabilities);
    clientName = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client';
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown; ruleDocsCommand?: boolean };
    client.ruleDocsCommand = init.ruleDocsCommand === true;
    const settings = new SettingsStore(connection, { configuration: client.configuration, trusted: init.trusted !== false }, options.rules.codes, init.settings);
    ctx = {
      connection,
      client,
      settings,
      docs,
      folders,
      options,
      log: (m) => connection.console.log(m),
      info: (m) => {
        connection.console.info(m);
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: m });
      },
      error: (m) => connection.console.error(m),
    };
    diagnostics = new DiagnosticsService(ctx);
    workspace = new WorkspaceDiagnostics(ctx, diagnostics);
    indexing = new Indexing(ctx, diagnostics, workspace);
    actions = new CodeActions(ctx, diagnostics);
    routes = new Routes(ctx, diagnostics, workspace);
    diagnostics.onClosedFilesStale = (_folder, files) => {
      workspace.markStale(files);
      diagnostics.requestRefresh();
    };
    for (const f of params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])) indexing.addFolder(f.uri);
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: client.pullDiagnostics ? { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'fastapi-perf-lint', version },
    };
  });

  connection.onInitialized(
    guard('initialization', async () => {
      ctx.log(startLine(ctx, clientName));
      if (ctx.client.configurationDynamic) await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      if (ctx.client.watchedFilesDynamic) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
      if (ctx.client.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(guard('workspace folder change', (e) => indexing.foldersChanged(e)));
      await indexing.build(folders.all);
      routes.changed();
    }),
  );

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    if (t.languageId !== 'python' && !/\.pyi?$/.test(t.uri)) return;
    const d = docs.open(t.uri, t.text, t.version);
    workspace.opened(t.uri);
    diagnostics.changed(d, 0);
    routes.changed();
  });
  connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
    let d;
    try {
      d = docs.change(t.uri, contentChanges.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text })), t.version);
    } catch (e) {
      // A malformed change is refused whole: the document keeps its last good text.
      ctx.error(`didChange for ${t.uri} refused: ${(e as Error)?.message ?? e}`);
      return;
    }
    if (d) diagnostics.changed(d);
    routes.changed();
  });
  connection.onDidSaveTextDocument(({ textDocument: t }) => {
    const d = docs.get(t.uri);
    if (d) {
      diagnostics.saved(d);
      indexing.saved(d);
    }
  });
  connection.onDidCloseTextDocument(
    guard('close', async ({ textDocument: t }) => {
      const d = docs.close(t.uri);
      if (!d) return;
      if (!ctx.client.pullDiagnostics) void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
      await indexing.closed(d);
      routes.changed();
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard('file change', async (params) => {
      await indexing.filesChanged(params);
      routes.changed();
    }),
  );
  connection.onDidChangeConfiguration(
    guard('configuration change', async (params) => {
      ctx.settings.changed(params.settings);
      diagnostics.invalidate(docs.all(), 0);
      workspace.markAllStale();
      diagnostics.requestRefresh();
      await indexing.settingsChanged();
      routes.changed();
    }),
  );

  connection.languages.diagnostics.on((params, token) => diagnostics.pull(params, token));
  connection.languages.diagnostics.onWorkspace((params, token, _workDone, partial) => workspace.pull(params, token, partial));
  connection.onCodeAction((params) => actions.provide(params));
  connection.onCodeActionResolve((action) => actions.resolve(action));
  connection.onHover((params) => hover(ctx, diagnostics, params, (uri) => routes.answeredFor(uri)));
  connection.onExecuteCommand((params, token, workDone) => executeCommand(ctx, workspace, params, token, workDone, actions));
  connection.onRequest(RULES_REQUEST, () => ruleList(ctx));
  connection.onRequest(ROUTES_REQUEST, (params: RoutesParams | undefined, token) => routes.routes(params, token));
  connection.onCodeLens((params, token) => routes.codeLenses(params, token));
  // Troubleshooting: the server's memory (after a full collection when node runs with --expose-gc).
  connection.onRequest('fastapiPerf/memoryUsage', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return { ...process.memoryUsage(), wasm: wasmMemoryBytes() };
  });
  connection.onShutdown(() => {
    for (const d of [...docs.all()]) docs.close(d.uri);
    diagnostics?.dispose();
    routes?.dispose();
  });

  connection.listen();
}

/** The first line of the Output channel: what runs, for whom, how diagnostics travel, on which folders. */
function startLine(ctx: ServerContext, clientName: string): string {
  const folders = ctx.folders.all.map((f) => f.root);
  return [
    `fastapi-perf-lint ${version} (node ${process.version}, pid ${process.pid}) for ${clientName}`,
    `  ${ctx.options.rules.rules.length} rules; diagnostics ${ctx.client.pullDiagnostics ? 'pulled by the client (answered at once)' : `pushed ${ctx.options.debounceMs ?? 50} ms after the typing pauses`}; workspace ${ctx.settings.trusted ? 'trusted' : 'untrusted (project files not read)'}`,
    `  project roots: ${folders.length ? folders.join(', ') : 'none (single files)'}`,
  ].join('\n');
}

if (require.main === module) {
  // Compile the tree-sitter WebAssembly while the client is still sending `initialize`.
  void initParser();
  const connection = createConnection(ProposedFeatures.all);
  // A bug must cost one request, never the server.
  process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  startServer(connection, { rules: ruleRegistry(RULES) });
}

