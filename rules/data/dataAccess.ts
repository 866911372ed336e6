// Database libraries, as data, for the FPL3xx rules: sessions and connections and what
// they do, statement builders, engine factories, pagination helpers.

export const SELECT_FUNCTIONS: ReadonlySet<string> = new Set(['sqlalchemy.select', 'sqlmodel.select']);

/** Methods that run a statement and return its rows (the statement is their first argument). */
export const EXECUTE_METHODS: ReadonlySet<string> = new Set(['execute', 'scalars', 'exec', 'stream', 'stream_scalars']);

/** Chain links that bound the number of rows a statement or query returns. */
export const BOUND_LINKS: ReadonlySet<string> = new Set(['limit', 'slice', 'fetch', 'paginate', 'first', 'get', 'one', 'one_or_none', 'scalar', 'scalar_one', 'scalar_one_or_none', 'fetchone', 'fetchmany', 'get_or_none', 'count', 'exists', 'delete', 'update', 'subquery', 'scalar_subquery', 'cte', 'alias']);

/** Statement links that filter rows (their arguments are conditions). */
export const FILTER_LINKS: ReadonlySet<string> = new Set(['where', 'filter']);

/** Conjunctions of SQLAlchemy conditions. */
export const AND_FUNCTIONS: ReadonlySet<string> = new Set(['sqlalchemy.and_', 'sqlmodel.and_']);

/** Chain links that turn a result into every row. */
export const COLLECT_LINKS: ReadonlySet<string> = new Set(['all', 'fetchall', 'partitions', 'to_list']);

/** Calls that fold rows into one value (a count, a total): rows handed to them are not a page's worth. */
export const AGGREGATORS: ReadonlySet<string> = new Set([
  'builtins.len',
  'builtins.sum',
  'builtins.min',
  'builtins.max',
  'builtins.any',
  'builtins.all',
  'collections.Counter',
  'math.fsum',
  'statistics.mean',
  'statistics.fmean',
  'statistics.median',
]);

/** Legacy `Session.query(...)` on these session types. */
export const QUERY_SESSIONS: ReadonlySet<string> = new Set(['sqlalchemy.orm.Session', 'sqlalchemy.orm.scoped_session']);

/** Mongo collections whose `find()` returns a cursor over every matching document. */
export const MONGO_COLLECTIONS: ReadonlySet<string> = new Set(['pymongo.collection.Collection', 'motor.motor_asyncio.AsyncIOMotorCollection']);

/** ORM class methods that build a query set over every row (Tortoise, ormar, Beanie). */
export const ORM_COLLECTIONS: ReadonlySet<string> = new Set([
  'tortoise.Model.all',
  'tortoise.Model.filter',
  'tortoise.Model.exclude',
  'ormar.Model.objects.all',
  'ormar.Model.objects.filter',
  'ormar.Model.objects.exclude',
  'beanie.Document.find_all',
  'beanie.Document.find',
  'beanie.Document.find_many',
]);

/** Route parameters that limit how many rows come back (FPL301, FPL302). */
export const LIMIT_PARAMS: ReadonlySet<string> = new Set(['limit', 'page_size', 'per_page', 'size', 'take', 'count', 'pagesize', 'max_results', 'top', 'first']);

/** Upper-bound names FPL302 checks (a subset: `top`/`first` are too often something else). */
export const LIMIT_PARAMS_STRICT: ReadonlySet<string> = new Set(['limit', 'page_size', 'per_page', 'size', 'take', 'count']);

/** Modules whose helpers paginate (a route calling one is bounded). */
export const PAGINATION_MODULES = /^fastapi_pagination(\.|$)/;

export const ENGINE_FACTORIES: ReadonlySet<string> = new Set(['sqlalchemy.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine', 'sqlmodel.create_engine']);

/** `create_engine` keywords that show the pool was configured (FPL303). */
export const POOL_KEYWORDS: ReadonlySet<string> = new Set(['pool_size', 'max_overflow', 'pool_recycle', 'pool_pre_ping', 'poolclass', 'pool', 'creator', 'pool_timeout', 'pool_use_lifo']);

