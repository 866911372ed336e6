// The persistent lint cache (as Ruff's .ruff_cache): per file, what linting it gave, kept
// across runs in `.fastapi-perf-lint-cache/` at the project root. An entry is used only
// when everything the result depends on is unchanged: the file's text, its module name,
// its effective configuration, the project versions, what it leaves to Ruff, the rule set
// and the tool build (the whole cache is dropped when those last two change). Cross-module
// findings stay exact: each entry lists the modules its lint asked the index about and the
// state each had then (file, text hash, or absent); a changed helper changes its state, so
// its callers are linted again. Findings keep their workspace conditions (`when`), decided
// afresh on every run from all the summaries, which the cache also keeps by text hash.
// JSON files, each written only when something in it changed, through a temporary file and
// a rename: two runs at once each write whole files and the last rename wins. The summaries
// are split in shards by path, so an edit rewrites one shard, not all of them (18 MB for a
// 1,800-file service). An unreadable, corrupt or foreign cache is ignored and rebuilt.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModuleSummary } from '../analysis/summary';
import type { Note } from './notes';
import type { Finding } from '../ruleApi/rule';

export const CACHE_FOLDER = '.fastapi-perf-lint-cache';
const LINTS = 'lint-v1.json';
const FILES = 'files-v1.json';
/** Summary shards: `summaries-v2-0.json` to `summaries-v2-f.json`, a file's shard from its path. */
const SHARDS = 16;
const shardFile = (i: number): string => `summaries-v2-${i.toString(16)}.json`;
/** The summaries' file before they were sharded: removed when the cache is written. */
const OLD_SUMMARIES = 'summaries-v1.json';

function shardOf(file: string): number {
  return parseInt(sha1(file).slice(0, 2), 16) % SHARDS;
}

/** What a module's summary depends on: its text (by its hash, `hashText`) and its name. */
export function summaryHash(module: string, isPackage: boolean, textHash: string): string {
  return sha1(`${module}\0${isPackage}\0${textHash}`);
}

/**
 * What reading a file gave, kept by its stat (`statKey`): a run that finds the file's
 * stat unchanged takes these instead of reading it, and reads its text only when needed.
 */
export interface FileFacts {
  /** Hash of the decoded text (`hashText`); empty for a binary file. */
  hash: string;
  binary?: boolean;
  /** Its longest line, for the `max-line-length` limit. */
  longest: number;
}

interface FileEntry extends FileFacts {
  stat: string;
}

/**
 * A file's stat as a cache key: size, modification and change times in nanoseconds, inode
 * and device. The change time is what makes it exact where Ruff's key (size and mtime) is
 * not: an edit that keeps the size and puts the mtime back (`touch -d`) still moves the
 * ctime, which no program can set, and a file replaced by another changes its inode.
 */
export function statKey(st: fs.BigIntStats): string {
  return `${st.size}/${st.mtimeNs}/${st.ctimeNs}/${st.ino}/${st.dev}`;
}

/**
 * Whether a stat may be kept as a key: its change time lies 2 s before now. File times
 * tick coarsely (a few ms on Linux, seconds on some file systems), so an edit made in the
 * same tick as the one before would keep every time the same; an edit made after this
 * moment gets a later ctime. (Git calls the files this rules out "racily clean".)
 */
export function settled(st: fs.BigIntStats, nowMs = Date.now()): boolean {
  return st.ctimeNs < BigInt(nowMs - 2000) * 1_000_000n;
}

/** A run's work order, kept for the next run over the same files and texts. */
export interface CachedPlan {
  key: string;
  /** Files to lint, their imports first. */
  order: string[];
  /** Files whose function bodies are summarised eagerly. */
  eager: string[];
  /** The `# noqa` warnings of the reported files the prefilter set aside, where there are some. */
  noqa: Record<string, string[]>;
}
const FORMAT = 1;

/** What a lint of one file gave, and what it read of other modules (module name, state then). */
export interface CachedLint {
  key: string;
  reads: Array<[string, string]>;
  findings: Finding[];
  notes: Note[];
  warnings?: string[];
  /** The findings once the workspace conditions were decided, in a workspace whose state was `workspace`. */
  final?: { workspace: string; findings: Finding[]; leftToRuff?: number };
}

interface Entry {
  /** Hash of the file's text, with its module name. */
  hash: string;
  lint?: CachedLint;
}

/** Summaries are kept apart, as they are larger and a run over an unchanged tree needs none. */
interface SummaryEntry {
  hash: string;
  summary: ModuleSummary;
}

