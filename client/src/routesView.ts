// The FastAPI Routes view in the Explorer: app -> routers (with their prefixes) -> routes, each
// with its method and full path, handler, `async def` or `def`, where it runs, its dependencies
// and its findings as a badge. The language server answers `fastapiPerf/routes`; the view asks
// again when the server says `fastapiPerf/routesChanged` (edits as you type, files on disk).
// A click opens the handler. Also: the `fastapiPerf.codeLens` setting, applied to the server's
// code lenses.
import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';

export const ROUTES_VIEW = 'fastapiPerf.routes';
export const REFRESH_ROUTES = 'fastapiPerf.refreshRoutes';
const ROUTES_REQUEST = 'fastapiPerf/routes';
const ROUTES_CHANGED = 'fastapiPerf/routesChanged';
const BADGE_SCHEME = 'fastapi-perf-route';

interface Pos {
  line: number;
  character: number;
}
interface RouterLink {
  id: string;
  name: string;
  prefix: string;
}
interface Route {
  uri: string;
  range: { start: Pos; end: Pos };
  selectionRange: { start: Pos; end: Pos };
  methods: string[];
  path: string;
  pathKnown: boolean;
  handler: string;
  async: boolean;
  runsOn: 'event-loop' | 'threadpool';
  dependencies: string[];
  findings: number;
  findingsPending: boolean;
  app: RouterLink;
  routers: RouterLink[];
}

type Node =
  | { kind: 'group'; link: RouterLink; isApp: boolean; children: Node[]; findings: number; id: string }
  | { kind: 'route'; route: Route; id: string }
  | { kind: 'dependency'; name: string; route: Route; id: string };

const runsOnText = (r: Route): string => (r.runsOn === 'event-loop' ? 'event loop' : 'threadpool');

/** app -> routers -> routes, from the flat answer (a route's `routers` is its chain below the app). */
function buildTree(routes: readonly Route[]): Node[] {
  const roots: Node[] = [];
  const groups = new Map<string, Extract<Node, { kind: 'group' }>>();
  const group = (parent: Node[], key: string, link: RouterLink, isApp: boolean) => {
    let g = groups.get(key);
    if (!g) {
      g = { kind: 'group', link, isApp, children: [], findings: 0, id: key };
      groups.set(key, g);
      parent.push(g);
    }
    return g;
  };
  routes.forEach((r, i) => {
    let g = group(roots, r.app.id, r.app, true);
    g.findings += r.findings;
    let key = r.app.id;
    for (const link of r.routers) {
      key += `>${link.id}`;
      g = group(g.children, key, link, false);
      g.findings += r.findings;
    }
    g.children.push({ kind: 'route', route: r, id: `${key}#${i}` });
  });
  return roots;
}

