// file: URIs <-> paths. Only file: URIs have a path; other schemes (untitled:, notebook
// cells) are linted on their own, outside any workspace folder.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileUri, pathFromUriPath } from '../engine/fileNames';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    // A name that is not UTF-8 (`file:///app/%FF.py`): its bytes, as the file walker keeps them.
    try {
      const u = new URL(uri);
      return !u.host && path.sep === '/' ? path.normalize(pathFromUriPath(u.pathname)) : undefined;
    } catch {
      return undefined;
    }
  }
}

export function pathToUri(p: string): string {
  return fileUri(p);
}

/** True when `file` is `dir` or lies under it. */
export function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
