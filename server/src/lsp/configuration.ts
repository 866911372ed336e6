// Editor settings (`fastapiPerf.*`): pulled per resource with workspace/configuration
// when the client can answer it (else taken from didChangeConfiguration or the
// initialization options), sanitised, cached until the next change, and turned into
// the engine's configuration at the one place the configuration sources merge.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { formatConfigProblem, RUFF_OVERLAP_MODES, type ConfigInput, type ResolvedConfig, type RuffOverlapMode, type SeverityOrOff } from '../engine/config';
import { FileConfigs, ProjectConfigFiles } from '../engine/fileConfigs';
import { codesLeftToRuff, RuffConfigs } from '../engine/ruffConfig';
import { globProblem } from '../engine/globs';
import { fileVersions, VersionResolver } from '../engine/versions';
import type { Severity } from '../ruleApi/rule';
import type { ProjectVersions } from '../ruleApi/versions';
import { uriToPath } from './uri';

export const SECTION = 'fastapiPerf';

/** When open documents are linted: as they change, or when opened and saved. */
export type RunMode = 'onType' | 'onSave';

interface EditorSettings {
  enable: boolean;
  run: RunMode;
  /** The least severe findings shown (`hint`: all). */
  minimumSeverity: Severity;
  /** Rule codes or prefixes to run; empty: the project's selection (or every default rule). */
  select: string[];
  ignore: string[];
  /** Code -> severity override, or "off". */
  severity: Record<string, SeverityOrOff>;
  /** Report Python files that are not open (pull-diagnostics clients). */
  workspaceDiagnostics: boolean;
  /** Globs, relative to the workspace folder, of files and folders to skip. */
  exclude: string[];
  /** FastAPI version to assume; empty: read from the project. */
  fastapiVersion: string;
  /** Findings Ruff makes too; undefined when not set (the project's `ruff-overlap`, else `auto`). */
  ruffOverlap?: RuffOverlapMode;
  /** Ruff lints in this editor (the VS Code client: the Ruff extension is enabled). */
  ruffInEditor: boolean;
}

export const DEFAULT_SETTINGS: Readonly<EditorSettings> = Object.freeze({
  enable: true,
  run: 'onType' as RunMode,
  minimumSeverity: 'hint' as Severity,
  select: [],
  ignore: [],
  severity: {},
  workspaceDiagnostics: true,
  exclude: [],
  fastapiVersion: '',
  ruffInEditor: false,
});

const SELECTOR = /^(ALL|[A-Z]+[0-9]*)$/;
const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Whether a finding of this severity is shown under `minimumSeverity`. */
export function shown(settings: Pick<EditorSettings, 'minimumSeverity'>, severity: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[settings.minimumSeverity];
}
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const VERSION = /^\d+(\.\d+){0,2}([a-z]+\d*)?$/i;

function stringList(v: unknown, valid: (s: string) => boolean): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter(valid);
}

/** Settings from any client, whatever their shape: unknown keys and wrong types fall back to defaults. */
export function sanitizeSettings(raw: unknown): EditorSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: EditorSettings = { ...DEFAULT_SETTINGS, severity: {} };
  if (typeof r.enable === 'boolean') out.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') out.run = r.run;
  if (typeof r.minimumSeverity === 'string' && SEVERITY_RANK[r.minimumSeverity as Severity] !== undefined) out.minimumSeverity = r.minimumSeverity as Severity;
  out.select = stringList(r.select, (s) => SELECTOR.test(s)) ?? [];
  out.ignore = stringList(r.ignore, (s) => SELECTOR.test(s)) ?? [];
  if (r.severity && typeof r.severity === 'object') {
    for (const [code, sev] of Object.entries(r.severity as Record<string, unknown>)) {
      if (/^[A-Z]+[0-9]+$/.test(code) && typeof sev === 'string' && SEVERITIES.has(sev)) out.severity[code] = sev as SeverityOrOff;
    }
  }
  if (typeof r.workspaceDiagnostics === 'boolean') out.workspaceDiagnostics = r.workspaceDiagnostics;
  out.exclude = stringList(r.exclude, (s) => s.length > 0 && !globProblem(s)) ?? [];
  if (typeof r.fastapiVersion === 'string' && VERSION.test(r.fastapiVersion.trim())) out.fastapiVersion = r.fastapiVersion.trim();
  if (RUFF_OVERLAP_MODES.includes(r.ruffOverlap as RuffOverlapMode)) out.ruffOverlap = r.ruffOverlap as RuffOverlapMode;
  if (typeof r.ruffInEditor === 'boolean') out.ruffInEditor = r.ruffInEditor;
  return out;
}

