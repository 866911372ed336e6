// Linting a whole project, as the CLI and the workspace scan do: discover files, name
// modules, order them so a module's imports are summarised before it is linted
// (strongly connected components of the import graph, dependencies first), lint each
// once, re-lint the few that needed a summary not yet built (import cycles), and
// finally decide the findings that depend on the whole workspace.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CallGraph } from '../analysis/callGraph';
import { FileModel } from '../analysis/model';
import { parse } from './parser';
import { resolveRelative } from '../analysis/imports';
import { Resolver } from '../analysis/resolve';
import { classifyBlocking } from '../../../rules/data/blocking';
import type { ResolvedConfig } from './config';
import { discoverFiles } from './files';
import { decideConditions, lintSource, type LintOptions } from './linter';
import { ModuleNamer } from './modules';
import type { Finding } from './rule';
import { decodeSource, LineIndex, type DecodedSource } from './text';
import type { ProjectVersions } from './versions';
import { WorkspaceIndex } from './workspace';

export interface FileResult {
  path: string;
  relPath: string;
  findings: Finding[];
  notes: string[];
  /** Why the file was not linted (too large, unreadable ...). */
  skipped?: string;
  source?: DecodedSource;
  lines?: LineIndex;
}

export interface ProjectOptions {
  paths: readonly string[];
  /** Folder relative paths and globs are taken from (the project root or cwd). */
  root: string;
  config: ResolvedConfig;
  versionsFor?: (file: string) => ProjectVersions;
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string) => void;
}

export interface ProjectResult {
  files: FileResult[];
  index: WorkspaceIndex;
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+(\.*[\p{L}\p{N}_.]*)[ \t]+import[ \t]+\(?([^\n#]*)|import[ \t]+([^\n#]+))/gmu;

/** Workspace modules a text imports, found by a text scan: only used to order the work. */
export function scanImports(text: string, ctx: { module: string; isPackage: boolean }, index: WorkspaceIndex): string[] {
  const deps = new Set<string>();
  const add = (m: string | null): void => {
    if (!m) return;
    // Longest workspace-module prefix.
    for (let q = m; q; q = q.includes('.') ? q.slice(0, q.lastIndexOf('.')) : '') {
      if (index.moduleEntry(q)) {
        deps.add(q);
        return;
      }
    }
  };
  IMPORT_LINE.lastIndex = 0;
  for (let m = IMPORT_LINE.exec(text); m; m = IMPORT_LINE.exec(text)) {
    if (m[1] !== undefined) {
      const level = /^\.*/.exec(m[1])![0].length;
      const base = resolveRelative(ctx, level, m[1].slice(level));
      if (!base) continue;
      for (const name of m[2].split(',')) {
        const n = name.trim().split(/\s+/)[0].replace(/[()]/g, '');
        if (n && n !== '*' && index.moduleEntry(`${base}.${n}`)) add(`${base}.${n}`);
        else add(base);
      }
    } else {
      for (const part of m[3].split(',')) add(part.trim().split(/\s+/)[0]);
    }
  }
  return [...deps];
}

/** Strongly connected components (Tarjan), dependencies before dependents. */
export function orderByImports(nodes: readonly string[], deps: (n: string) => readonly string[]): string[][] {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (indexOf.has(start)) continue;
    const work: Array<{ n: string; i: number; ds: readonly string[] }> = [];
    const enter = (n: string): void => {
      indexOf.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      work.push({ n, i: 0, ds: deps(n) });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (top.i < top.ds.length) {
        const d = top.ds[top.i++];
        if (!indexOf.has(d)) enter(d);
        else if (onStack.has(d)) low.set(top.n, Math.min(low.get(top.n)!, indexOf.get(d)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].n;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.n)!));
      }
      if (low.get(top.n) === indexOf.get(top.n)) {
        const scc: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          scc.push(x);
        } while (x !== top.n);
        out.push(scc.sort());
      }
    }
  }
  return out;
}

interface Loaded {
  path: string;
  relPath: string;
  source?: DecodedSource;
  skipped?: string;
}

/** Length of the longest line, in UTF-16 code units. */
export function longestLine(t: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const i = t.indexOf('\n', start);
    const end = i === -1 ? t.length : i;
    if (end - start > longest) {
      // A lone CR also ends a line: only long stretches need the closer look.
      const seg = t.slice(start, end);
      for (const part of seg.split('\r')) if (part.length > longest) longest = part.length;
    }
    if (i === -1) return longest;
    start = i + 1;
  }
}

