// What the analysis knows about library types, as data: the canonical public name of
// re-exported or private names, what calls return, which library classes derive
// from which. Extend here; no rule code needs to change.

/** Private or alternative paths mapped to the public name the rule tables use (longest prefix wins). */
export const CANONICAL: Record<string, string> = {
  'requests.api': 'requests',
  'requests.sessions.Session': 'requests.Session',
  'requests.sessions.session': 'requests.session',
  'httpx._api': 'httpx',
  'httpx._client.Client': 'httpx.Client',
  'httpx._client.AsyncClient': 'httpx.AsyncClient',
  'urllib3.poolmanager.PoolManager': 'urllib3.PoolManager',
  'urllib3.poolmanager.ProxyManager': 'urllib3.ProxyManager',
  'urllib3.connectionpool.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connectionpool.HTTPSConnectionPool': 'urllib3.HTTPSConnectionPool',
  'urllib3.connectionpool.ConnectionPool': 'urllib3.ConnectionPool',
  'httpx2._client.Client': 'httpx2.Client',
  'aiohttp.client.ClientSession': 'aiohttp.ClientSession',
  'sqlalchemy.orm.session.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.session.sessionmaker': 'sqlalchemy.orm.sessionmaker',
  'sqlalchemy.orm.scoping.scoped_session': 'sqlalchemy.orm.scoped_session',
  'sqlalchemy.engine.base.Engine': 'sqlalchemy.Engine',
  'sqlalchemy.engine.base.Connection': 'sqlalchemy.Connection',
  'sqlalchemy.engine.Engine': 'sqlalchemy.Engine',
  'sqlalchemy.engine.Connection': 'sqlalchemy.Connection',
  'sqlalchemy.engine.create_engine': 'sqlalchemy.create_engine',
  'sqlalchemy.engine.create.create_engine': 'sqlalchemy.create_engine',
  'sqlalchemy.future.select': 'sqlalchemy.select',
  'sqlalchemy.sql.select': 'sqlalchemy.select',
  'sqlalchemy.sql.expression.select': 'sqlalchemy.select',
  'sqlalchemy.ext.asyncio.session.AsyncSession': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.session.async_sessionmaker': 'sqlalchemy.ext.asyncio.async_sessionmaker',
  'sqlalchemy.ext.asyncio.engine.create_async_engine': 'sqlalchemy.ext.asyncio.create_async_engine',
  'sqlalchemy.ext.asyncio.engine.AsyncEngine': 'sqlalchemy.ext.asyncio.AsyncEngine',
  'sqlmodel.orm.session.Session': 'sqlmodel.Session',
  'sqlmodel.main.SQLModel': 'sqlmodel.SQLModel',
  'sqlmodel.sql.expression.select': 'sqlmodel.select',
  'redis.client.Redis': 'redis.Redis',
  'redis.client.StrictRedis': 'redis.Redis',
  'redis.StrictRedis': 'redis.Redis',
  'redis.asyncio.client.Redis': 'redis.asyncio.Redis',
  'redis.asyncio.StrictRedis': 'redis.asyncio.Redis',
  'pymongo.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.collection.Collection': 'pymongo.collection.Collection',
  'psycopg2.extensions.connection': 'psycopg2.extensions.connection',
  'fastapi.applications.FastAPI': 'fastapi.FastAPI',
  'fastapi.routing.APIRouter': 'fastapi.APIRouter',
  'fastapi.param_functions.Depends': 'fastapi.Depends',
  'fastapi.param_functions.Security': 'fastapi.Security',
  'fastapi.params.Depends': 'fastapi.Depends',
  'fastapi.params.Security': 'fastapi.Security',
  'fastapi.param_functions.Query': 'fastapi.Query',
  'fastapi.params.Query': 'fastapi.Query',
  'fastapi.param_functions.Path': 'fastapi.Path',
  'starlette.responses': 'fastapi.responses',
  'fastapi.JSONResponse': 'fastapi.responses.JSONResponse',
  'starlette.concurrency.run_in_threadpool': 'fastapi.concurrency.run_in_threadpool',
  'starlette.applications.Starlette': 'starlette.applications.Starlette',
  'starlette.middleware.base.BaseHTTPMiddleware': 'starlette.middleware.base.BaseHTTPMiddleware',
  'pydantic.main.BaseModel': 'pydantic.BaseModel',
  'pydantic.v1.BaseModel': 'pydantic.v1.BaseModel',
  'pydantic.type_adapter.TypeAdapter': 'pydantic.TypeAdapter',
  'pydantic_settings.main.BaseSettings': 'pydantic_settings.BaseSettings',
  'asyncio.tasks.sleep': 'asyncio.sleep',
  'asyncio.threads.to_thread': 'asyncio.to_thread',
  'functools.lru_cache': 'functools.lru_cache',
  'passlib.context.CryptContext': 'passlib.context.CryptContext',
  'argon2.PasswordHasher': 'argon2.PasswordHasher',
  'argon2._password_hasher.PasswordHasher': 'argon2.PasswordHasher',
  'PIL.Image.Image': 'PIL.Image.Image',
  'pathlib._local.Path': 'pathlib.Path',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  'pathlib.PurePath': 'pathlib.PurePath',
  'anyio.to_thread.run_sync': 'anyio.to_thread.run_sync',
  'typing_extensions.Annotated': 'typing.Annotated',
  'urllib3.connectionpool.connection_from_url': 'urllib3.connection_from_url',
  'urllib3.poolmanager.proxy_from_url': 'urllib3.proxy_from_url',
  'psycopg.connection.Connection': 'psycopg.Connection',
  'psycopg.cursor.Cursor': 'psycopg.Cursor',
  'pymysql.Connection': 'pymysql.connections.Connection',
  'mysql.connector.connection.MySQLConnection': 'mysql.connector.MySQLConnection',
  'sqlite3.dbapi2': 'sqlite3',
  'redis.cluster.RedisCluster': 'redis.RedisCluster',
  'pymongo.synchronous.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.synchronous.database.Database': 'pymongo.database.Database',
  'pymongo.synchronous.collection.Collection': 'pymongo.collection.Collection',
  'pymongo.synchronous.cursor.Cursor': 'pymongo.cursor.Cursor',
  'boto3.session.Session': 'boto3.Session',
  'starlette.requests.Request': 'fastapi.Request',
  'fastapi.requests.Request': 'fastapi.Request',
  'asyncio.runners.run': 'asyncio.run',
  'asyncio.runners.Runner': 'asyncio.Runner',
  'asyncio.events.AbstractEventLoop': 'asyncio.AbstractEventLoop',
  'asyncio.events.new_event_loop': 'asyncio.new_event_loop',
  'asyncio.events.get_running_loop': 'asyncio.get_running_loop',
  'asyncpg.pool.Pool': 'asyncpg.Pool',
  'asyncpg.pool.create_pool': 'asyncpg.create_pool',
};

