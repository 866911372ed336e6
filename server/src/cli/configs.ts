// The configuration of each file for a CLI run: the nearest project file (or `--config`)
// with the command-line flags over it. Each project file is read once; its warnings are
// reported once; a file that cannot be used stops the run (exit 2).
import * as path from 'node:path';
import { formatConfigProblem, loadProjectConfig, mergeConfig, type ConfigInput, type ConfigProblem, type LoadedConfig, type ResolvedConfig } from '../engine/config';
import type { ProjectVersions } from '../ruleApi/versions';

export class ConfigError extends Error {}

export interface FileConfig {
  config: ResolvedConfig;
  /** The project file it came from. */
  file?: string;
  versions?: ProjectVersions;
}

export class ConfigResolver {
  private readonly dirs = new Map<string, LoadedConfig>();
  private readonly resolved = new Map<LoadedConfig, FileConfig>();
  private explicit?: LoadedConfig;
  readonly warnings: ConfigProblem[] = [];

  constructor(
    private readonly flags: ConfigInput,
    private readonly cwd: string,
    private readonly codes: ReadonlySet<string>,
    configFile?: string,
  ) {
    if (configFile) {
      // As with Ruff's --config: one file for every path, its globs relative to the current folder.
      const loaded = loadProjectConfig(cwd, { codes, configFile: path.resolve(cwd, configFile) });
      this.explicit = loaded.input ? { ...loaded, input: { ...loaded.input, root: cwd } } : loaded;
    }
  }

  /** The configuration of a file (or, for a folder, of the folder holding it: a folder's own project file governs what is inside). */
  forPath(p: string): FileConfig {
    return this.forFolder(path.dirname(path.resolve(p)));
  }

  /** The configuration of the files directly in a folder. */
  forFolder(dir: string): FileConfig {
    const loaded = this.explicit ?? loadProjectConfig(path.resolve(dir), { codes: this.codes, cache: this.dirs });
    let out = this.resolved.get(loaded);
    if (out) return out;
    if (loaded.error) throw new ConfigError(formatConfigProblem(loaded.error, (f) => this.display(f)));
    this.warnings.push(...loaded.warnings);
    const config = mergeConfig(loaded.input, this.flags);
    const versions: ProjectVersions | undefined = config.fastapiVersion
      ? { fastapi: { version: config.fastapiVersion, source: `fastapi-version in ${loaded.file ? this.display(loaded.file) : 'the configuration'}` } }
      : undefined;
    out = { config, file: loaded.file, versions };
    this.resolved.set(loaded, out);
    return out;
  }

  display(file: string): string {
    const rel = path.relative(this.cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  }

  formatWarning(p: ConfigProblem): string {
    return formatConfigProblem(p, (f) => this.display(f));
  }
}