/** The editor settings as a configuration source (unset lists leave the lower sources alone). */
function editorInput(s: EditorSettings): ConfigInput {
  return {
    select: s.select.length ? s.select : undefined,
    ignore: s.ignore.length ? s.ignore : undefined,
    severity: s.severity,
    exclude: s.exclude.length ? s.exclude : undefined,
    fastapiVersion: s.fastapiVersion || undefined,
    ruffOverlap: s.ruffOverlap,
  };
}

export interface Effective {
  settings: EditorSettings;
  config: ResolvedConfig;
  versions: ProjectVersions;
  /** The Ruff codes whose findings a file leaves to Ruff (`LintOptions.leaveToRuff`). */
  ruffFor(file: string): ReadonlySet<string> | undefined;
}

/** What the project around a file says: its configuration files and its library versions. */
interface ProjectSources {
  /** Project configuration files, each read once (they know the rule codes, for warnings about unknown ones). */
  files: ProjectConfigFiles;
  versions: VersionResolver;
  /** Ruff's configuration files, each read once. */
  ruff: RuffConfigs;
  /** Told about configuration warnings and errors (once per file and text). */
  report?: (message: string) => void;
}

/**
 * Each file's configuration under these settings, resolved by the engine as the CLI
 * resolves it: defaults < project file (`[tool.fastapi-perf-lint]` in the nearest
 * pyproject.toml, or fastapi-perf-lint.toml) < editor settings. Untrusted workspaces read
 * no project file.
 */
