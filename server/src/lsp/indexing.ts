// Keeps each workspace folder's index current: the builds (at start, for added folders,
// when discovery inputs change) with $/progress, files changed, created or deleted on
// disk, documents saved or closed. Every summary change re-lints the open documents
// joined to the module by imports and marks the closed ones for the workspace diagnostics.
import * as path from 'node:path';
import { FileChangeType, type DidChangeWatchedFilesParams, type WorkDoneProgressReporter, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { readPythonFile } from '../engine/project';
import type { FileConfigs } from '../engine/fileConfigs';
import { describeVersion, type ProjectVersions } from '../ruleApi/versions';
import type { Effective } from './configuration';
import type { ServerContext } from './context';
import type { DiagnosticsService } from './diagnostics';
import type { OpenDocument } from './documents';
import { STRUCTURE_FILES, type FolderIndex } from './folders';
import { uriToPath } from './uri';
import type { WorkspaceDiagnostics } from './workspaceScan';

/** What the server asks the client to watch. */
/** Files that decide configuration or library versions: a change re-reads them and re-lints. */
const PROJECT_FILE = /^(pyproject\.toml|fastapi-perf-lint\.toml|uv\.lock|poetry\.lock|Pipfile\.lock|requirements[^/]*\.txt|\.?ruff\.toml|\.pre-commit-config\.yaml)$/;
export const WATCHED_GLOBS = [
  '**/*.py',
  `**/{${[...STRUCTURE_FILES].filter((f) => !f.endsWith('.py')).join(',')}}`,
  '**/{uv.lock,poetry.lock,Pipfile.lock,requirements*.txt,ruff.toml,.ruff.toml,.pre-commit-config.yaml}',
  '**/.venv/**/*.dist-info/METADATA',
];

export class Indexing {
  /** `exclude` each folder was last indexed with: a change re-indexes it. */
  private indexedExclude = new Map<FolderIndex, string>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsService,
    private readonly workspace: WorkspaceDiagnostics,
  ) {}

  private openText = (file: string): string | undefined => this.ctx.docs.atPath(file)?.doc.text;

  addFolder(uri: string): FolderIndex | undefined {
    const root = uriToPath(uri);
    return root ? this.ctx.folders.add(uri, root) : undefined;
  }

  /** Builds the folders' indexes in the background, one progress for all. */
  async build(list: readonly FolderIndex[]): Promise<void> {
    if (list.length === 0) return;
    let progress: WorkDoneProgressReporter | undefined;
    try {
      progress = this.ctx.client.workDoneProgress ? await this.ctx.connection.window.createWorkDoneProgress() : undefined;
      progress?.begin('FastAPI Perf: indexing the workspace', 0, undefined, false);
      for (const folder of list) {
        const eff = await this.ctx.settings.get(folder.uri);
        this.indexedExclude.set(folder, JSON.stringify(eff.config.exclude));
        const configs = await this.ctx.settings.configsFor(folder.uri);
        const built = await folder.build({ configFor: configs.configFor, openText: this.openText, progress, log: this.ctx.log });
        if (!built) continue;
        await this.describe(folder, eff, configs);
        // Open documents were linted against the previous index: lint them again.
        this.diagnostics.invalidate([...this.ctx.docs.all()].filter((d) => this.ctx.folders.of(d.path) === folder), 0);
        this.workspace.markAllStale();
        this.diagnostics.requestRefresh();
      }
    } finally {
      // Lints waiting for a folder's file list go on, whatever happened.
      for (const folder of list) folder.discovered();
      progress?.done();
    }
  }

  /**
   * The Output channel's account of a folder: its configuration file and library versions
   * (with the file each was read from), those of each project nested in it, what was indexed.
   */
  private async describe(folder: FolderIndex, eff: Effective, configs: FileConfigs): Promise<void> {
    const b = folder.lastBuild;
    const rootFile = configs.forFolder(folder.root).loaded.file;
    const config = !this.ctx.settings.trusted
      ? 'untrusted workspace: project files are not read'
      : (rootFile ?? 'no [tool.fastapi-perf-lint] or fastapi-perf-lint.toml: defaults and editor settings');
    const versions = (v: ProjectVersions): string => (['fastapi', 'pydantic', 'starlette'] as const).map((p) => describeVersion(p, v[p])).join('; ');
    const lines = [`workspace folder ${folder.root}`, `  configuration: ${config}`, `  versions: ${versions(eff.versions)}`];
    // Nested projects: one line per configuration file below the root, versions read beside it.
    const nested = new Map<string, string>();
    for (const f of folder.files) {
      const file = configs.forPath(f).loaded.file;
      if (file && file !== rootFile && !nested.has(file)) nested.set(file, f);
    }
    for (const [file, member] of nested) lines.push(`  project ${file}: ${versions((await this.ctx.settings.forClosedFile(folder.uri, member)).versions)}`);
    if (b) lines.push(`  indexed ${b.files} Python files in ${b.totalMs} ms (finding them: ${b.discoverMs} ms)`);
    this.ctx.log(lines.join('\n'));
  }

  async foldersChanged(e: WorkspaceFoldersChangeEvent): Promise<void> {
    for (const f of e.removed) {
      const root = uriToPath(f.uri);
      const gone = root ? this.ctx.folders.remove(root) : undefined;
      if (gone) for (const file of gone.files) this.workspace.forget(file);
    }
    await this.build(e.added.map((f) => this.addFolder(f.uri)).filter((f): f is FolderIndex => !!f));
  }

  /** Settings changed: folders whose `exclude` changed are indexed again. */
  async settingsChanged(): Promise<void> {
    const reindex: FolderIndex[] = [];
    for (const folder of this.ctx.folders.all) {
      const eff = await this.ctx.settings.get(folder.uri);
      const before = this.indexedExclude.get(folder);
      if (before !== undefined && before !== JSON.stringify(eff.config.exclude)) reindex.push(folder);
    }
    await this.build(reindex);
  }

  /** What closed files see of this module is now on disk: their results are out of date. */
  saved(d: OpenDocument): void {
    const folder = this.ctx.folders.of(d.path);
    if (!d.path || !folder?.isIndexed(d.path)) return;
    this.workspace.markStale(folder.filesOf(folder.component(folder.moduleOf(d.path).module)));
    this.diagnostics.requestRefresh();
  }

  /** Unsaved edits are gone with the buffer: the index goes back to the file on disk. */
  async closed(d: OpenDocument): Promise<void> {
    const folder = this.ctx.folders.of(d.path);
    if (!d.path || !folder?.isIndexed(d.path)) return;
    const { configFor } = await this.ctx.settings.configsFor(folder.uri);
    const text = readPythonFile(d.path, configFor(d.path)).source?.text;
    if (text !== undefined && folder.update(d.path, text)) this.diagnostics.moduleChanged(folder, d.path, { closedFiles: true });
    this.workspace.markStale([d.path]);
  }

  async filesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    const resync = new Set<FolderIndex>();
    const rebuild = new Set<FolderIndex>();
    let projectFiles = false;
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      const folder = this.ctx.folders.of(file);
      if (!file || !folder) continue;
      if (PROJECT_FILE.test(path.basename(file)) || file.endsWith('METADATA')) projectFiles = true;
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
        this.workspace.forget(file);
        this.diagnostics.moduleChanged(folder, file, { closedFiles: true, modules });
      } else {
        if (this.ctx.docs.atPath(file) || !folder.isIndexed(file)) continue; // an open buffer wins over the disk
        const { configFor } = await this.ctx.settings.configsFor(folder.uri);
        const text = readPythonFile(file, configFor(file)).source?.text;
        this.workspace.markStale([file]);
        if (text !== undefined && folder.update(file, text)) this.diagnostics.moduleChanged(folder, file, { closedFiles: true });
        else this.diagnostics.requestRefresh();
      }
    }
    if (projectFiles) {
      this.ctx.settings.projectChanged();
      this.diagnostics.invalidate([...this.ctx.docs.all()], 0);
      this.workspace.markAllStale();
      this.diagnostics.requestRefresh();
    }
    for (const folder of resync) {
      if (rebuild.has(folder)) continue;
      const { configFor } = await this.ctx.settings.configsFor(folder.uri);
      const { added, removed } = await folder.sync({ configFor, openText: this.openText, log: this.ctx.log });
      for (const f of removed) this.workspace.forget(f);
      for (const f of added) this.diagnostics.moduleChanged(folder, f, { closedFiles: true });
    }
    await this.build([...rebuild]);
  }
}