interface CacheFile<T> {
  format: number;
  tool: string;
  entries: Record<string, T>;
  plan?: CachedPlan;
}

/** JSON with object keys sorted and Maps and Sets as sorted arrays: equal values, equal text. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Map) return [...x.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    if (x instanceof Set) return [...x].sort();
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return x;
  });
}

export function sha1(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The build of the tool that runs: its version and the hash of the bundle it runs from
 * (rules and analysis included). Undefined when it runs from sources (tests under tsx):
 * nothing then tells one state of the code from the next, so no cache is used.
 */
export function toolFingerprint(version: string, codes: Iterable<string>): string | undefined {
  if (!/-bundle\.js$/.test(__filename)) return undefined;
  try {
    return `${version}+${sha1(fs.readFileSync(__filename)).slice(0, 16)}:${sha1([...codes].sort().join(','))}`;
  } catch {
    return undefined;
  }
}

/** Summaries from JSON: their tables again without a prototype, as the analysis builds them (a function named `constructor`). */
function reviveSummary(s: ModuleSummary): ModuleSummary {
  const bare = <T>(o: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, o);
  const classes = bare(s.classes);
  for (const k of Object.keys(classes)) classes[k] = { ...classes[k], methods: bare(classes[k].methods) };
  return { ...s, bindings: bare(s.bindings), functions: bare(s.functions), classes };
}

function readCacheFile<T>(file: string, tool: string): CacheFile<T> {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile<T>;
    if (data && data.format === FORMAT && data.tool === tool && data.entries && typeof data.entries === 'object') return { ...data, entries: Object.assign(Object.create(null), data.entries) };
  } catch {
    // none yet, or unusable: rebuilt by this run
  }
  return { format: FORMAT, tool, entries: Object.create(null) };
}

export class LintCache {
  /** Summary shards, each read when a file of it is first asked about. */
  private readonly summaries: Array<Record<string, SummaryEntry> | undefined> = [];
  private readonly summariesDirty = new Set<number>();
  private files?: CacheFile<FileEntry>;
  private dirty = false;
  private filesDirty = false;
  private readonly seen = new Set<string>();

  private constructor(
    readonly dir: string,
    private readonly tool: string,
    /** Before the file names: each front end (CLI, language server) keeps its own files, built from its own bundle. */
    private readonly prefix: string,
    private readonly entries: Record<string, Entry>,
  ) {}

  /** Opens the cache in `dir`; anything unreadable, corrupt or of another build starts empty. */
  static open(dir: string, tool: string, prefix = ''): LintCache {
    return new LintCache(dir, tool, prefix, readCacheFile<Entry>(path.join(dir, prefix + LINTS), tool).entries);
  }

  private summaryTable(shard: number): Record<string, SummaryEntry> {
    return (this.summaries[shard] ??= readCacheFile<SummaryEntry>(path.join(this.dir, this.prefix + shardFile(shard)), this.tool).entries);
  }

  private fileTable(): CacheFile<FileEntry> {
    return (this.files ??= readCacheFile<FileEntry>(path.join(this.dir, this.prefix + FILES), this.tool));
  }

  /** What the file's bytes gave when it last had this stat. */
  fileFacts(file: string, stat: string): FileFacts | undefined {
    const e = this.fileTable().entries[file];
    if (!e || e.stat !== stat || typeof e.hash !== 'string' || typeof e.longest !== 'number') return undefined;
    this.seen.add(file);
    return e;
  }

  putFileFacts(file: string, stat: string, facts: FileFacts): void {
    this.seen.add(file);
    const old = this.fileTable().entries[file];
    if (old?.stat === stat && old.hash === facts.hash && old.longest === facts.longest && !old.binary === !facts.binary) return;
    this.fileTable().entries[file] = { stat, ...facts };
    this.filesDirty = true;
  }

  /** The work order of the last run, when its inputs had this key. */
  plan(key: string): CachedPlan | undefined {
    const p = this.fileTable().plan;
    return p?.key === key && Array.isArray(p.order) && Array.isArray(p.eager) && p.noqa && typeof p.noqa === 'object' ? p : undefined;
  }

  putPlan(plan: CachedPlan): void {
    if (this.fileTable().plan?.key === plan.key) return;
    this.fileTable().plan = plan;
    this.filesDirty = true;
  }

  /** The summary kept for a file whose text (and module) hash is `hash`. */
  summary(file: string, hash: string): ModuleSummary | undefined {
    const e = this.summaryTable(shardOf(file))[file];
    if (!e || e.hash !== hash || !e.summary || typeof e.summary !== 'object') return undefined;
    try {
      return reviveSummary(e.summary);
    } catch {
      return undefined;
    }
  }

