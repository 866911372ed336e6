// Shared test helpers: parser set-up, fixture markers, linting with chosen rules.
import { initParser } from '../server/src/engine/parser';
import { mergeConfig } from '../server/src/engine/config';
import { lintSource, type LintOptions } from '../server/src/engine/linter';
import type { Finding } from '../server/src/engine/rule';
import { LineIndex } from '../server/src/engine/text';
import type { ProjectVersions } from '../server/src/engine/versions';

export const ready = initParser();

export interface Marker {
  kind: 'expect' | 'ok';
  codes: string[];
  /** 0-based line the marker is about: the next line that is not itself a marker. */
  line: number;
  markerLine: number;
}

const MARKER = /#\s*(expect|ok):\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)\s*$/;

export function parseMarkers(text: string): Marker[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Marker[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m || !/^\s*#/.test(lines[i])) continue;
    let target = i + 1;
    while (target < lines.length && MARKER.test(lines[target]) && /^\s*#/.test(lines[target])) target++;
    out.push({ kind: m[1] as Marker['kind'], codes: m[2].split(/\s*,\s*/), line: target, markerLine: i });
  }
  return out;
}

export function lintWith(text: string, codes: string[] | null, opts: LintOptions = {}): Finding[] {
  const config = opts.config ?? mergeConfig(codes ? { select: codes } : undefined);
  return lintSource(text, { path: 'cases.py', ...opts, config }).findings;
}

export function lineOf(text: string, f: Finding): number {
  return new LineIndex(text).lineOf(f.start);
}

const FIXTURE_OPTION = /^#\s*fixture-(versions|path):\s*(.*?)\s*$/;

/**
 * Options a fixture declares in its leading comment lines:
 * `# fixture-versions: pydantic=1.10.0, fastapi=0.127.0` (passed as `versions`, source "fixture")
 * and `# fixture-path: gunicorn.conf.py` (the file name it is linted as).
 */
export function fixtureOptions(text: string): Pick<LintOptions, 'versions' | 'path'> {
  const out: Pick<LintOptions, 'versions' | 'path'> = {};
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('#')) break;
    const m = FIXTURE_OPTION.exec(line);
    if (!m) continue;
    if (m[1] === 'path') out.path = m[2];
    else {
      const versions: Record<string, { version: string; source: string }> = {};
      for (const pair of m[2].split(',')) {
        const [name, version] = pair.split('=').map((x) => x.trim());
        if (name && version) versions[name] = { version, source: 'fixture' };
      }
      out.versions = versions as ProjectVersions;
    }
  }
  return out;
}
