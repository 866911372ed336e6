// FPL103: sync database drivers, their connections and cursors, sync Redis and
// Mongo clients, and SQLAlchemy's sync Session/Connection/Engine I/O methods.
// Receivers are typed by the resolver (rules/data/types.ts says what each call returns).
import { all, members } from './names';

const ASYNC_DRIVER = 'an async driver (asyncpg, psycopg `AsyncConnection`, aiomysql, aiosqlite)';
const SA = '`AsyncSession` with `await`, or a sync `def` route (FastAPI runs it in the threadpool)';
const REDIS = '`redis.asyncio.Redis` with `await`';
const MONGO = '`motor` (`AsyncIOMotorClient`) or PyMongo\'s `AsyncMongoClient` with `await`';
const ELASTIC = '`AsyncElasticsearch` with `await`';
const OPENSEARCH = '`AsyncOpenSearch` with `await`';
const SUPABASE = 'the async client (`await acreate_client(...)`, `AsyncClient`) with `await`';

const FETCH = ['execute', 'executemany', 'fetchone', 'fetchmany', 'fetchall'];
const MYSQL_CURSOR = [...FETCH, 'callproc', 'nextset', 'scroll'];
const MYSQL_CONNECTION = ['commit', 'rollback', 'ping', 'select_db', 'query', 'autocommit', 'begin'];

/** SQLAlchemy sync Session I/O (scoped_session proxies the same methods). */
const SESSION_IO = ['execute', 'query', 'scalars', 'scalar', 'get', 'get_one', 'commit', 'flush', 'refresh', 'merge', 'rollback', 'connection', 'bulk_save_objects', 'bulk_insert_mappings', 'bulk_update_mappings'];

const PYMONGO_COLLECTION = [
  'find', 'find_one', 'find_raw_batches', 'insert_one', 'insert_many', 'update_one', 'update_many', 'replace_one', 'delete_one', 'delete_many',
  'find_one_and_update', 'find_one_and_replace', 'find_one_and_delete', 'aggregate', 'aggregate_raw_batches', 'count_documents',
  'estimated_document_count', 'distinct', 'bulk_write', 'create_index', 'create_indexes', 'drop_index', 'drop_indexes', 'drop',
  'list_indexes', 'index_information', 'watch', 'rename', 'options',
];

const INSPECTOR = [
  'get_schema_names', 'get_table_names', 'get_view_names', 'get_materialized_view_names', 'get_sequence_names', 'get_temp_table_names',
  'get_columns', 'get_pk_constraint', 'get_foreign_keys', 'get_indexes', 'get_unique_constraints', 'get_check_constraints', 'get_table_comment',
  'get_table_options', 'get_view_definition', 'get_multi_columns', 'get_sorted_table_and_fkc_names', 'has_table', 'has_schema', 'has_index',
  'has_sequence', 'reflect_table',
];

