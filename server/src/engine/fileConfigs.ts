// Each file's configuration, as the CLI, the workspace scan and the server's folder index
// all resolve it: the nearest project file (found and read once, cached per folder) with
// the caller's own layer over it (command-line flags, editor settings). Discovery asks it
// about every folder and file it meets, so `exclude` is decided with each file's own
// configuration and that configuration's base folder.
import * as path from 'node:path';
import { loadProjectConfig, mergeConfig, type ConfigInput, type LoadedConfig, type ResolvedConfig } from './config';

/** The configuration of a path (see `FileConfigs.forPath`). */
export type ConfigFor = (path: string) => ResolvedConfig;

/** Project configuration files: for each folder, the file that applies there, each read once. */
export class ProjectConfigFiles {
  private readonly byFolder = new Map<string, LoadedConfig>();
  private explicit?: LoadedConfig;

  /**
   * `explicit`: one file for every path (the CLI's `--config`), its globs relative to `root`
   * instead of its own folder, as with Ruff.
   */
  constructor(
    readonly codes: ReadonlySet<string>,
    private readonly explicitFile?: { file: string; root: string },
  ) {}

  /** The project file that applies to the files directly in `dir` (`input` undefined when none does). */
  forFolder(dir: string): LoadedConfig {
    if (this.explicitFile) {
      if (!this.explicit) {
        const { file, root } = this.explicitFile;
        const loaded = loadProjectConfig(root, { codes: this.codes, configFile: file });
        this.explicit = loaded.input ? { ...loaded, input: { ...loaded.input, root } } : loaded;
      }
      return this.explicit;
    }
    return loadProjectConfig(dir, { codes: this.codes, cache: this.byFolder });
  }

  /** Project files changed on disk: read them again. */
  clear(): void {
    this.byFolder.clear();
    this.explicit = undefined;
  }
}

export interface FileConfig {
  config: ResolvedConfig;
  /** The project file it came from, when one applies. */
  loaded: LoadedConfig;
}

const NO_FILE: LoadedConfig = Object.freeze({ warnings: [] }) as LoadedConfig;

/** Each path's configuration: the project file around it with `layer` over it. */
export class FileConfigs {
  private readonly byFolder = new Map<string, FileConfig>();
  private readonly byLoaded = new Map<LoadedConfig, FileConfig>();

  /**
   * `files`: where project files come from; undefined reads none (untrusted workspaces).
   * `onLoad` is told about each project file the first time it applies (its warnings and
   * error); when it throws, nothing is cached and the error reaches the caller.
   */
  constructor(
    private readonly files: ProjectConfigFiles | undefined,
    private readonly layer: ConfigInput | undefined,
    private readonly onLoad?: (loaded: LoadedConfig) => void,
  ) {}

  /**
   * The configuration of a file, or for a folder, of the folder holding it: a folder's own
   * project file governs what is inside it, not whether the folder itself is walked.
   */
  forPath(p: string): FileConfig {
    return this.forFolder(path.dirname(path.resolve(p)));
  }

  /** The configuration of the files directly in a folder. */
  forFolder(dir: string): FileConfig {
    const abs = path.resolve(dir);
    let out = this.byFolder.get(abs);
    if (!out) {
      out = this.resolve(this.files ? this.files.forFolder(abs) : NO_FILE);
      this.byFolder.set(abs, out);
    }
    return out;
  }

  /** The configuration where no project file applies: the defaults with `layer` over them. */
  withoutProjectFile(): FileConfig {
    return this.resolve(NO_FILE);
  }

  /** `forPath(p).config`, for discovery and reads. */
  readonly configFor: ConfigFor = (p) => this.forPath(p).config;

  private resolve(loaded: LoadedConfig): FileConfig {
    let out = this.byLoaded.get(loaded);
    if (!out) {
      if (loaded !== NO_FILE) this.onLoad?.(loaded);
      // An unusable file (`error`) has no input: the defaults and the layer apply.
      out = { config: mergeConfig(loaded.input, this.layer), loaded };
      this.byLoaded.set(loaded, out);
    }
    return out;
  }
}
