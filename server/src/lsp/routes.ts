// The FastAPI routes of the workspace for any editor: the `fastapiPerf/routes` request (every
// route with the path a client calls, where its handler runs, its dependencies and how many
// findings its handler has), code lenses above route handlers, and `fastapiPerf/routesChanged`
// when that answer changes (edits, files changed on disk), so a routes view refreshes as the
// user types. The table itself is the analysis layer's (analysis/routeTable.ts).
import * as fs from 'node:fs';
import type { CancellationToken, CodeLens, CodeLensParams, Diagnostic, Range } from 'vscode-languageserver/node';
import type { RouteEntry, RouterLink } from '../analysis/routeTable';
import type { ConfigFor } from '../engine/fileConfigs';
import { readPythonFile } from '../engine/project';
import { RouteFacts } from '../engine/routes';
import type { ServerContext } from './context';
import type { DiagnosticsService } from './diagnostics';
import { yieldToEventLoop, type FolderIndex } from './folders';
import { pathToUri, uriToPath } from './uri';
import type { WorkspaceDiagnostics } from './workspaceScan';

export const ROUTES_REQUEST = 'fastapiPerf/routes';
export const ROUTES_CHANGED = 'fastapiPerf/routesChanged';

export interface RoutesParams {
  /** Only the routes whose handler is in this document; every route of the workspace when absent. */
  uri?: string;
}

/** One route as the request answers it (the shape documented in the README). */
export interface LspRoute {
  uri: string;
  /** The handler's definition, decorators included. */
  range: Range;
  /** The handler's name. */
  selectionRange: Range;
  methods: string[];
  /** The path a client calls, app and router prefixes included; `<expression>` marks a part that is not a known constant. */
  path: string;
  /** False when some part of `path` is not a known constant. */
  pathKnown: boolean;
  handler: string;
  async: boolean;
  runsOn: 'event-loop' | 'threadpool';
  dependencies: string[];
  /** Findings inside the handler (decorators included). */
  findings: number;
  /** True while the handler's file (not open) waits to be linted: `findings` is 0 until then, and `fastapiPerf/routesChanged` follows. */
  findingsPending: boolean;
  /** The app at the top, then the routers down to the one declaring the route. */
  app: RouterLink;
  routers: RouterLink[];
}

/** After an edit, how long the answer waits for typing to pause before it is compared and announced. */
const CHANGE_DELAY_MS = 300;

