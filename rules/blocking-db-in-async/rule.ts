import type { Rule } from '../../server/src/ruleApi/rule';
import { checkBlockingFamily } from '../shared/blockingFamily';

export const rule: Rule = {
  meta: {
    code: 'FPL103',
    id: 'blocking-db-in-async',
    family: 'event-loop',
    severity: 'error',
    // Off by default (issue 16): on 13 public FastAPI services 2 of 12 sampled findings were worth
    // fixing; the rest were single round trips on admin, signup and error paths, which the code
    // does not tell apart from hot ones. A route that never awaits is still reported (FPL107).
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: 'A sync database call (SQLAlchemy sync `Session`/`Connection`/`Engine`, `sqlite3`, `psycopg2`, sync `psycopg`, `pymysql`, `MySQLdb`, `mysql.connector`, `pymongo`, sync `redis.Redis` and its pub/sub and locks, sync `Elasticsearch`/`OpenSearch`, the sync Supabase client\'s `.execute()`, SQLAlchemy reflection through `inspect(engine)`) inside an `async def`.',
      why: 'A sync driver waits for the database on the calling thread; in an `async def` that is the event loop, so every other request of the worker waits for this query. The most common case is a sync SQLAlchemy `Session` injected with `Depends(get_db)` into an `async def` route: FastAPI runs `async def` routes on the loop and only `def` routes in the threadpool. The receiver is recognised through its type (annotations, `Depends(...)` yield types, `sqlite3.connect(...)` results, `redis.Redis()`), never by its name: an `AsyncSession`, `redis.asyncio.Redis`, Motor, `AsyncElasticsearch`, Supabase\'s `AsyncClient`, and every awaited call are left alone. `inspect(engine).get_schema_names()` and the other reflection methods query the database\'s catalog each time. Off by default: on 13 public FastAPI services most findings were single round trips on admin, signup and error paths, and the code does not tell those apart from hot paths; select `FPL103` to audit every sync database call in async code. A route that never awaits is reported either way (FPL107).',
      example: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy import select',
        'from sqlalchemy.orm import Session',
        '',
        'from .db import Item, get_db',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/items/{item_id}")',
        'async def read_item(item_id: int, db: Session = Depends(get_db)):',
        '    return db.get(Item, item_id)',
      ].join('\n'),
      useInstead: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy.orm import Session',
        '',
        'from .db import Item, get_db',
        '',
        'app = FastAPI()',
        '',
        '# A sync route: FastAPI runs it in the threadpool. (Or use an AsyncSession and await.)',
        '@app.get("/items/{item_id}")',
        'def read_item(item_id: int, db: Session = Depends(get_db)):',
        '    return db.get(Item, item_id)',
      ].join('\n'),
      fixSafety: 'Unsafe, and offered only for a route whose body has no `await`, `async for`, `async with` or async-library call: `async` is removed so FastAPI runs the route in its threadpool. Code that awaits the route function directly (tests) would need changing.',
      references: ['https://fastapi.tiangolo.com/async/#path-operation-functions', 'https://docs.sqlalchemy.org/en/20/orm/extensions/asyncio.html'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'db', waits: 'while it waits for the database', fix: 'sync-route' });
  },
};
