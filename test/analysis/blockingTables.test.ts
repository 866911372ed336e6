// The blocking-call tables: coverage of the families, inheritance through library
// bases, `Type.*` entries and their exceptions, the harmless os.path helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyBlocking, type BlockingEntry } from '../../server/src/analysis/knowledge/blocking';
import { OS_PATH_BLOCKING, OS_PATH_HARMLESS } from '../../server/src/analysis/knowledge/blockingFile';

const family = (q: string) => classifyBlocking(q)?.family ?? null;

test('each family has its floor entries', () => {
  const want: Record<string, string> = {
    'time.sleep': 'sleep',
    'requests.get': 'http',
    'httpx.stream': 'http',
    'urllib.request.urlopen': 'http',
    'urllib3.request': 'http',
    'httpx.Client.send': 'http',
    'urllib3.PoolManager.urlopen': 'http',
    'http.client.HTTPConnection.getresponse': 'http',
    'sqlalchemy.orm.Session.execute': 'db',
    'sqlalchemy.Engine.connect': 'db',
    'sqlite3.Cursor.fetchall': 'db',
    'psycopg2.connect': 'db',
    'pymongo.collection.Collection.find': 'db',
    'builtins.open': 'file',
    'io.open_code': 'file',
    'os.fdopen': 'file',
    'builtins.input': 'file',
    'pathlib.Path.read_text': 'file',
    'io.TextIOWrapper.read': 'file',
    'subprocess.getstatusoutput': 'subprocess',
    'os.posix_spawnp': 'subprocess',
    'os.spawnvpe': 'subprocess',
    'os.wait4': 'subprocess',
    'bcrypt.checkpw': 'cpu',
    'pandas.read_parquet': 'cpu',
  };
  for (const [q, f] of Object.entries(want)) assert.equal(family(q), f, q);
});

test('library subclasses inherit their base class entries', () => {
  assert.equal(family('sqlmodel.Session.execute'), 'db');
  assert.equal(family('sqlmodel.Session.exec'), 'db');
  assert.equal(family('http.client.HTTPSConnection.request'), 'http');
  assert.equal(family('urllib3.ProxyManager.request'), 'http');
  assert.equal(family('urllib3.HTTPSConnectionPool.urlopen'), 'http');
});

test('Type.* entries cover methods, with explicit exceptions', () => {
  assert.equal(family('redis.Redis.hgetall'), 'db');
  assert.equal(family('redis.Redis.pipeline'), null);
  assert.equal(family('redis.Redis.lock'), null);
  assert.equal(family('botocore.client.BaseClient.put_object'), 'http');
  assert.equal(family('botocore.client.BaseClient.generate_presigned_url'), null);
});

test('os.path: file-system functions are blocking, string helpers never', () => {
  for (const f of OS_PATH_BLOCKING) assert.equal(family(`os.path.${f}`), 'file', f);
  for (const f of OS_PATH_HARMLESS) assert.equal(family(`os.path.${f}`), null, f);
});

test('async APIs are never in the tables', () => {
  for (const q of ['httpx.AsyncClient.get', 'aiohttp.ClientSession.get', 'sqlalchemy.ext.asyncio.AsyncSession.execute', 'redis.asyncio.Redis.get', 'anyio.Path.read_text', 'asyncio.sleep', 'motor.motor_asyncio.AsyncIOMotorCollection.find_one', 'psycopg.AsyncConnection.execute']) {
    assert.equal(family(q), null, q);
  }
});

test('user extensions (extend-blocking-calls), exact and Type.*', () => {
  const extra = new Map<string, BlockingEntry>([
    ['mylib.fetch', { family: 'http', instead: 'mylib.afetch' }],
    ['mylib.Client.*', { family: 'db', instead: 'mylib.AsyncClient' }],
  ]);
  assert.equal(classifyBlocking('mylib.fetch', extra)?.instead, 'mylib.afetch');
  assert.equal(classifyBlocking('mylib.Client.query', extra)?.family, 'db');
  assert.equal(classifyBlocking('mylib.other', extra), undefined);
});
