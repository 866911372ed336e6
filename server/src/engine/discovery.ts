// Which files belong to a project, for the CLI, the workspace scan and the server's folder
// index alike: the walk of engine/files.ts (.gitignore, virtualenvs, default excludes) with
// each folder and file judged by its own configuration's `exclude` (relative to that
// configuration's folder), and the same decision for one file an editor opens.
import { isExcluded } from './config';
import type { ConfigFor } from './fileConfigs';
import { discoverFiles, isExcludedPath, type DiscoverOptions } from './files';

/** What the walk from `root` asks about every path it meets. */
function discoveryOptions(root: string, configFor: ConfigFor, onWarning?: (message: string) => void): DiscoverOptions {
  return { root, excluded: (p) => isExcluded(configFor(p), p, root), onWarning };
}

/** The Python files under `paths`, sorted (files named explicitly are always included). */
export function discoverProjectFiles(paths: readonly string[], root: string, configFor: ConfigFor, onWarning?: (message: string) => void): string[] {
  return discoverFiles(paths, discoveryOptions(root, configFor, onWarning));
}

/** Whether `discoverProjectFiles([root], root, configFor)` leaves this file out. */
export function isExcludedFromProject(file: string, root: string, configFor: ConfigFor): boolean {
  return isExcludedPath(file, discoveryOptions(root, configFor));
}