export class RoutesView implements vscode.TreeDataProvider<Node>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeTree = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeTree.event;
  private readonly changeDecorations = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changeDecorations.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subs: vscode.Disposable[] = [];
  /** Findings per badge URI of the last answer. */
  private badges = new Map<string, number>();

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView(ROUTES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subs.push(
      this.view,
      vscode.window.registerFileDecorationProvider(this),
      vscode.commands.registerCommand(REFRESH_ROUTES, () => this.refresh()),
      client.onNotification(ROUTES_CHANGED, () => this.refresh()),
    );
  }

  refresh(): void {
    this.changeTree.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'group') return node.children;
    if (node?.kind === 'route') return node.route.dependencies.map((name, i) => ({ kind: 'dependency', name, route: node.route, id: `${node.id}/${i}` }));
    if (node) return [];
    if (!this.client.isRunning()) return [];
    let routes: Route[];
    try {
      routes = await this.client.sendRequest<Route[]>(ROUTES_REQUEST, {});
    } catch {
      return [];
    }
    const total = routes.reduce((n, r) => n + r.findings, 0);
    this.view.badge = total ? { value: total, tooltip: `${total} finding${total === 1 ? '' : 's'} in route handlers` } : undefined;
    this.view.message = routes.length ? undefined : 'No FastAPI routes found in this workspace.';
    const old = [...this.badges.keys()];
    this.badges = new Map();
    const tree = buildTree(routes);
    const mark = (n: Node): void => {
      if (n.kind === 'route') this.badges.set(this.badgeUri(n).toString(), n.route.findings);
      if (n.kind === 'group') {
        this.badges.set(this.badgeUri(n).toString(), n.findings);
        n.children.forEach(mark);
      }
    };
    tree.forEach(mark);
    this.changeDecorations.fire([...new Set([...old, ...this.badges.keys()])].map((u) => vscode.Uri.parse(u)));
    return tree;
  }

  private badgeUri(n: Node): vscode.Uri {
    return vscode.Uri.from({ scheme: BADGE_SCHEME, path: `/${encodeURIComponent(n.id)}` });
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== BADGE_SCHEME) return undefined;
    const n = this.badges.get(uri.toString());
    if (!n) return undefined;
    return { badge: String(Math.min(n, 99)), tooltip: `${n} finding${n === 1 ? '' : 's'}`, color: new vscode.ThemeColor('list.warningForeground') };
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'group') {
      const item = new vscode.TreeItem(n.link.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = n.id;
      item.description = n.link.prefix || undefined;
      item.iconPath = new vscode.ThemeIcon(n.isApp ? 'server-process' : 'type-hierarchy');
      item.tooltip = `${n.isApp ? 'App' : 'Router'} ${n.link.id}${n.link.prefix ? `, prefix ${n.link.prefix}` : ''}`;
      item.resourceUri = this.badgeUri(n);
      return item;
    }
    if (n.kind === 'dependency') {
      const item = new vscode.TreeItem(`Depends(${n.name})`, vscode.TreeItemCollapsibleState.None);
      item.id = n.id;
      item.iconPath = new vscode.ThemeIcon('symbol-function');
      return item;
    }
    const r = n.route;
    const item = new vscode.TreeItem(`${r.methods.join(', ')} ${r.path}`, r.dependencies.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = n.id;
    item.description = `${r.handler} · ${r.async ? 'async def' : 'def'} · ${runsOnText(r)}`;
    item.iconPath = new vscode.ThemeIcon(r.methods.includes('WEBSOCKET') ? 'plug' : 'symbol-method');
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${r.methods.join(', ')}** \`${r.path}\`\n\n`);
    if (!r.pathKnown) tip.appendMarkdown('Part of the path is not a constant: it is shown as `<expression>`.\n\n');
    tip.appendMarkdown(`Handler \`${r.handler}\` (${r.async ? 'async def' : 'def'}), runs on the ${runsOnText(r)}.\n\n`);
    if (r.dependencies.length) tip.appendMarkdown(`Dependencies: ${r.dependencies.map((d) => `\`${d}\``).join(', ')}\n\n`);
    tip.appendMarkdown(r.findingsPending ? 'Findings: counting…' : `${r.findings} finding${r.findings === 1 ? '' : 's'} in the handler.`);
    item.tooltip = tip;
    item.resourceUri = this.badgeUri(n);
    const start = new vscode.Position(r.selectionRange.start.line, r.selectionRange.start.character);
    item.command = { title: 'Open Handler', command: 'vscode.open', arguments: [vscode.Uri.parse(r.uri), { selection: new vscode.Range(start, start) }] };
    return item;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changeTree.dispose();
    this.changeDecorations.dispose();
  }
}

const lensesOn = (): boolean => vscode.workspace.getConfiguration('fastapiPerf').get<boolean>('codeLens') !== false;

/** `fastapiPerf.codeLens`: the server's code lenses, or none. */
export const codeLensMiddleware: Middleware['provideCodeLenses'] = (document, token, next) => (lensesOn() ? next(document, token) : []);

/** Asks VS Code for the lenses again when the setting changes. */
export function watchCodeLensSetting(client: LanguageClient): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('fastapiPerf.codeLens')) return;
    const feature = client.getFeature(CodeLensRequest.method);
    for (const editor of vscode.window.visibleTextEditors) feature.getProvider(editor.document)?.onDidChangeCodeLensEmitter.fire();
  });
}