/** Calls whose result type the analysis tracks: callable -> class of the returned instance. */
export const RETURNS: Record<string, string> = {
  // Classes with lower-case names: calling them builds an instance.
  'sqlalchemy.orm.sessionmaker': 'sqlalchemy.orm.sessionmaker',
  'sqlalchemy.orm.scoped_session': 'sqlalchemy.orm.scoped_session',
  'sqlalchemy.ext.asyncio.async_sessionmaker': 'sqlalchemy.ext.asyncio.async_sessionmaker',
  'sqlalchemy.ext.asyncio.async_scoped_session': 'sqlalchemy.ext.asyncio.async_scoped_session',
  'requests.session': 'requests.Session',
  'sqlite3.connect': 'sqlite3.Connection',
  'sqlite3.Connection.cursor': 'sqlite3.Cursor',
  'sqlite3.Connection.execute': 'sqlite3.Cursor',
  'sqlite3.Connection.executemany': 'sqlite3.Cursor',
  'psycopg2.connect': 'psycopg2.extensions.connection',
  'psycopg2.extensions.connection.cursor': 'psycopg2.extensions.cursor',
  'psycopg2.pool.SimpleConnectionPool.getconn': 'psycopg2.extensions.connection',
  'psycopg2.pool.ThreadedConnectionPool.getconn': 'psycopg2.extensions.connection',
  'psycopg.connect': 'psycopg.Connection',
  'psycopg.Connection.connect': 'psycopg.Connection',
  'psycopg.Connection.cursor': 'psycopg.Cursor',
  'psycopg.Connection.execute': 'psycopg.Cursor',
  'pymysql.connect': 'pymysql.connections.Connection',
  'pymysql.connections.Connection.cursor': 'pymysql.cursors.Cursor',
  'MySQLdb.connect': 'MySQLdb.connections.Connection',
  'MySQLdb.connections.Connection.cursor': 'MySQLdb.cursors.Cursor',
  'mysql.connector.connect': 'mysql.connector.MySQLConnection',
  'mysql.connector.MySQLConnection.cursor': 'mysql.connector.cursor.MySQLCursor',
  'redis.from_url': 'redis.Redis',
  'redis.Redis.from_url': 'redis.Redis',
  'redis.Redis.pipeline': 'redis.client.Pipeline',
  'redis.asyncio.from_url': 'redis.asyncio.Redis',
  'redis.asyncio.Redis.from_url': 'redis.asyncio.Redis',
  'sqlalchemy.create_engine': 'sqlalchemy.Engine',
  'sqlmodel.create_engine': 'sqlalchemy.Engine',
  'sqlalchemy.Engine.connect': 'sqlalchemy.Connection',
  'sqlalchemy.Engine.begin': 'sqlalchemy.Connection',
  'sqlalchemy.orm.sessionmaker.__call__': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.sessionmaker.begin': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.scoped_session.__call__': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.Session.begin': 'sqlalchemy.orm.SessionTransaction',
  'sqlalchemy.ext.asyncio.create_async_engine': 'sqlalchemy.ext.asyncio.AsyncEngine',
  'sqlalchemy.ext.asyncio.async_sessionmaker.__call__': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.AsyncEngine.connect': 'sqlalchemy.ext.asyncio.AsyncConnection',
  'sqlalchemy.ext.asyncio.AsyncEngine.begin': 'sqlalchemy.ext.asyncio.AsyncConnection',
  'pymongo.MongoClient.get_database': 'pymongo.database.Database',
  'pymongo.MongoClient.get_default_database': 'pymongo.database.Database',
  'pymongo.database.Database.get_collection': 'pymongo.collection.Collection',
  'pathlib.Path.__truediv__': 'pathlib.Path',
  'pathlib.PurePath.__truediv__': 'pathlib.PurePath',
  'anyio.Path.__truediv__': 'anyio.Path',
  'pathlib.Path.cwd': 'pathlib.Path',
  'pathlib.Path.home': 'pathlib.Path',
  'pathlib.Path.joinpath': 'pathlib.Path',
  'pathlib.Path.resolve': 'pathlib.Path',
  'pathlib.Path.absolute': 'pathlib.Path',
  'pathlib.Path.with_name': 'pathlib.Path',
  'pathlib.Path.with_suffix': 'pathlib.Path',
  'pathlib.Path.expanduser': 'pathlib.Path',
  'PIL.Image.open': 'PIL.Image.Image',
  'PIL.Image.new': 'PIL.Image.Image',
  'PIL.Image.Image.resize': 'PIL.Image.Image',
  'PIL.Image.Image.convert': 'PIL.Image.Image',
  'PIL.Image.Image.copy': 'PIL.Image.Image',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.events.get_event_loop': 'asyncio.AbstractEventLoop',
  'builtins.open': 'io.TextIOWrapper',
  'io.open': 'io.TextIOWrapper',
  'pathlib.Path.open': 'io.TextIOWrapper',
  'urllib.request.build_opener': 'urllib.request.OpenerDirector',
  'urllib3.connection_from_url': 'urllib3.HTTPConnectionPool',
  'urllib3.proxy_from_url': 'urllib3.ProxyManager',
  'pymysql.Connect': 'pymysql.connections.Connection',
  'MySQLdb.Connect': 'MySQLdb.connections.Connection',
  'pymongo.collection.Collection.find': 'pymongo.cursor.Cursor',
  'boto3.client': 'botocore.client.BaseClient',
  'boto3.Session.client': 'botocore.client.BaseClient',
  'asyncpg.create_pool': 'asyncpg.Pool',
  'redis.asyncio.Redis.pipeline': 'redis.asyncio.client.Pipeline',
};

