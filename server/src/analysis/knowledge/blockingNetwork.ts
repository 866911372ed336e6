// FPL102 (network): sync SDKs whose calls are HTTP or socket round trips: Google auth and
// API clients, MSAL, Azure Blob Storage, boto3 resources, mail and FTP protocols, DNS and
// sockets. Receivers are typed through types.ts and typesSdk.ts; the async variants of
// these SDKs (`.aio`, aioboto3, aiosmtplib) have other names and match nothing here.
import { all, members } from './names';

const THREAD = '`await asyncio.to_thread(...)`';
const GOOGLE = '`await asyncio.to_thread(...)` (google-auth and googleapiclient are sync)';
const MSAL = '`await asyncio.to_thread(...)` (MSAL is sync), with the application built once at startup';
const AZURE_BLOB = 'the async client from `azure.storage.blob.aio` with `await`';
const BOTO_RESOURCE = '`aioboto3` resources, or `await asyncio.to_thread(...)`';
const SMTP = '`aiosmtplib` with `await`, or `await asyncio.to_thread(...)`';
const DNS = '`await loop.getaddrinfo(...)` (`asyncio.get_running_loop()`)';
const SOCKET = '`await asyncio.open_connection(...)` (streams), or the loop\'s `sock_*` methods';

const ACQUIRE = [
  'acquire_token_for_client', 'acquire_token_by_authorization_code', 'acquire_token_by_auth_code_flow', 'acquire_token_by_refresh_token',
  'acquire_token_by_username_password', 'acquire_token_on_behalf_of', 'acquire_token_by_device_flow', 'acquire_token_interactive',
  'acquire_token_silent', 'acquire_token_silent_with_error', 'initiate_device_flow',
];

/** Actions of boto3 resources and their collections (the capitalised sub-resource constructors are local). */
export const BOTO_RESOURCE_ACTIONS = [
  'get', 'put', 'delete', 'load', 'reload', 'upload_file', 'download_file', 'upload_fileobj', 'download_fileobj', 'copy', 'copy_from',
  'put_item', 'get_item', 'update_item', 'delete_item', 'query', 'scan', 'batch_get_item', 'batch_write_item', 'create', 'wait_until_exists',
  'wait_until_not_exists', 'send_message', 'send_messages', 'receive_messages', 'delete_messages', 'publish', 'restore_object', 'initiate_multipart_upload',
  'all', 'filter', 'limit', 'page_size',
];

const SMTP_METHODS = ['connect', 'login', 'starttls', 'ehlo', 'helo', 'ehlo_or_helo_if_needed', 'sendmail', 'send_message', 'quit', 'noop', 'verify', 'rset', 'docmd', 'mail', 'rcpt', 'data', 'auth'];
const FTP_METHODS = ['connect', 'login', 'retrbinary', 'retrlines', 'storbinary', 'storlines', 'nlst', 'dir', 'mlsd', 'cwd', 'pwd', 'size', 'delete', 'rename', 'mkd', 'rmd', 'quit', 'sendcmd', 'voidcmd', 'prot_p', 'auth'];
const IMAP_METHODS = ['login', 'logout', 'select', 'search', 'fetch', 'store', 'uid', 'list', 'copy', 'expunge', 'append', 'noop', 'close', 'starttls', 'authenticate', 'status', 'create', 'delete'];
const POP_METHODS = ['user', 'pass_', 'stat', 'list', 'retr', 'dele', 'quit', 'top', 'uidl', 'noop', 'apop', 'rpop', 'stls'];