function fileConfigs(settings: EditorSettings, trusted: boolean, project?: ProjectSources): FileConfigs {
  return new FileConfigs(trusted && project ? project.files : undefined, editorInput(settings), (loaded) => {
    if (loaded.error) project?.report?.(`configuration ignored: ${formatConfigProblem(loaded.error)}`);
    for (const w of loaded.warnings) project?.report?.(`configuration: ${formatConfigProblem(w)}`);
  });
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The configuration of a document or folder (`file`) under these settings, with its library
 * versions: the project's lock and requirements files, with the `fastapiVersion` setting
 * over them. `configs` (from `fileConfigs` with the same settings) shares what it read.
 */
export function effectiveConfig(settings: EditorSettings, trusted: boolean, file?: string, project?: ProjectSources, configs = fileConfigs(settings, trusted, project)): Effective {
  const config = (file === undefined ? configs.withoutProjectFile() : isDirectory(file) ? configs.forFolder(file) : configs.forPath(file)).config;
  const configured = settings.fastapiVersion
    ? { version: settings.fastapiVersion, source: `${SECTION}.fastapiVersion setting` }
    : config.fastapiVersion
      ? { version: config.fastapiVersion, source: 'fastapi-version in the project configuration' }
      : undefined;
  const versions = fileVersions(trusted ? project?.versions : undefined, file, configured);
  return { settings, config, versions, ruffFor: ruffOverlap(settings, config, versions, trusted, project) };
}

/**
 * What each file leaves to Ruff: with `ruffOverlap` (`auto` unless set), the codes Ruff's
 * configuration enables in the file, when the client says Ruff lints in the editor (`auto`)
 * or always (`defer`). Untrusted workspaces read no project file: everything is reported.
 */
function ruffOverlap(settings: EditorSettings, config: ResolvedConfig, versions: ProjectVersions, trusted: boolean, project: ProjectSources | undefined): Effective['ruffFor'] {
  const mode = config.ruffOverlap ?? 'auto';
  if (!trusted || !project || mode === 'report') return () => undefined;
  return (file) => {
    const ruff = project.ruff.forFile(file, versions.ruff);
    if (ruff.error) project.report?.(`Ruff's configuration cannot be read (${ruff.error}): the findings Ruff makes too are reported`);
    return codesLeftToRuff(mode, () => settings.ruffInEditor, ruff, file);
  };
}

interface SettingsCapabilities {
  /** The client answers workspace/configuration. */
  configuration: boolean;
  /** Workspace trust as the client reported it (initializationOptions.trusted); true when not reported. */
  trusted: boolean;
}

/** Settings per resource, cached until the client says they changed. */
export class SettingsStore {
  private cache = new Map<string, Promise<Effective>>();
  private pushed: EditorSettings;
  /** Bumped on every change: results computed under an older revision are out of date. */
  revision = 0;

  constructor(
    private readonly connection: Connection,
    private readonly caps: SettingsCapabilities,
    codes: ReadonlySet<string>,
    initial?: unknown,
  ) {
    this.pushed = sanitizeSettings(initial);
    this.project = { files: new ProjectConfigFiles(codes), versions: new VersionResolver(), ruff: new RuffConfigs() };
  }

  get trusted(): boolean {
    return this.caps.trusted;
  }

  private readonly project: ProjectSources;
  private readonly reported = new Set<string>();
  /** Each workspace folder's file configurations (its editor settings over the project files). */
  private folderConfigs = new Map<string, Promise<FileConfigs>>();

  /** Settings for a document or folder URI (undefined: the window's settings). */
  get(scopeUri?: string): Promise<Effective> {
    const key = scopeUri ?? '';
    let p = this.cache.get(key);
    if (!p) {
      this.project.report ??= (m) => {
        if (this.reported.has(m)) return;
        this.reported.add(m);
        this.connection.console.warn(m);
      };
      const file = scopeUri ? uriToPath(scopeUri) : undefined;
      p = this.fetch(scopeUri).then((s) => effectiveConfig(s, this.caps.trusted, file, this.project));
      this.cache.set(key, p);
    }
    return p;
  }

  /**
   * The configuration of each path of a workspace folder: the folder's editor settings (one
   * workspace/configuration request per folder, not per file) over the project file nearest
   * to the path. Discovery, exclusion and reads of the folder's files go through it.
   */
  configsFor(folderUri: string): Promise<FileConfigs> {
    let p = this.folderConfigs.get(folderUri);
    if (!p) {
      p = this.get(folderUri).then((f) => fileConfigs(f.settings, this.caps.trusted, this.project));
      this.folderConfigs.set(folderUri, p);
    }
    return p;
  }

  /**
   * Settings for a file that is not open: its folder's editor settings with the project
   * configuration and library versions around the file itself, as for an open document.
   */
  forClosedFile(folderUri: string, file: string): Promise<Effective> {
    const key = `${folderUri}\0${path.dirname(file)}`;
    let p = this.cache.get(key);
    if (!p) {
      p = Promise.all([this.get(folderUri), this.configsFor(folderUri)]).then(([f, configs]) => effectiveConfig(f.settings, this.caps.trusted, file, this.project, configs));
      this.cache.set(key, p);
    }
    return p;
  }

  private async fetch(scopeUri: string | undefined): Promise<EditorSettings> {
    if (!this.caps.configuration) return this.pushed;
    try {
      const raw = await this.connection.workspace.getConfiguration({ scopeUri, section: SECTION });
      return sanitizeSettings(raw);
    } catch (e) {
      this.connection.console.warn(`could not read ${SECTION} settings${scopeUri ? ` for ${scopeUri}` : ''}: ${(e as Error)?.message ?? e}; using defaults`);
      return this.pushed;
    }
  }

  /** A project configuration, lock or requirements file changed: read them again. */
  projectChanged(): void {
    this.project.files.clear();
    this.project.versions.clear();
    this.project.ruff.clear();
    this.reported.clear();
    this.cache.clear();
    this.folderConfigs.clear();
    this.revision++;
  }

  /** workspace/didChangeConfiguration: drop every cached value (pushed settings replace the fallback). */
  changed(pushedSettings?: unknown): void {
    const section = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as Record<string, unknown>)[SECTION] : undefined;
    if (section !== undefined) this.pushed = sanitizeSettings(section);
    this.cache.clear();
    this.folderConfigs.clear();
    this.revision++;
  }
}