// Builtin constructors and the str methods that return strings or lists of them.
for (const t of ['str', 'int', 'float', 'bool', 'bytes', 'list', 'dict', 'set', 'tuple', 'frozenset']) RETURNS[`builtins.${t}`] = `builtins.${t}`;
for (const m of ['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold', 'replace', 'format', 'removeprefix', 'removesuffix', 'join', 'zfill', 'center', 'ljust', 'rjust']) RETURNS[`builtins.str.${m}`] = 'builtins.str';
for (const m of ['split', 'rsplit', 'splitlines']) RETURNS[`builtins.str.${m}`] = 'builtins.list';

/**
 * Methods of classes whose other attributes a `Type.*` entry of ATTRIBUTES types
 * (`client.shop` is a database, `client.list_database_names` a method).
 */
export const METHODS: Record<string, readonly string[]> = {
  'pymongo.MongoClient': ['get_database', 'get_default_database', 'list_database_names', 'list_databases', 'drop_database', 'server_info', 'start_session', 'close', 'watch', 'bulk_write'],
  'pymongo.database.Database': ['get_collection', 'command', 'cursor_command', 'list_collection_names', 'list_collections', 'create_collection', 'drop_collection', 'validate_collection', 'watch', 'aggregate', 'with_options', 'dereference'],
  'motor.motor_asyncio.AsyncIOMotorClient': ['get_database', 'get_default_database', 'list_database_names', 'list_databases', 'drop_database', 'server_info', 'start_session', 'close', 'watch'],
  'motor.motor_asyncio.AsyncIOMotorDatabase': ['get_collection', 'command', 'list_collection_names', 'list_collections', 'create_collection', 'drop_collection', 'validate_collection', 'watch', 'aggregate', 'with_options', 'dereference'],
};

