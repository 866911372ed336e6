// A minimal LSP client for the tests: starts the built dist/server.js over stdio and
// talks to it with vscode-languageserver-protocol, answering the server's requests
// (configuration, progress, registrations, showDocument) the way an editor would.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/engine/text';
import { tempDir } from '../tempDir';

export const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const FIXTURE = path.join(__dirname, 'fixtures', 'workspace');

export const uriOf = (p: string): string => pathToFileURL(p).href;

/** A copy of the fixture workspace in a temporary folder, plus files that must be skipped. */
export function makeWorkspace(): { root: string; file: (rel: string) => string; uri: (rel: string) => string; dispose: () => void } {
  const base = tempDir('fpl-lsp-');
  const root = path.join(base, 'shop');
  cpSync(FIXTURE, root, { recursive: true });
  const blocking = 'import time\n\n\nasync def f():\n    time.sleep(1)\n';
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  // Files the workspace walk must skip: .gitignore'd, a virtualenv by name and one by its pyvenv.cfg, an `exclude` glob.
  put('.gitignore', 'ignored/\n');
  put('ignored/bad.py', blocking);
  put('.venv/lib/site.py', blocking);
  put('env2/pyvenv.cfg', 'home = /usr/bin\n');
  put('env2/lib/thing.py', blocking);
  put('generated/gen.py', blocking);
  return {
    root,
    file: (rel) => path.join(root, rel),
    uri: (rel) => uriOf(path.join(root, rel)),
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

export interface StartOptions {
  /** Declare pull-diagnostics support (textDocument.diagnostic). */
  pull?: boolean;
  folders?: string[];
  settings?: Record<string, unknown>;
  /** codeAction/resolve support for `edit` (default true). */
  resolve?: boolean;
  documentChanges?: boolean;
  initializationOptions?: unknown;
  /** How to talk to the server: stdio (any editor, the default) or node IPC (the VS Code client). */
  transport?: 'stdio' | 'ipc';
  /** Declare workspace/configuration support (default true). */
  configuration?: boolean;
}

interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
}

export class LspClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logs: Array<{ type: number; message: string }> = [];
  /** window/showMessage notifications. */
  readonly shown: Array<{ type: number; message: string }> = [];
  readonly progress: ProgressEvent[] = [];
  readonly shownDocuments: Array<{ uri: string; external?: boolean }> = [];
  readonly configurationRequests: Array<{ scopeUri?: string; section?: string }> = [];
  /** workspace/applyEdit requests (answered as applied). */
  readonly appliedEdits: Array<{ label?: string; edit: WorkspaceEdit }> = [];
  refreshes = 0;
  private waiters: Array<() => void> = [];
  settings: Record<string, unknown>;

  private constructor(
    readonly conn: ProtocolConnection,
    readonly proc: ChildProcess,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    let proc: ChildProcess;
    let conn: ProtocolConnection;
    if (opts.transport === 'ipc') {
      proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      conn = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    proc.stderr!.on('data', (b) => process.stderr.write(`[server stderr] ${b}`));
    // The fixtures are written for FPL101; other rules stay out unless a test selects them.
    const client = new LspClient(conn, proc, { select: ['FPL101'], ...(opts.settings ?? {}) });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.set(p.uri, p);
      client.notify();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      client.logs.push(p);
      client.notify();
    });
    conn.onNotification('$/progress', (p: ProgressEvent) => {
      client.progress.push(p);
      client.notify();
    });
    conn.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string; section?: string }> }) => {
      client.configurationRequests.push(...p.items);
      return p.items.map(() => client.settings);
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: WorkspaceEdit }) => {
      client.appliedEdits.push(p);
      return { applied: true };
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('window/showDocument', (p: { uri: string; external?: boolean }) => {
      client.shownDocuments.push(p);
      client.notify();
      return { success: true };
    });
    conn.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      client.notify();
      return null;
    });
    conn.onRequest('window/showMessageRequest', () => null);
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      client.shown.push(p);
      client.notify();
    });
    conn.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: opts.configuration ?? true,
        didChangeConfiguration: { dynamicRegistration: opts.configuration ?? true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: opts.documentChanges ?? true },
        workspaceFolders: true,
        diagnostics: opts.pull ? { refreshSupport: true } : undefined,
      },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        diagnostic: opts.pull ? { relatedDocumentSupport: false } : undefined,
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          isPreferredSupport: true,
          dataSupport: true,
          resolveSupport: opts.resolve === false ? undefined : { properties: ['edit'] },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      window: { workDoneProgress: true, showDocument: { support: true } },
    };
    const folders = opts.folders ?? [];
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities,
      initializationOptions: opts.initializationOptions,
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Waits until `check` returns a value (re-checked on every message from the server). */
  async until<T>(what: string, check: () => T | undefined | false, timeoutMs = 15000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Published diagnostics for a URI that satisfy `pred` (by default: any publication). */
  diagnosticsFor(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.until(`diagnostics for ${uri}`, () => {
      const p = this.published.get(uri);
      return p && pred(p) ? p : undefined;
    });
  }

  /** Waits until the server's initial indexing progress has ended. */
  async indexed(): Promise<void> {
    await this.until('the workspace index', () => {
      const begin = this.progress.find((p) => p.value.kind === 'begin' && /indexing/.test(p.value.title ?? ''));
      return !!begin && this.progress.some((p) => p.token === begin.token && p.value.kind === 'end');
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  save(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = { select: ['FPL101'], ...settings };
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: { fastapiPerf: this.settings } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 3000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}

/** Applies LSP text edits (all relative to `text`) the way an editor does. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const resolved = edits.map((e, i) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText, i }));
  resolved.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const e of resolved) {
    if (e.start < pos) throw new Error('overlapping edits');
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** The edits a WorkspaceEdit makes to one document (documentChanges or changes), with the version it targets. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): { edits: TextEdit[]; version?: number | null } {
  if (!edit) return { edits: [] };
  if (edit.documentChanges) {
    for (const c of edit.documentChanges) {
      if ('textDocument' in c && c.textDocument.uri === uri) return { edits: c.edits as TextEdit[], version: c.textDocument.version };
    }
    return { edits: [] };
  }
  return { edits: edit.changes?.[uri] ?? [] };
}

export function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => String(d.code));
}