/** Sessions and connections a dependency must release, with the call that does it. */
export const RELEASABLE: Record<string, { close: string; async: boolean }> = {
  'sqlalchemy.orm.Session': { close: 'close', async: false },
  'sqlalchemy.ext.asyncio.AsyncSession': { close: 'close', async: true },
  'sqlalchemy.Connection': { close: 'close', async: false },
  'sqlalchemy.ext.asyncio.AsyncConnection': { close: 'close', async: true },
  'asyncpg.Connection': { close: 'close', async: true },
  'psycopg2.extensions.connection': { close: 'close', async: false },
  'psycopg.Connection': { close: 'close', async: false },
  'psycopg.AsyncConnection': { close: 'close', async: true },
  'sqlite3.Connection': { close: 'close', async: false },
  'aiosqlite.Connection': { close: 'close', async: true },
  'pymysql.connections.Connection': { close: 'close', async: false },
  'MySQLdb.connections.Connection': { close: 'close', async: false },
  'mysql.connector.MySQLConnection': { close: 'close', async: false },
};

/** Methods that make a database round trip, by receiver class (FPL305); subclasses included. */
export const DB_METHODS: Record<string, ReadonlySet<string>> = {
  'sqlalchemy.orm.Session': new Set(['execute', 'scalars', 'scalar', 'get', 'get_one', 'query', 'refresh', 'merge', 'flush', 'commit', 'exec']),
  'sqlalchemy.ext.asyncio.AsyncSession': new Set(['execute', 'scalars', 'scalar', 'get', 'get_one', 'refresh', 'merge', 'flush', 'commit', 'stream', 'stream_scalars', 'exec']),
  'sqlalchemy.Connection': new Set(['execute', 'scalars', 'scalar', 'exec_driver_sql', 'commit']),
  'sqlalchemy.ext.asyncio.AsyncConnection': new Set(['execute', 'scalars', 'scalar', 'exec_driver_sql', 'stream', 'commit']),
  'pymongo.collection.Collection': new Set(['find', 'find_one', 'count_documents', 'aggregate', 'insert_one', 'update_one', 'update_many', 'delete_one', 'delete_many', 'replace_one', 'find_one_and_update', 'find_one_and_replace', 'find_one_and_delete', 'distinct']),
  'motor.motor_asyncio.AsyncIOMotorCollection': new Set(['find_one', 'count_documents', 'insert_one', 'update_one', 'update_many', 'delete_one', 'delete_many', 'replace_one', 'find_one_and_update', 'find_one_and_replace', 'find_one_and_delete', 'distinct']),
  'asyncpg.Connection': new Set(['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany']),
  'asyncpg.Pool': new Set(['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany']),
  'databases.Database': new Set(['fetch_all', 'fetch_one', 'fetch_val', 'execute', 'execute_many']),
  'sqlite3.Connection': new Set(['execute', 'executemany']),
  'sqlite3.Cursor': new Set(['execute', 'executemany']),
  'psycopg2.extensions.cursor': new Set(['execute', 'executemany']),
  'psycopg.Connection': new Set(['execute']),
  'psycopg.Cursor': new Set(['execute', 'executemany']),
  'pymysql.cursors.Cursor': new Set(['execute', 'executemany']),
  'MySQLdb.cursors.Cursor': new Set(['execute', 'executemany']),
  'mysql.connector.cursor.MySQLCursor': new Set(['execute', 'executemany']),
};

/** ORM class methods that make a round trip (FPL305). */
export const ORM_QUERIES: ReadonlySet<string> = new Set([
  'tortoise.Model.get',
  'tortoise.Model.get_or_none',
  'tortoise.Model.filter',
  'tortoise.Model.all',
  'tortoise.Model.create',
  'tortoise.Model.exists',
  'ormar.Model.objects.get',
  'ormar.Model.objects.get_or_none',
  'ormar.Model.objects.filter',
  'ormar.Model.objects.all',
  'beanie.Document.get',
  'beanie.Document.find_one',
  'beanie.Document.find',
]);

/** Statement builders whose first argument is the table they act on (`insert(table)`, `delete(table)`). */
export const STATEMENT_BUILDERS = /^sqlalchemy(\.dialects\.[a-z_]+)?(\.sql(\.expression)?)?\.(insert|update|delete|select)$/;

/** Table methods that build a statement on that table (`table.delete()`, `table.select()`). */
export const TABLE_STATEMENTS: ReadonlySet<string> = new Set(['insert', 'update', 'delete', 'select']);

/** Schema (DDL) statements: `DropTable(t)`, `CreateIndex(i)`, `AddConstraint(c)`. */
export const DDL_ELEMENTS = /^sqlalchemy(\.schema|\.sql\.ddl)?\.(DDL|(Create|Drop|Add)[A-Z][A-Za-z]*)$/;