/** Attribute (or item) access on an instance: `Type.*` matches any attribute. */
export const ATTRIBUTES: Record<string, string> = {
  'pymongo.MongoClient.*': 'pymongo.database.Database',
  'pymongo.database.Database.*': 'pymongo.collection.Collection',
  'motor.motor_asyncio.AsyncIOMotorClient.*': 'motor.motor_asyncio.AsyncIOMotorDatabase',
  'motor.motor_asyncio.AsyncIOMotorDatabase.*': 'motor.motor_asyncio.AsyncIOMotorCollection',
  'pathlib.Path.parent': 'pathlib.Path',
  'fastapi.FastAPI.router': 'fastapi.APIRouter',
};

/** Library classes deriving from other library classes the rules ask about. */
export const EXTERNAL_BASES: Record<string, string[]> = {
  'sqlmodel.SQLModel': ['pydantic.BaseModel'],
  'pydantic_settings.BaseSettings': ['pydantic.BaseModel'],
  'pydantic.BaseSettings': ['pydantic.BaseModel'],
  'sqlmodel.Session': ['sqlalchemy.orm.Session'],
  'pydantic.RootModel': ['pydantic.BaseModel'],
  'fastapi.responses.ORJSONResponse': ['fastapi.responses.JSONResponse'],
  'fastapi.responses.UJSONResponse': ['fastapi.responses.JSONResponse'],
  'http.client.HTTPSConnection': ['http.client.HTTPConnection'],
  'urllib3.ProxyManager': ['urllib3.PoolManager'],
  'urllib3.HTTPSConnectionPool': ['urllib3.HTTPConnectionPool'],
  'urllib3.ConnectionPool': ['urllib3._request_methods.RequestMethods'],
};

/** Decorators that leave a sync function a plain sync call (its body still runs when called). */
export const TRANSPARENT_DECORATORS: ReadonlySet<string> = new Set([
  'functools.lru_cache',
  'functools.cache',
  'functools.wraps',
  'builtins.staticmethod',
  'builtins.classmethod',
  'tenacity.retry',
  'backoff.on_exception',
  'backoff.on_predicate',
  'cachetools.cached',
  'cachetools.func.lru_cache',
  'cachetools.func.ttl_cache',
]);

/** Decorators that cache a function's result: its body does not run on every call (per request). */
export const CACHING_DECORATORS: ReadonlySet<string> = new Set([
  'functools.lru_cache',
  'functools.cache',
  'async_lru.alru_cache',
  'cachetools.cached',
  'cachetools.func.lru_cache',
  'cachetools.func.ttl_cache',
]);

/**
 * Async clients that serve concurrent calls on one object (a connection pool behind
 * them), with the methods that only read: `asyncio.gather` over two of those calls is
 * fine, and their order does not matter. Everything else that is shared (an
 * `AsyncSession`, a single connection, a WebSocket, the request body) is not, and a write
 * (`client.post`) may be meant to happen before what follows it.
 */
const REDIS_READS = ['get', 'mget', 'hget', 'hmget', 'hgetall', 'exists', 'ttl', 'smembers', 'sismember', 'scard', 'lrange', 'llen', 'zrange', 'zscore', 'zcard', 'keys', 'scan'];
const MONGO_READS = ['find_one', 'count_documents', 'estimated_document_count', 'distinct'];
export const CONCURRENCY_SAFE: Record<string, readonly string[]> = {
  'httpx.AsyncClient': ['get', 'head', 'options'],
  'aiohttp.ClientSession': ['get', 'head', 'options'],
  'redis.asyncio.Redis': REDIS_READS,
  'asyncpg.Pool': ['fetch', 'fetchrow', 'fetchval'],
  'motor.motor_asyncio.AsyncIOMotorCollection': MONGO_READS,
  'motor.motor_asyncio.AsyncIOMotorDatabase': ['list_collection_names'],
  'motor.motor_asyncio.AsyncIOMotorClient': ['list_database_names', 'server_info'],
};

/** Callables that run their (uncalled) callable argument outside the event loop. */
export const OFFLOADERS = new Set([
  'asyncio.to_thread',
  'asyncio.AbstractEventLoop.run_in_executor',
  'fastapi.concurrency.run_in_threadpool',
  'anyio.to_thread.run_sync',
  'starlette.concurrency.run_in_threadpool',
  'trio.to_thread.run_sync',
  'asgiref.sync.sync_to_async',
]);
