// The language server: LSP wiring only (capabilities, document sync, diagnostics in
// both models, code actions, hover, commands, progress). Features live in ./lsp/, the
// linter in ./engine/. Run as `node dist/server.js --stdio` (any editor) or
// `--node-ipc` (the VS Code client).
import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { initParser } from './engine/parser';
import { readPythonFile } from './engine/project';
import { FIX_ALL_KIND, CodeActions } from './lsp/codeActions';
import { COMMANDS, executeCommand, ruleList, RULES_REQUEST } from './lsp/commands';
import { SECTION, SettingsStore } from './lsp/configuration';
import { clientFeatures, type ServerContext, type ServerOptions } from './lsp/context';
import { DiagnosticsService, SOURCE } from './lsp/diagnostics';
import { OpenDocuments } from './lsp/documents';
import { Folders, STRUCTURE_FILES, type FolderIndex } from './lsp/folders';
import { hover } from './lsp/hover';
import { uriToPath } from './lsp/uri';
import { WorkspaceDiagnostics } from './lsp/workspaceScan';

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const docs = new OpenDocuments();
  const folders = new Folders();
  let ctx!: ServerContext;
  let diagnostics!: DiagnosticsService;
  let workspace!: WorkspaceDiagnostics;
  let actions!: CodeActions;
  /** `exclude` each folder was last indexed with: a change re-indexes it. */
  const indexedExclude = new Map<FolderIndex, string>();

  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => unknown) =>
    (...args: A): void => {
      Promise.resolve()
        .then(() => fn(...args))
        .catch((e) => ctx?.error(`${what} failed: ${(e as Error)?.stack ?? e}`));
    };

  const addFolder = (uri: string): FolderIndex | undefined => {
    const root = uriToPath(uri);
    return root ? folders.add(uri, root) : undefined;
  };

  const openText = (file: string): string | undefined => docs.atPath(file)?.doc.text;

  async function buildFolders(list: readonly FolderIndex[]): Promise<void> {
    if (list.length === 0) return;
    const progress = ctx.client.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('FastAPI Perf: indexing the workspace', 0, undefined, false);
    try {
      for (const folder of list) {
        const eff = await ctx.settings.get(folder.uri);
        indexedExclude.set(folder, JSON.stringify(eff.config.exclude));
        const built = await folder.build({ config: eff.config, openText, progress, log: ctx.log });
        if (!built) continue;
        // Open documents were linted against the previous index: lint them again.
        diagnostics.invalidate([...docs.all()].filter((d) => folders.of(d.path) === folder), 0);
        workspace.markAllStale();
        diagnostics.requestRefresh();
      }
    } finally {
      progress?.done();
    }
  }

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initParser();
    const client = clientFeatures(params.capabilities);
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown };
    const settings = new SettingsStore(connection, { configuration: client.configuration, trusted: init.trusted !== false }, init.settings);
    ctx = {
      connection,
      client,
      settings,
      docs,
      folders,
      options,
      log: (m) => connection.console.log(m),
      error: (m) => connection.console.error(m),
    };
    diagnostics = new DiagnosticsService(ctx);
    workspace = new WorkspaceDiagnostics(ctx, diagnostics);
    actions = new CodeActions(ctx, diagnostics);
    diagnostics.onClosedFilesStale = (_folder, files) => {
      workspace.markStale(files);
      diagnostics.requestRefresh();
    };
    const initial = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    for (const f of initial) addFolder(f.uri);
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: client.pullDiagnostics ? { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        executeCommandProvider: { commands: COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'fastapi-perf-lint', version },
    };
  });

  connection.onInitialized(
    guard('initialization', async () => {
      if (ctx.client.configurationDynamic) await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      if (ctx.client.watchedFilesDynamic) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.py' }, { globPattern: `**/{${[...STRUCTURE_FILES].filter((f) => !f.endsWith('.py')).join(',')}}` }],
        });
      }
      if (ctx.client.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folder change', async (e) => {
          for (const f of e.removed) {
            const root = uriToPath(f.uri);
            const gone = root ? folders.remove(root) : undefined;
            if (gone) for (const file of gone.files) workspace.forget(file);
          }
          const added = e.added.map((f) => addFolder(f.uri)).filter((f): f is FolderIndex => !!f);
          await buildFolders(added);
        }),
        );
      }
      await buildFolders(folders.all);
    }),
  );

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    if (t.languageId !== 'python' && !/\.pyi?$/.test(t.uri)) return;
    const d = docs.open(t.uri, t.text, t.version);
    workspace.opened(t.uri);
    diagnostics.changed(d, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
    const d = docs.change(t.uri, contentChanges.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text })), t.version);
    if (d) diagnostics.changed(d);
  });

  connection.onDidSaveTextDocument(({ textDocument: t }) => {
    const d = docs.get(t.uri);
    const folder = folders.of(d?.path);
    if (!d?.path || !folder?.isIndexed(d.path)) return;
    // What closed files see of this module changed on disk now: their results are out of date.
    workspace.markStale(folder.filesOf(folder.component(folder.moduleOf(d.path).module)));
    diagnostics.requestRefresh();
  });

  connection.onDidCloseTextDocument(({ textDocument: t }) => {
    const d = docs.close(t.uri);
    if (!d) return;
    if (!ctx.client.pullDiagnostics) void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
    const folder = folders.of(d.path);
    if (!d.path || !folder?.isIndexed(d.path)) return;
    // Unsaved edits are gone with the buffer: the index goes back to the file on disk.
    void ctx.settings.get(folder.uri).then((eff) => {
      const text = readPythonFile(d.path!, eff.config).source?.text;
      if (text !== undefined && folder.update(d.path!, text)) diagnostics.moduleChanged(folder, d.path!, { closedFiles: true });
      workspace.markStale([d.path!]);
    });
  });

  connection.onDidChangeWatchedFiles(
    guard('file change', async (params: DidChangeWatchedFilesParams) => {
      const resync = new Set<FolderIndex>();
      const rebuild = new Set<FolderIndex>();
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        const folder = folders.of(file);
        if (!file || !folder) continue;
        if (STRUCTURE_FILES.has(path.basename(file))) {
          rebuild.add(folder); // module names or discovery may differ now
          continue;
        }
        if (!/\.py$/.test(file)) continue;
        if (change.type === FileChangeType.Created) resync.add(folder);
        else if (change.type === FileChangeType.Deleted) {
          if (!folder.isIndexed(file)) continue;
          const modules = folder.component(folder.moduleOf(file).module);
          folder.remove(file);
          workspace.forget(file);
          diagnostics.moduleChanged(folder, file, { closedFiles: true, modules });
        } else {
          if (docs.atPath(file) || !folder.isIndexed(file)) continue; // an open buffer wins over the disk
          const eff = await ctx.settings.get(folder.uri);
          const text = readPythonFile(file, eff.config).source?.text;
          workspace.markStale([file]);
          if (text !== undefined && folder.update(file, text)) diagnostics.moduleChanged(folder, file, { closedFiles: true });
          else diagnostics.requestRefresh();
        }
      }
      for (const folder of resync) {
        if (rebuild.has(folder)) continue;
        const eff = await ctx.settings.get(folder.uri);
        const { added, removed } = await folder.sync({ config: eff.config, openText, log: ctx.log });
        for (const f of removed) workspace.forget(f);
        for (const f of added) diagnostics.moduleChanged(folder, f, { closedFiles: true });
      }
      await buildFolders([...rebuild]);
    }),
  );

  connection.onDidChangeConfiguration(
    guard('configuration change', async (params) => {
      ctx.settings.changed(params.settings);
      diagnostics.invalidate(docs.all(), 0);
      workspace.markAllStale();
      const reindex: FolderIndex[] = [];
      for (const folder of folders.all) {
        const eff = await ctx.settings.get(folder.uri);
        if (indexedExclude.has(folder) && indexedExclude.get(folder) !== JSON.stringify(eff.config.exclude)) reindex.push(folder);
      }
      diagnostics.requestRefresh();
      await buildFolders(reindex);
    }),
  );

  connection.languages.diagnostics.on((params, token) => diagnostics.pull(params, token));
  connection.languages.diagnostics.onWorkspace((params, token, _workDone, partial) => workspace.pull(params, token, partial));
  connection.onCodeAction((params) => actions.provide(params));
  connection.onCodeActionResolve((action) => actions.resolve(action));
  connection.onHover((params) => hover(ctx, diagnostics, params));
  connection.onExecuteCommand((params, token, workDone) => executeCommand(ctx, workspace, params, token, workDone));
  connection.onRequest(RULES_REQUEST, () => ruleList(ctx));
  connection.onShutdown(() => {
    for (const d of [...docs.all()]) docs.close(d.uri);
    diagnostics?.dispose();
  });

  connection.listen();
}

if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  // A bug must cost one request, never the server.
  process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  startServer(connection);
}