export class Routes {
  private facts = new Map<FolderIndex, RouteFacts>();
  /** Each folder's configuration per file (size limits for reading), as of the last request. */
  private configs = new Map<FolderIndex, ConfigFor>();
  /** The client asked for routes: it then hears when they change. */
  private asked = false;
  private timer: NodeJS.Timeout | undefined;
  private last = '';
  /** Closed files whose findings the last answer did not have yet, linted in the background. */
  private pending = new Map<string, FolderIndex>();
  private counting = false;
  /** Each document's routes as last answered (for the hover's full paths). */
  private answered = new Map<string, LspRoute[]>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsService,
    private readonly workspace: WorkspaceDiagnostics,
  ) {}

  private factsOf(folder: FolderIndex): RouteFacts {
    let f = this.facts.get(folder);
    if (!f) {
      f = new RouteFacts((file) => {
        const open = this.ctx.docs.atPath(file);
        if (open) return open.doc.text;
        try {
          const configFor = this.configs.get(folder);
          return configFor && fs.existsSync(file) ? readPythonFile(file, configFor(file)).source?.text : undefined;
        } catch {
          return undefined;
        }
      });
      this.facts.set(folder, f);
    }
    return f;
  }

  /** `fastapiPerf/routes`. */
  async routes(params: RoutesParams | null | undefined, token?: CancellationToken): Promise<LspRoute[]> {
    this.asked = true;
    const given = params && typeof params === 'object' ? (params as { uri?: unknown }).uri : undefined;
    if (given != null && typeof given !== 'string') return [];
    const uri = typeof given === 'string' ? given : undefined;
    const file = uri ? uriToPath(uri) : undefined;
    if (uri && !file) return [];
    const folders = file ? [this.ctx.folders.of(file)].filter((f): f is FolderIndex => !!f) : this.ctx.folders.all;
    const out: LspRoute[] = [];
    for (const folder of folders) {
      await folder.whenBuilt();
      if (token?.isCancellationRequested) return [];
      const eff = await this.ctx.settings.get(folder.uri);
      if (!eff.settings.enable) continue;
      this.configs.set(folder, (await this.ctx.settings.configsFor(folder.uri)).configFor);
      // Lint the open documents first: the index then holds their current text.
      for (const d of this.ctx.docs.all()) if (d.path && this.ctx.folders.of(d.path) === folder) await this.diagnostics.lint(d);
      const facts = this.factsOf(folder);
      facts.prune(folder.index);
      await facts.warm(folder.index, yieldToEventLoop);
      if (token?.isCancellationRequested) return [];
      const table = facts.table(folder.index).filter((e) => !file || folder.index.moduleEntry(e.module)?.path === file);
      const byFile = new Map<string, Diagnostic[] | undefined>();
      for (const e of table) {
        const path = folder.index.moduleEntry(e.module)?.path;
        const lines = path ? facts.linesOf(path) : undefined;
        if (!path || !lines) continue;
        let diags = byFile.get(path);
        if (!byFile.has(path)) byFile.set(path, (diags = await this.diagnosticsOf(folder, path, !!file)));
        if (!diags) this.pending.set(path, folder);
        const range = lines.range(e.decl.start, e.decl.end);
        out.push(toLsp(e, pathToUri(path), range, lines.range(e.decl.nameStart, e.decl.nameEnd), diags ? countIn(diags, range) : 0, !diags));
      }
    }
    if (!uri) {
      this.last = JSON.stringify(out);
      this.answered.clear();
      for (const r of out) this.answered.set(r.uri, [...(this.answered.get(r.uri) ?? []), r]);
    } else this.answered.set(uri, out);
    if (this.pending.size > 0) void this.countPending();
    return out;
  }

  /**
   * A file's diagnostics: an open document's, a closed file's cached result, or (`lint`: one
   * document's routes, for its code lenses) a closed file linted now. Undefined: not known yet.
   */
  private async diagnosticsOf(folder: FolderIndex, file: string, lint: boolean): Promise<Diagnostic[] | undefined> {
    const open = this.ctx.docs.atPath(file);
    if (open) return (await this.diagnostics.lint(open)).diagnostics;
    return this.workspace.cachedDiagnostics(file) ?? (lint ? this.workspace.closedDiagnostics(folder, file) : undefined);
  }

  /** Lints the closed files a workspace answer lacked, one at a time between other work, then tells the client. */
  private async countPending(): Promise<void> {
    if (this.counting) return;
    this.counting = true;
    try {
      while (this.pending.size > 0) {
        const [file, folder] = this.pending.entries().next().value!;
        this.pending.delete(file);
        if (!this.ctx.docs.atPath(file) && this.ctx.folders.all.includes(folder)) await this.workspace.closedDiagnostics(folder, file);
        await yieldToEventLoop();
      }
    } catch (e) {
      this.ctx.error(`counting route findings failed: ${(e as Error)?.stack ?? e}`);
    } finally {
      this.counting = false;
    }
    this.changed();
  }

  /** The routes last answered for a document (its code lenses or the workspace request); never computes. */
  answeredFor(uri: string): readonly LspRoute[] | undefined {
    return this.answered.get(uri);
  }

  /** textDocument/codeLens: "GET /items · event loop · 2 findings" above each route handler. */
  async codeLenses(params: CodeLensParams, token: CancellationToken): Promise<CodeLens[]> {
    if (!this.ctx.docs.get(params.textDocument.uri)) return [];
    const routes = await this.routes({ uri: params.textDocument.uri }, token);
    return routes.map((r) => ({ range: r.selectionRange, command: { title: lensTitle(r), command: '' } }));
  }

  /** Something routes depend on changed: once typing pauses, tell the client when the answer differs. */
  changed(): void {
    if (!this.asked) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const before = this.last;
      this.routes(undefined)
        .then(() => {
          if (this.last === before) return;
          void this.ctx.connection.sendNotification(ROUTES_CHANGED, {});
          if (this.ctx.client.codeLensRefresh) void this.ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
        })
        .catch((e) => this.ctx.error(`routes failed: ${(e as Error)?.stack ?? e}`));
    }, CHANGE_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

export function lensTitle(r: Pick<LspRoute, 'methods' | 'path' | 'runsOn' | 'findings'>): string {
  const where = r.runsOn === 'event-loop' ? 'event loop' : 'threadpool';
  const findings = r.findings === 1 ? '1 finding' : `${r.findings} findings`;
  return `${r.methods.join(', ')} ${r.path} · ${where} · ${findings}`;
}

function countIn(diags: readonly Diagnostic[], range: Range): number {
  return diags.filter((d) => d.range.start.line >= range.start.line && d.range.start.line <= range.end.line).length;
}

function toLsp(e: RouteEntry, uri: string, range: Range, selectionRange: Range, findings: number, findingsPending: boolean): LspRoute {
  return {
    uri,
    range,
    selectionRange,
    methods: e.methods,
    path: e.path,
    pathKnown: e.pathKnown,
    handler: e.decl.fn,
    async: e.async,
    runsOn: e.runsOn,
    dependencies: e.dependencies,
    findings,
    findingsPending,
    app: e.app,
    routers: e.routers,
  };
}