export const NETWORK: Record<string, string> = {
  // Google: OAuth flows, credential refreshes, ID-token checks (they fetch Google's certificates), API requests.
  ...members('google_auth_oauthlib.flow.Flow', ['fetch_token', 'run_local_server', 'run_console'], GOOGLE),
  ...members('google.auth.credentials.Credentials', ['refresh'], GOOGLE),
  ...members('google.oauth2.id_token', ['verify_oauth2_token', 'verify_token', 'verify_firebase_token', 'fetch_id_token'], GOOGLE),
  ...all(['googleapiclient.discovery.Resource.execute', 'googleapiclient.http.HttpRequest.execute', 'googleapiclient.http.BatchHttpRequest.execute', 'googleapiclient.http.MediaIoBaseDownload.next_chunk'], GOOGLE),
  // MSAL: building an application discovers its tenant over HTTP; acquiring a token is a request (a silent one when the cache has none).
  ...all(['msal.ConfidentialClientApplication', 'msal.PublicClientApplication'], MSAL),
  ...members('msal.ClientApplication', ACQUIRE, MSAL),
  // Azure Blob Storage (sync clients): every method is a request but the few in NETWORK_NON_BLOCKING.
  'azure.storage.blob.BlobServiceClient.*': AZURE_BLOB,
  'azure.storage.blob.ContainerClient.*': AZURE_BLOB,
  'azure.storage.blob.BlobClient.*': AZURE_BLOB,
  ...members('azure.storage.blob.StorageStreamDownloader', ['readall', 'readinto', 'content_as_bytes', 'content_as_text', 'download_to_stream', 'chunks'], AZURE_BLOB),
  // boto3 resources (clients are `botocore.client.BaseClient.*`, in blockingHttp.ts).
  ...members('boto3.resources.base.ServiceResource', BOTO_RESOURCE_ACTIONS, BOTO_RESOURCE),
  // Mail and file-transfer protocols: the constructor connects when given a host.
  ...all(['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP'], SMTP),
  ...members('smtplib.SMTP', SMTP_METHODS, SMTP),
  ...all(['ftplib.FTP', 'ftplib.FTP_TLS'], THREAD),
  ...members('ftplib.FTP', FTP_METHODS, THREAD),
  ...all(['imaplib.IMAP4', 'imaplib.IMAP4_SSL'], THREAD),
  ...members('imaplib.IMAP4', IMAP_METHODS, THREAD),
  ...all(['poplib.POP3', 'poplib.POP3_SSL'], THREAD),
  ...members('poplib.POP3', POP_METHODS, THREAD),
  // DNS lookups and blocking sockets.
  ...members('socket', ['gethostbyname', 'gethostbyname_ex', 'gethostbyaddr', 'getaddrinfo', 'getnameinfo', 'getfqdn'], DNS),
  ...members('socket', ['create_connection'], SOCKET),
  ...members('socket.socket', ['connect', 'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'recvmsg', 'send', 'sendall', 'sendto', 'sendfile', 'accept'], SOCKET),
};

/** Methods of `Type.*` entries above that do no I/O: they build clients or read local state. */
const AZURE_LOCAL = [
  'get_container_client', 'get_blob_client', 'from_connection_string', 'from_container_url', 'from_blob_url', 'close', 'url', 'primary_endpoint',
  'primary_hostname', 'secondary_endpoint', 'secondary_hostname', 'location_mode', 'account_name', 'credential', 'api_version',
  'container_name', 'blob_name', 'snapshot',
];
export const NETWORK_NON_BLOCKING: readonly string[] = ['BlobServiceClient', 'ContainerClient', 'BlobClient'].flatMap((c) => AZURE_LOCAL.map((m) => `azure.storage.blob.${c}.${m}`));

/** Calls that return a lazy pager or iterator: the requests happen while the caller iterates, so no thread fix for the call alone. */
export const NETWORK_LAZY: readonly string[] = [
  ...['list_blobs', 'walk_blobs', 'list_blob_names', 'find_blobs_by_tags'].map((m) => `azure.storage.blob.ContainerClient.${m}`),
  ...['list_containers', 'find_blobs_by_tags'].map((m) => `azure.storage.blob.BlobServiceClient.${m}`),
  'azure.storage.blob.StorageStreamDownloader.chunks',
  ...['all', 'filter', 'limit', 'page_size'].map((m) => `boto3.resources.base.ServiceResource.${m}`),
];