export const DB: Record<string, string> = {
  // Opening a connection is network (or disk) I/O.
  ...all(['psycopg2.connect', 'psycopg.connect', 'psycopg.Connection.connect', 'pymysql.connect', 'pymysql.Connect', 'MySQLdb.connect', 'MySQLdb.Connect', 'mysql.connector.connect', 'sqlite3.connect'], ASYNC_DRIVER),
  ...all(['psycopg2.extras.execute_values', 'psycopg2.extras.execute_batch'], ASYNC_DRIVER),
  ...members('psycopg2.pool.SimpleConnectionPool', ['getconn'], ASYNC_DRIVER),
  ...members('psycopg2.pool.ThreadedConnectionPool', ['getconn'], ASYNC_DRIVER),
  ...members('psycopg_pool.ConnectionPool', ['getconn'], ASYNC_DRIVER),
  // DB-API connections and cursors.
  ...members('sqlite3.Connection', ['execute', 'executemany', 'executescript', 'commit', 'rollback', 'backup', 'blobopen', 'iterdump'], ASYNC_DRIVER),
  ...members('sqlite3.Cursor', [...FETCH, 'executescript'], ASYNC_DRIVER),
  ...members('psycopg2.extensions.connection', ['commit', 'rollback', 'reset'], ASYNC_DRIVER),
  ...members('psycopg2.extensions.cursor', [...FETCH, 'callproc', 'scroll', 'copy_from', 'copy_to', 'copy_expert'], ASYNC_DRIVER),
  ...members('psycopg.Connection', ['execute', 'commit', 'rollback'], ASYNC_DRIVER),
  ...members('psycopg.Cursor', [...FETCH, 'copy', 'stream', 'scroll', 'nextset'], ASYNC_DRIVER),
  ...members('pymysql.connections.Connection', MYSQL_CONNECTION, ASYNC_DRIVER),
  ...members('pymysql.cursors.Cursor', MYSQL_CURSOR, ASYNC_DRIVER),
  ...members('MySQLdb.connections.Connection', MYSQL_CONNECTION, ASYNC_DRIVER),
  ...members('MySQLdb.cursors.Cursor', MYSQL_CURSOR, ASYNC_DRIVER),
  ...members('mysql.connector.MySQLConnection', ['commit', 'rollback', 'ping', 'reconnect', 'cmd_query', 'start_transaction'], ASYNC_DRIVER),
  ...members('mysql.connector.cursor.MySQLCursor', MYSQL_CURSOR, ASYNC_DRIVER),
  // MongoDB.
  ...members('pymongo.collection.Collection', PYMONGO_COLLECTION, MONGO),
  ...members('pymongo.database.Database', ['command', 'list_collection_names', 'list_collections', 'create_collection', 'drop_collection', 'validate_collection'], MONGO),
  ...members('pymongo.MongoClient', ['list_database_names', 'list_databases', 'drop_database', 'server_info', 'start_session'], MONGO),
  ...members('pymongo.cursor.Cursor', ['to_list', 'next', 'explain', 'distinct'], MONGO),
  // Redis: every command is a round trip.
  'redis.Redis.*': REDIS,
  'redis.RedisCluster.*': REDIS,
  ...members('redis.client.Pipeline', ['execute'], REDIS),
  ...members('redis.client.PubSub', ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'get_message', 'listen', 'ping'], REDIS),
  ...members('redis.lock.Lock', ['acquire', 'release', 'extend', 'reacquire', 'locked', 'owned'], REDIS),
  // Elasticsearch and OpenSearch (sync clients): every method and namespace method is a request.
  'elasticsearch.Elasticsearch.*': ELASTIC,
  'elasticsearch.client.NamespacedClient.*': ELASTIC,
  ...members('elasticsearch.helpers', ['bulk', 'scan', 'streaming_bulk', 'parallel_bulk', 'reindex'], ELASTIC),
  'opensearchpy.OpenSearch.*': OPENSEARCH,
  'opensearchpy.client.NamespacedClient.*': OPENSEARCH,
  ...members('opensearchpy.helpers', ['bulk', 'scan', 'streaming_bulk', 'parallel_bulk', 'reindex'], OPENSEARCH),
  // Supabase (sync client): a query builder's `execute()` is the request.
  ...members('postgrest.SyncRequestBuilder', ['execute'], SUPABASE),
  // SQLAlchemy (sqlmodel.Session derives from sqlalchemy.orm.Session: see EXTERNAL_BASES).
  ...members('sqlalchemy.orm.Session', SESSION_IO, SA),
  ...members('sqlalchemy.orm.scoped_session', SESSION_IO, SA),
  ...members('sqlmodel.Session', ['exec'], SA),
  ...members('sqlalchemy.Connection', ['execute', 'exec_driver_sql', 'scalar', 'scalars', 'commit', 'rollback'], SA),
  ...members('sqlalchemy.Engine', ['connect', 'begin', 'execute', 'raw_connection'], SA),
  // Reflection queries the database's catalog on every call.
  ...members('sqlalchemy.Inspector', INSPECTOR, SA),
};

/** Methods of `Type.*` entries above that do no I/O (they build objects or read local state). */
export const DB_NON_BLOCKING: readonly string[] = [
  ...['pipeline', 'pubsub', 'lock', 'from_url', 'from_pool', 'register_script', 'get_encoder', 'get_connection_kwargs', 'set_response_callback', 'get_retry', 'set_retry', 'client', 'load_external_module'].map((m) => `redis.Redis.${m}`),
  ...['pipeline', 'pubsub', 'lock', 'from_url', 'get_encoder', 'get_connection_kwargs', 'set_response_callback', 'get_node', 'get_nodes', 'get_primaries', 'get_replicas', 'get_random_node', 'get_default_node', 'keyslot', 'get_retry', 'set_retry'].map((m) => `redis.RedisCluster.${m}`),
  ...['options', 'close', 'transport'].flatMap((m) => [`elasticsearch.Elasticsearch.${m}`, `opensearchpy.OpenSearch.${m}`]),
];

/** Lazy iterators: the requests happen while the caller iterates. */
export const DB_LAZY: readonly string[] = ['elasticsearch.helpers', 'opensearchpy.helpers'].flatMap((h) => ['scan', 'streaming_bulk', 'parallel_bulk'].map((m) => `${h}.${m}`));
