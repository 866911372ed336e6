// FPL102: sync HTTP clients. Module functions, and methods of sync client objects whose
// type the resolver knows (`s = requests.Session()`, `client: httpx.Client`, a pool
// manager). Floor: Ruff ASYNC210/212 and flake8-async ASYNC210/212.
import { all, members } from './names';

/** The advice for sync HTTP calls; FPL102 gives HTTPX2_SHARED instead in a project that uses httpx2. */
export const SHARED = 'a shared `httpx.AsyncClient` (created in `lifespan`) and `await client.<verb>(...)`';
export const HTTPX2_SHARED = 'a shared `httpx2.AsyncClient` (created in `lifespan`) and `await client.<verb>(...)`';
const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export const HTTP: Record<string, string> = {
  // Module-level helpers. `connect`/`trace` are in Ruff's list too.
  ...members('requests', [...VERBS, 'connect', 'trace'], SHARED),
  ...members('httpx', [...VERBS, 'stream', 'connect', 'trace'], SHARED),
  ...members('httpx2', [...VERBS, 'stream'], HTTPX2_SHARED),
  ...all(['urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib3.request'], SHARED),
  // Client objects.
  ...members('requests.Session', [...VERBS, 'send'], SHARED),
  ...members('httpx.Client', [...VERBS, 'send', 'stream', 'close'], SHARED),
  ...members('httpx2.Client', [...VERBS, 'send', 'stream', 'close'], HTTPX2_SHARED),
  ...members('urllib3.PoolManager', ['request', 'urlopen', 'request_encode_url', 'request_encode_body'], SHARED),
  ...members('urllib3.HTTPConnectionPool', ['request', 'urlopen', 'request_encode_url', 'request_encode_body'], SHARED),
  // The request methods every pool and manager inherits (urllib3 1.x and 2.x paths).
  ...members('urllib3.request.RequestMethods', ['request', 'urlopen', 'request_encode_url', 'request_encode_body'], SHARED),
  ...members('urllib3._request_methods.RequestMethods', ['request', 'urlopen', 'request_encode_url', 'request_encode_body'], SHARED),
  ...members('urllib.request.OpenerDirector', ['open'], SHARED),
  ...members('http.client.HTTPConnection', ['request', 'getresponse', 'connect', 'send', 'endheaders'], SHARED),
  ...members('http.client.HTTPResponse', ['read', 'readinto', 'readline', 'readlines'], SHARED),
  ...members('httplib2.Http', ['request'], SHARED),
  // AWS SDK clients are sync HTTP under the hood.
  'botocore.client.BaseClient.*': '`aioboto3`/`aiobotocore`, or `await asyncio.to_thread(...)`',
};

/** Methods of `Type.*` entries above that do no I/O. */
export const HTTP_NON_BLOCKING: readonly string[] = [
  ...['generate_presigned_url', 'generate_presigned_post', 'get_paginator', 'can_paginate', 'get_waiter', 'close', 'meta', 'exceptions'].map((m) => `botocore.client.BaseClient.${m}`),
];
