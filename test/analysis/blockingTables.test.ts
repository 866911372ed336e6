// The blocking-call tables: coverage of the families, inheritance through library
// bases, `Type.*` entries and their exceptions, the cost classes (file and light calls only
// when asked for), the path helpers that touch no disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyBlocking, type BlockingEntry } from '../../server/src/analysis/knowledge/blocking';
import { OS_PATH_BLOCKING, OS_PATH_HARMLESS } from '../../server/src/analysis/knowledge/blockingFile';

const ALL = { extendBlockingCalls: new Map<string, BlockingEntry>(), reportFileIo: true, reportLightIo: true };
const DEFAULT = { ...ALL, reportFileIo: false, reportLightIo: false };
const family = (q: string) => classifyBlocking(q, ALL)?.family ?? null;

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

test('os.path: file-system functions are blocking (light), path helpers never', () => {
  for (const f of OS_PATH_BLOCKING) assert.equal(family(`os.path.${f}`), 'file', f);
  for (const f of OS_PATH_HARMLESS) assert.equal(family(`os.path.${f}`), null, f);
});

test('cost: whole trees and every other family heavy; one file\'s content `file`, stat-like calls light: each counted only when asked', () => {
  const heavy = ['time.sleep', 'requests.get', 'builtins.input', 'pathlib.Path.rglob', 'pathlib.Path.walk', 'os.walk', 'shutil.copytree', 'shutil.make_archive', 'shutil.unpack_archive', 'subprocess.run', 'bcrypt.hashpw', 'sqlalchemy.orm.Session.execute'];
  const file = ['builtins.open', 'pathlib.Path.read_text', 'pathlib.Path.write_bytes', 'pathlib.Path.glob', 'shutil.rmtree', 'shutil.copyfile', 'shutil.copyfileobj', 'glob.glob', 'io.TextIOWrapper.read', 'os.fsync'];
  const light = ['os.path.exists', 'os.path.isfile', 'os.makedirs', 'os.remove', 'os.listdir', 'os.stat', 'pathlib.Path.exists', 'pathlib.Path.mkdir', 'pathlib.Path.resolve', 'pathlib.Path.unlink', 'tempfile.mkdtemp', 'shutil.which'];
  const fileOnly = { ...DEFAULT, reportFileIo: true };
  const lightOnly = { ...DEFAULT, reportLightIo: true };
  for (const q of heavy) {
    assert.equal(classifyBlocking(q, DEFAULT)?.cost, 'heavy', q);
    assert.equal(classifyBlocking(q, ALL)?.cost, 'heavy', q);
  }
  for (const q of file) {
    assert.equal(classifyBlocking(q, DEFAULT), undefined, q);
    assert.equal(classifyBlocking(q, lightOnly), undefined, q);
    assert.equal(classifyBlocking(q, fileOnly)?.cost, 'file', q);
  }
  for (const q of light) {
    assert.equal(classifyBlocking(q, DEFAULT), undefined, q);
    assert.equal(classifyBlocking(q, fileOnly), undefined, q);
    assert.equal(classifyBlocking(q, lightOnly)?.cost, 'light', q);
  }
  // No disk at all: the process's own folder and environment.
  for (const q of ['os.path.abspath', 'os.path.expanduser', 'os.path.relpath', 'pathlib.Path.cwd', 'pathlib.Path.home', 'pathlib.Path.absolute', 'pathlib.Path.expanduser']) assert.equal(classifyBlocking(q, ALL), undefined, q);
});

test('async APIs are never in the tables', () => {
  for (const q of ['httpx.AsyncClient.get', 'aiohttp.ClientSession.get', 'sqlalchemy.ext.asyncio.AsyncSession.execute', 'redis.asyncio.Redis.get', 'anyio.Path.read_text', 'asyncio.sleep', 'motor.motor_asyncio.AsyncIOMotorCollection.find_one', 'psycopg.AsyncConnection.execute']) {
    assert.equal(family(q), null, q);
  }
});

test('user extensions (extend-blocking-calls), exact and Type.*', () => {
  const extra = {
    reportFileIo: false,
    reportLightIo: false,
    extendBlockingCalls: new Map<string, BlockingEntry>([
      ['mylib.fetch', { family: 'http', instead: 'mylib.afetch', cost: 'heavy' }],
      ['mylib.Client.*', { family: 'db', instead: 'mylib.AsyncClient', cost: 'heavy' }],
    ]),
  };
  assert.equal(classifyBlocking('mylib.fetch', extra)?.instead, 'mylib.afetch');
  assert.equal(classifyBlocking('mylib.Client.query', extra)?.family, 'db');
  assert.equal(classifyBlocking('mylib.other', extra), undefined);
});

test('sync SDKs: network and database calls, thread waits, local methods and async variants never', () => {
  const want: Record<string, string | null> = {
    'google_auth_oauthlib.flow.InstalledAppFlow.fetch_token': 'http',
    'google.oauth2.service_account.Credentials.refresh': 'http',
    'msal.ConfidentialClientApplication.acquire_token_for_client': 'http',
    'azure.storage.blob.BlobClient.upload_blob': 'http',
    'azure.storage.blob.BlobServiceClient.get_container_client': null,
    'azure.storage.blob.aio.BlobClient.upload_blob': null,
    'smtplib.SMTP_SSL.login': 'http',
    'mypy_boto3_s3.S3Client.put_object': 'http',
    'mypy_boto3_s3.S3Client.generate_presigned_url': null,
    'elasticsearch.Elasticsearch.search': 'db',
    'elasticsearch.Elasticsearch.options': null,
    'elasticsearch.AsyncElasticsearch.search': null,
    'sqlalchemy.Inspector.get_schema_names': 'db',
    'concurrent.futures.Future.result': 'sleep',
    'queue.LifoQueue.get': 'sleep',
    'asyncio.Queue.get': null,
    'pdfkit.from_string': 'subprocess',
    'openpyxl.Workbook.save': 'cpu',
  };
  for (const [q, f] of Object.entries(want)) assert.equal(family(q), f, q);
});
