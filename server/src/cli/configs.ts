// The configuration of each file for a CLI run: the nearest project file (or `--config`)
// with the command-line flags over it, resolved by the engine as for the editor. Each
// project file is read once; its warnings are reported once; a file that cannot be used
// stops the run (exit 2).
import * as path from 'node:path';
import { formatConfigProblem, type ConfigInput, type ConfigProblem, type ResolvedConfig } from '../engine/config';
import { FileConfigs, ProjectConfigFiles, type FileConfig as EngineFileConfig } from '../engine/fileConfigs';
import type { ProjectVersions } from '../ruleApi/versions';

export class ConfigError extends Error {}

export interface FileConfig {
  config: ResolvedConfig;
  /** The project file it came from. */
  file?: string;
  versions?: ProjectVersions;
}

export class ConfigResolver {
  private readonly configs: FileConfigs;
  private readonly resolved = new Map<EngineFileConfig, FileConfig>();
  readonly warnings: ConfigProblem[] = [];

  constructor(
    flags: ConfigInput,
    private readonly cwd: string,
    codes: ReadonlySet<string>,
    configFile?: string,
  ) {
    // As with Ruff's --config: one file for every path, its globs relative to the current folder.
    const files = new ProjectConfigFiles(codes, configFile ? { file: path.resolve(cwd, configFile), root: cwd } : undefined);
    this.configs = new FileConfigs(files, flags, (loaded) => {
      if (loaded.error) throw new ConfigError(formatConfigProblem(loaded.error, (f) => this.display(f)));
      this.warnings.push(...loaded.warnings);
    });
  }

  /** The configuration of a file (or, for a folder, of the folder holding it: a folder's own project file governs what is inside). */
  forPath(p: string): FileConfig {
    return this.forFolder(path.dirname(path.resolve(p)));
  }

  /** The configuration of the files directly in a folder. */
  forFolder(dir: string): FileConfig {
    const own = this.configs.forFolder(dir);
    let out = this.resolved.get(own);
    if (out) return out;
    const { config, loaded } = own;
    const versions: ProjectVersions | undefined = config.fastapiVersion
      ? { fastapi: { version: config.fastapiVersion, source: `fastapi-version in ${loaded.file ? this.display(loaded.file) : 'the configuration'}` } }
      : undefined;
    out = { config, file: loaded.file, versions };
    this.resolved.set(own, out);
    return out;
  }

  /** Each path's configuration as the engine's discovery and reads ask for it. */
  readonly configFor = (p: string): ResolvedConfig => this.forPath(p).config;

  display(file: string): string {
    const rel = path.relative(this.cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  }

  formatWarning(p: ConfigProblem): string {
    return formatConfigProblem(p, (f) => this.display(f));
  }
}