  /** The lint kept for a file, when its text, key and every module it read are as they were. */
  lint(file: string, hash: string, key: string, stateOf: (module: string) => string): CachedLint | undefined {
    const e = this.entries[file];
    const l = e?.lint;
    if (!e || e.hash !== hash || !l || l.key !== key || !Array.isArray(l.reads) || !Array.isArray(l.findings) || !Array.isArray(l.notes)) return undefined;
    for (const r of l.reads) if (!Array.isArray(r) || stateOf(r[0]) !== r[1]) return undefined;
    this.seen.add(file);
    return l;
  }

  /** Records a file's lint (when linted or decided in this run) and its summary. */
  put(file: string, hash: string, summary: ModuleSummary | undefined, lint?: CachedLint): void {
    this.seen.add(file);
    const old = this.entries[file];
    if (lint && (old?.hash !== hash || old.lint !== lint || lint.final !== old.lint?.final)) {
      this.entries[file] = { hash, lint };
      this.dirty = true;
    }
    if (!summary) return;
    const shard = shardOf(file);
    const table = this.summaryTable(shard);
    if (table[file]?.hash !== hash) {
      table[file] = { hash, summary };
      this.summariesDirty.add(shard);
    }
  }

  /** Writes the cache when this run changed it: entries of files gone from the disk are dropped. */
  save(): void {
    for (const f of Object.keys(this.entries)) {
      if (!this.seen.has(f) && !fs.existsSync(f)) {
        delete this.entries[f];
        this.dirty = true;
      }
    }
    this.summaries.forEach((table, shard) => {
      for (const f of Object.keys(table ?? {})) {
        if (!this.seen.has(f) && !fs.existsSync(f)) {
          delete table![f];
          this.summariesDirty.add(shard);
        }
      }
    });
    for (const f of Object.keys(this.files?.entries ?? {})) {
      if (!this.seen.has(f) && !fs.existsSync(f)) {
        delete this.files!.entries[f];
        this.filesDirty = true;
      }
    }
    if (!this.dirty && this.summariesDirty.size === 0 && !this.filesDirty) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const ignore = path.join(this.dir, '.gitignore');
      if (!fs.existsSync(ignore)) writeAtomic(ignore, '# Created by fastapi-perf-lint: the cache is not committed.\n*\n');
      for (const shard of [...this.summariesDirty].sort((a, b) => a - b)) writeCacheFile(path.join(this.dir, this.prefix + shardFile(shard)), { format: FORMAT, tool: this.tool, entries: this.summaries[shard]! });
      fs.rmSync(path.join(this.dir, this.prefix + OLD_SUMMARIES), { force: true });
      if (this.dirty) writeCacheFile(path.join(this.dir, this.prefix + LINTS), { format: FORMAT, tool: this.tool, entries: this.entries });
      if (this.filesDirty && this.files) writeCacheFile(path.join(this.dir, this.prefix + FILES), this.files);
      this.dirty = this.filesDirty = false;
      this.summariesDirty.clear();
    } catch {
      // A read-only project: no cache, the next run lints everything again.
    }
  }
}
/** Writes a whole file or nothing: readers see the old file or the new one. */
function writeAtomic(file: string, text: string): void {
  writeAtomicWith(file, (fd) => writeAll(fd, text));
}

/** `writeSync` may write part of a buffer: loop until all of it is out. */
function writeAll(fd: number, text: string): void {
  const b = Buffer.from(text, 'utf8');
  for (let off = 0; off < b.length; ) off += fs.writeSync(fd, b, off, b.length - off);
}

function writeAtomicWith(file: string, write: (fd: number) => void): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      write(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * A cache file as `JSON.stringify` writes it, its entries one at a time: the summaries of a
 * large project are tens of megabytes of JSON, and one string of them raised the peak
 * memory of a cold run by a third.
 */
function writeCacheFile<T>(file: string, data: CacheFile<T>): void {
  const { entries, ...head } = data;
  writeAtomicWith(file, (fd) => {
    const open = JSON.stringify({ ...head, entries: {} });
    let chunk = open.slice(0, -2);
    let first = true;
    for (const [k, v] of Object.entries(entries)) {
      const json = JSON.stringify(v);
      if (json === undefined) continue;
      chunk += `${first ? '' : ','}${JSON.stringify(k)}:${json}`;
      first = false;
      if (chunk.length > 1 << 20) {
        writeAll(fd, chunk);
        chunk = '';
      }
    }
    writeAll(fd, chunk + '}}');
  });
}
