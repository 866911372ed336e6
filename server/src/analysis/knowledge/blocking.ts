// Blocking calls, as data: qualified name (a function, or a class's method for calls
// on typed receivers; `Type.*` for every method of a class) -> family and what to use
// instead. One table per family, in the files imported below; the event-loop rules
// and the transitive analysis (call graph) read them through `classifyBlocking`.
import { CPU } from './blockingCpu';
import { DB, DB_LAZY, DB_NON_BLOCKING } from './blockingDb';
import { FILE, FILE_METADATA, FILE_TREE, LAZY_ITERATORS } from './blockingFile';
import { HTTP, HTTP_NON_BLOCKING } from './blockingHttp';
import { NETWORK, NETWORK_LAZY, NETWORK_NON_BLOCKING } from './blockingNetwork';
import { SUBPROCESS } from './blockingSubprocess';
import { WAIT, WAIT_LAZY } from './blockingWait';
import { EXTERNAL_BASES } from './types';

export type BlockingFamily = 'sleep' | 'http' | 'db' | 'file' | 'subprocess' | 'cpu';

/**
 * What a blocking call costs the event loop. `heavy`: network, subprocess, sleep, database
 * round trips, CPU-heavy work, whole folder trees. `file`: one file's content, whose size the
 * code rarely shows (`report-file-io`). `light`: a stat-like system call, microseconds on a
 * local disk (`report-light-io`). Only heavy calls count by default.
 */
export type BlockingCost = 'heavy' | 'file' | 'light';

export interface BlockingEntry {
  family: BlockingFamily;
  /** What to call instead, shown in messages. */
  instead: string;
  cost: BlockingCost;
}

/** What a classification takes into account: user-declared calls, and which cost classes beyond heavy count. */
export interface BlockingPolicy {
  readonly extendBlockingCalls: ReadonlyMap<string, BlockingEntry>;
  readonly reportFileIo: boolean;
  readonly reportLightIo: boolean;
}

/** Rule code for each family. */
export const FAMILY_CODE: Record<BlockingFamily, string> = {
  sleep: 'FPL101',
  http: 'FPL102',
  db: 'FPL103',
  file: 'FPL104',
  subprocess: 'FPL105',
  cpu: 'FPL106',
};

function table(family: BlockingFamily, entries: Record<string, string>, cost: BlockingCost = 'heavy'): Record<string, BlockingEntry> {
  const out: Record<string, BlockingEntry> = {};
  for (const [q, instead] of Object.entries(entries)) out[q] = { family, instead, cost };
  return out;
}

const SLEEP = table('sleep', {
  'time.sleep': 'await asyncio.sleep(...)',
  ...WAIT,
});

/**
 * How much a blocking call can cost, to pick the heaviest of several: a network or process
 * wait has no bound, a database round trip and CPU work take milliseconds, a folder tree
 * what its files add up to, one file or one stat-like call less.
 */
export function costRank(e: BlockingEntry): number {
  if (e.cost === 'light') return 0;
  if (e.cost === 'file') return 1;
  return e.family === 'http' || e.family === 'subprocess' ? 5 : e.family === 'db' ? 4 : e.family === 'file' ? 2 : 3;
}

/**
 * Whether the call waits on something outside the process (sleep, network, subprocess,
 * database): it stalls every request of the worker for as long, so findings that rest on
 * it are errors; CPU work and the file system are warnings (CONTRIBUTING, severity policy).
 */
export function waitsOutside(e: BlockingEntry): boolean {
  return e.family === 'sleep' || e.family === 'http' || e.family === 'subprocess' || e.family === 'db';
}

/** All families merged. */
export const BLOCKING: Record<string, BlockingEntry> = {
  ...SLEEP,
  ...table('http', HTTP),
  ...table('http', NETWORK),
  ...table('db', DB),
  ...table('file', FILE_TREE),
  ...table('file', FILE, 'file'),
  ...table('file', FILE_METADATA, 'light'),
  ...table('subprocess', SUBPROCESS),
  ...table('cpu', CPU),
};

/** Methods that a `Type.*` entry would otherwise cover but that do no I/O. */
const NON_BLOCKING: ReadonlySet<string> = new Set([...DB_NON_BLOCKING, ...HTTP_NON_BLOCKING, ...NETWORK_NON_BLOCKING]);

/**
 * Calls that return a lazy iterator or pager: the I/O happens while the caller iterates,
 * so running the call itself in a thread moves nothing off the loop.
 */
export const LAZY_CALLS: ReadonlySet<string> = new Set([...LAZY_ITERATORS, ...NETWORK_LAZY, ...DB_LAZY, ...WAIT_LAZY]);

function lookup(q: string, extra: ReadonlyMap<string, BlockingEntry> | undefined, seen: Set<string>): BlockingEntry | undefined {
  const hit = BLOCKING[q] ?? extra?.get(q);
  if (hit) return hit;
  const dot = q.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const owner = q.slice(0, dot);
  if (seen.has(owner)) return undefined;
  seen.add(owner);
  if (!NON_BLOCKING.has(q)) {
    const any = BLOCKING[`${owner}.*`] ?? extra?.get(`${owner}.*`);
    if (any) return any;
  }
  // A library class inherits its bases' methods (sqlmodel.Session from sqlalchemy.orm.Session).
  for (const base of EXTERNAL_BASES[owner] ?? []) {
    const inherited = lookup(`${base}${q.slice(dot)}`, extra, seen);
    if (inherited) return inherited;
  }
  return undefined;
}

const namesCache = new Map<string, Set<string> | null>();

/**
 * Last segments of the callee names a family can match (`sleep` for `time.sleep`), or null
 * when a `Type.*` entry makes any method name possible. Lets rules skip resolving calls whose
 * name no table entry has.
 */
export function familyNames(family: BlockingFamily, extra?: ReadonlyMap<string, BlockingEntry>): Set<string> | null {
  const key = family + (extra && extra.size ? `|${[...extra.keys()].join(',')}` : '');
  if (namesCache.has(key)) return namesCache.get(key)!;
  let out: Set<string> | null = new Set();
  const entries: Array<[string, BlockingEntry]> = [...Object.entries(BLOCKING), ...(extra ?? new Map())];
  for (const [q, e] of entries) {
    if (e.family !== family) continue;
    const last = q.slice(q.lastIndexOf('.') + 1);
    if (last === '*') {
      out = null;
      break;
    }
    out.add(last);
  }
  namesCache.set(key, out);
  return out;
}

/**
 * Blocking classification for a qualified callee name, with user extensions (config
 * `extend-blocking-calls`); file and light calls only when the policy reports them.
 */
export function classifyBlocking(q: string, policy: BlockingPolicy): BlockingEntry | undefined {
  const hit = lookup(q, policy.extendBlockingCalls, new Set());
  if (!hit) return undefined;
  return hit.cost === 'heavy' || (hit.cost === 'file' ? policy.reportFileIo : policy.reportLightIo) ? hit : undefined;
}
