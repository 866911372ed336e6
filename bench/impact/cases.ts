// The impact bench's cases: one small app per rule (cases/<dir>/app.py, with a /slow route
// that has the finding and an unrelated /fast route), and how its "after" is made.
export interface Case {
  code: string;
  dir: string;
  /** What the slow route does, for the table. */
  title: string;
  /**
   * How the "after" app is made: the CLI's safe fixes, its unsafe fixes too, or by hand
   * (cases/<dir>/after.py) where the rule has no fix.
   */
  after: 'fix' | 'unsafe-fix' | 'hand';
  /** An event-loop finding: also measure /fast while /slow is loaded. */
  eventLoop: boolean;
  /** Only on stacks whose FastAPI is at least this. */
  minFastapi?: string;
}

export const CASES: Case[] = [
  { code: 'FPL101', dir: 'fpl101', title: '`time.sleep(0.02)` in `async def`', after: 'fix', eventLoop: true },
  { code: 'FPL102', dir: 'fpl102', title: 'a 20 ms API called with a shared sync `httpx.Client` in `async def`', after: 'unsafe-fix', eventLoop: true },
  { code: 'FPL103', dir: 'fpl103', title: 'sync SQLAlchemy `Session` query (SQLite, 100k rows scanned) in `async def`', after: 'unsafe-fix', eventLoop: true },
  { code: 'FPL104', dir: 'fpl104', title: '`Path.read_bytes()` of a 5 MB file (page cache) in `async def`', after: 'unsafe-fix', eventLoop: true },
  { code: 'FPL108', dir: 'fpl108', title: 'route -> helper -> helper -> shared sync `httpx.Client` (20 ms API)', after: 'unsafe-fix', eventLoop: true },
  { code: 'FPL301', dir: 'fpl301', title: 'list route returning all 1000 rows (after: a page of 100)', after: 'unsafe-fix', eventLoop: false },
  { code: 'FPL501', dir: 'fpl501', title: '`BaseSettings` (8 fields, .env) built per request', after: 'fix', eventLoop: false },
  { code: 'FPL110', dir: 'fpl110', title: '`httpx.AsyncClient()` per request (after: one in lifespan)', after: 'hand', eventLoop: false },
  { code: 'FPL109', dir: 'fpl109', title: 'two helpers, each a 20 ms call through a shared `httpx.AsyncClient`, awaited in sequence (after: gather)', after: 'unsafe-fix', eventLoop: false },
  {
    code: 'FPL206',
    dir: 'fpl206',
    title: '500 models, `-> list[Item]` with `response_class=JSONResponse` (after: the default class)',
    after: 'unsafe-fix',
    eventLoop: false,
    minFastapi: '0.130',
  },
];

export function howLabel(c: Case): string {
  return c.after === 'fix' ? '--fix' : c.after === 'unsafe-fix' ? '--fix --unsafe-fixes' : 'by hand';
}
