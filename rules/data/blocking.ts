// Blocking calls, as data: qualified name (a function, or a class's method for calls
// on typed receivers) -> family and what to use instead. One table per family; the
// event-loop rules and the transitive analysis read them through `classifyBlocking`.

export type BlockingFamily = 'sleep' | 'http' | 'db' | 'file' | 'subprocess' | 'cpu';

export interface BlockingEntry {
  family: BlockingFamily;
  /** What to call instead, shown in messages. */
  instead: string;
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

function table(family: BlockingFamily, entries: Record<string, string>): Record<string, BlockingEntry> {
  const out: Record<string, BlockingEntry> = {};
  for (const [q, instead] of Object.entries(entries)) out[q] = { family, instead };
  return out;
}

export const SLEEP = table('sleep', {
  'time.sleep': 'await asyncio.sleep(...)',
});

/** All families merged; the other families' tables are added by their rules' data files. */
export const BLOCKING: Record<string, BlockingEntry> = {
  ...SLEEP,
};

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

/** Blocking classification for a qualified callee name, with user extensions (config `extend-blocking-calls`). */
export function classifyBlocking(q: string, extra?: ReadonlyMap<string, BlockingEntry>): BlockingEntry | undefined {
  const hit = BLOCKING[q] ?? extra?.get(q);
  if (hit) return hit;
  // `Type.*` entries cover every method of a class (sync DB connections, for instance).
  const dot = q.lastIndexOf('.');
  if (dot > 0) return BLOCKING[`${q.slice(0, dot)}.*`] ?? extra?.get(`${q.slice(0, dot)}.*`);
  return undefined;
}