export function readPythonFile(file: string, cfg: ResolvedConfig): { source?: DecodedSource; skipped?: string } {
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.size > cfg.maxFileSize) return { skipped: `skipped: ${st.size} bytes is over the ${cfg.maxFileSize}-byte limit (max-file-size)` };
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { skipped: `skipped: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const source = decodeSource(bytes);
  const longest = longestLine(source.text);
  if (longest > cfg.maxLineLength) return { skipped: `skipped: a line of ${longest} characters is over the ${cfg.maxLineLength}-character limit (max-line-length)` };
  return { source };
}

export function lintProject(opts: ProjectOptions): ProjectResult {
  const root = path.resolve(opts.root);
  const cfg = opts.config;
  const files = discoverFiles(opts.paths, { root, exclude: cfg.exclude, onWarning: opts.onWarning });
  const namer = new ModuleNamer(root);
  const index = new WorkspaceIndex();
  const loaded = new Map<string, Loaded>();
  const moduleOf = new Map<string, { module: string; isPackage: boolean }>();
  for (const f of files) {
    const name = namer.nameOf(f);
    moduleOf.set(f, name);
    index.addFile(f, name.module, name.isPackage);
  }
  for (const f of files) {
    const { source, skipped } = readPythonFile(f, cfg);
    loaded.set(f, { path: f, relPath: path.relative(root, f).split(path.sep).join('/'), source, skipped });
  }
  const fileOfModule = (m: string): string | undefined => index.moduleEntry(m)?.path;
  const deps = (f: string): string[] => {
    const l = loaded.get(f)!;
    if (!l.source) return [];
    return scanImports(l.source.text, moduleOf.get(f)!, index)
      .map(fileOfModule)
      .filter((x): x is string => !!x && x !== f);
  };
  const depsOf = new Map(files.map((f) => [f, deps(f)]));
  const order = orderByImports(files, (f) => depsOf.get(f)!).flat();
  // Modules imported by async or FastAPI code are the ones whose function bodies others ask
  // about: summarise their bodies while the tree exists. The rest keep their text and are
  // re-parsed only if a question reaches them.
  const eagerDetails = new Set<string>();
  for (const f of files) {
    const t = loaded.get(f)!.source?.text;
    if (t && /\basync[ \t]+def\b|fastapi|starlette/.test(t)) for (const d of depsOf.get(f)!) eagerDetails.add(d);
  }
  index.detailLoader = (entry) => {
    const text = entry.text!;
    const tree = parse(text);
    try {
      const model = new FileModel({ text, tree, context: { module: entry.module, isPackage: entry.isPackage } });
      for (const [q, fn] of Object.entries(entry.summary!.functions)) if (!fn.detail) fn.detail = model.functionDetail(q);
    } finally {
      tree.delete();
    }
  };

  const results = new Map<string, FileResult>();
  const relint: string[] = [];
  let done = 0;
  const lintOne = (f: string): { missing: Set<string> } => {
    const l = loaded.get(f)!;
    const r: FileResult = { path: f, relPath: l.relPath, findings: [], notes: [], source: l.source };
    if (!l.source) {
      r.skipped = l.skipped;
      results.set(f, r);
      return { missing: new Set() };
    }
    if (l.source.lossy) r.notes.push(`${l.source.lossy}: linted with replacement characters, never fixed`);
    const lintOpts: LintOptions = {
      config: cfg,
      versions: opts.versionsFor?.(f),
      path: f,
      relPath: l.relPath,
      context: moduleOf.get(f),
      workspace: index,
      deferConditions: true,
      computeDetails: eagerDetails.has(f),
    };
    const out = lintSource(l.source.text, lintOpts);
    r.findings = out.findings;
    r.notes.push(...out.notes);
    r.lines = out.lines;
    index.setSummary(f, out.summary, hashText(l.source.text), Uint32Array.from(out.lines.lineStarts), eagerDetails.has(f) ? undefined : l.source.text);
    results.set(f, r);
    return { missing: out.missingModules };
  };
  for (const f of order) {
    const { missing } = lintOne(f);
    if (missing.size > 0) relint.push(f);
    opts.onProgress?.(++done, files.length + relint.length);
  }
  // Modules asked about before their summary existed (import cycles): lint again with the full index.
  for (const f of relint) {
    lintOne(f);
    opts.onProgress?.(++done, files.length + relint.length);
  }
  const graph = new CallGraph(new Resolver(index), () => index.modules(), (q) => classifyBlocking(q, cfg.extendBlockingCalls));
  for (const r of results.values()) r.findings = decideConditions(r.findings, graph);
  return { files: files.map((f) => results.get(f)!), index };
}
