// Types of the sync SDKs the blocking tables know (blockingNetwork.ts, blockingDb.ts,
// blockingWait.ts, blockingCpu.ts): their public names, what their factories and methods
// return, and their library bases. types.ts merges these into its tables.
import { BOTO_RESOURCE_ACTIONS } from './blockingNetwork';

const BLOB = 'azure.storage.blob';
const ES_NAMESPACES = [
  'indices', 'cluster', 'cat', 'ingest', 'nodes', 'snapshot', 'tasks', 'security', 'ml', 'transform', 'sql', 'async_search', 'ilm', 'license',
  'enrich', 'eql', 'esql', 'graph', 'watcher', 'ccr', 'slm', 'rollup', 'features', 'fleet', 'search_application', 'query_rules', 'synonyms',
  'connector', 'inference', 'logstash', 'migration', 'shutdown', 'ssl', 'text_structure', 'autoscaling', 'dangling_indices', 'searchable_snapshots',
];
/** mypy-boto3 client classes seen in annotations (`client: S3Client`): each is a botocore client. */
const BOTO_STUBS: Record<string, string> = {
  s3: 'S3Client', sqs: 'SQSClient', sns: 'SNSClient', sts: 'STSClient', dynamodb: 'DynamoDBClient', ecs: 'ECSClient', ec2: 'EC2Client',
  cloudformation: 'CloudFormationClient', secretsmanager: 'SecretsManagerClient', lambda: 'LambdaClient', ses: 'SESClient', kms: 'KMSClient',
  iam: 'IAMClient', bedrock_runtime: 'BedrockRuntimeClient', textract: 'TextractClient', ssm: 'SSMClient',
};
const POOLS = ['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.Executor'];

export const SDK_CANONICAL: Record<string, string> = {
  'google_auth_oauthlib.flow.Flow': 'google_auth_oauthlib.flow.Flow',
  'apiclient.discovery': 'googleapiclient.discovery',
  'msal.application.ConfidentialClientApplication': 'msal.ConfidentialClientApplication',
  'msal.application.PublicClientApplication': 'msal.PublicClientApplication',
  'msal.application.ClientApplication': 'msal.ClientApplication',
  [`${BLOB}._blob_service_client.BlobServiceClient`]: `${BLOB}.BlobServiceClient`,
  [`${BLOB}._container_client.ContainerClient`]: `${BLOB}.ContainerClient`,
  [`${BLOB}._blob_client.BlobClient`]: `${BLOB}.BlobClient`,
  [`${BLOB}._download.StorageStreamDownloader`]: `${BLOB}.StorageStreamDownloader`,
  'elasticsearch.client.Elasticsearch': 'elasticsearch.Elasticsearch',
  'elasticsearch._sync.client.Elasticsearch': 'elasticsearch.Elasticsearch',
  'opensearchpy.client.OpenSearch': 'opensearchpy.OpenSearch',
  'supabase.client.Client': 'supabase.Client',
  'supabase._sync.client.SyncClient': 'supabase.Client',
  'supabase._sync.client.create_client': 'supabase.create_client',
  'supabase.client.create_client': 'supabase.create_client',
  'concurrent.futures.thread.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures._base': 'concurrent.futures',
  'asyncio.tasks.run_coroutine_threadsafe': 'asyncio.run_coroutine_threadsafe',
  'multiprocessing.context.Process': 'multiprocessing.Process',
  'openpyxl.workbook.workbook.Workbook': 'openpyxl.Workbook',
  'openpyxl.workbook.Workbook': 'openpyxl.Workbook',
  'openpyxl.reader.excel.load_workbook': 'openpyxl.load_workbook',
  'docx.api.Document': 'docx.Document',
  'reportlab.platypus.doctemplate.SimpleDocTemplate': 'reportlab.platypus.SimpleDocTemplate',
  'pandas.core.frame.DataFrame': 'pandas.DataFrame',
  'sqlalchemy.inspection.inspect': 'sqlalchemy.inspect',
  'sqlalchemy.engine.reflection.Inspector': 'sqlalchemy.Inspector',
  'sqlalchemy.engine.Inspector': 'sqlalchemy.Inspector',
  ...Object.fromEntries(Object.entries(BOTO_STUBS).map(([svc, c]) => [`mypy_boto3_${svc}.client.${c}`, `mypy_boto3_${svc}.${c}`])),
};

export const SDK_RETURNS: Record<string, string> = {
  // Google.
  ...Object.fromEntries(['from_client_config', 'from_client_secrets_file'].flatMap((m) => [
    [`google_auth_oauthlib.flow.Flow.${m}`, 'google_auth_oauthlib.flow.Flow'],
    [`google_auth_oauthlib.flow.InstalledAppFlow.${m}`, 'google_auth_oauthlib.flow.InstalledAppFlow'],
  ])),
  'google.oauth2.credentials.Credentials.from_authorized_user_info': 'google.oauth2.credentials.Credentials',
  'google.oauth2.credentials.Credentials.from_authorized_user_file': 'google.oauth2.credentials.Credentials',
  'google.oauth2.service_account.Credentials.from_service_account_info': 'google.oauth2.service_account.Credentials',
  'google.oauth2.service_account.Credentials.from_service_account_file': 'google.oauth2.service_account.Credentials',
  'google.oauth2.service_account.Credentials.with_scopes': 'google.oauth2.service_account.Credentials',
  'google.oauth2.service_account.Credentials.with_subject': 'google.oauth2.service_account.Credentials',
  'googleapiclient.discovery.build': 'googleapiclient.discovery.Resource',
  'googleapiclient.discovery.build_from_document': 'googleapiclient.discovery.Resource',
  // A built service: `service.files()` and `.list(...)` give more resources and requests, all typed as one.
  'googleapiclient.discovery.Resource.__call__': 'googleapiclient.discovery.Resource',
  // Azure Blob Storage.
  [`${BLOB}.BlobServiceClient.from_connection_string`]: `${BLOB}.BlobServiceClient`,
  [`${BLOB}.BlobServiceClient.get_container_client`]: `${BLOB}.ContainerClient`,
  [`${BLOB}.BlobServiceClient.get_blob_client`]: `${BLOB}.BlobClient`,
  [`${BLOB}.BlobServiceClient.create_container`]: `${BLOB}.ContainerClient`,
  [`${BLOB}.ContainerClient.from_connection_string`]: `${BLOB}.ContainerClient`,
  [`${BLOB}.ContainerClient.from_container_url`]: `${BLOB}.ContainerClient`,
  [`${BLOB}.ContainerClient.get_blob_client`]: `${BLOB}.BlobClient`,
  [`${BLOB}.ContainerClient.upload_blob`]: `${BLOB}.BlobClient`,
  [`${BLOB}.ContainerClient.download_blob`]: `${BLOB}.StorageStreamDownloader`,
  [`${BLOB}.BlobClient.from_connection_string`]: `${BLOB}.BlobClient`,
  [`${BLOB}.BlobClient.from_blob_url`]: `${BLOB}.BlobClient`,
  [`${BLOB}.BlobClient.download_blob`]: `${BLOB}.StorageStreamDownloader`,
  // boto3: resources, and sub-resources built from them (`s3.Bucket(name)`, `table.batch_writer()`).
  'boto3.resource': 'boto3.resources.base.ServiceResource',
  'boto3.Session.resource': 'boto3.resources.base.ServiceResource',
  'boto3.resources.base.ServiceResource.__call__': 'boto3.resources.base.ServiceResource',
  'botocore.session.get_session': 'botocore.session.Session',
  'botocore.session.Session.create_client': 'botocore.client.BaseClient',
  // Elasticsearch, OpenSearch, Supabase.
  'elasticsearch.Elasticsearch.options': 'elasticsearch.Elasticsearch',
  'supabase.create_client': 'supabase.Client',
  'supabase.Client.create': 'supabase.Client',
  'postgrest.SyncRequestBuilder.__call__': 'postgrest.SyncRequestBuilder',
  // SQLAlchemy reflection: `inspect(engine)` gives an Inspector (other arguments give objects without its methods).
  'sqlalchemy.inspect': 'sqlalchemy.Inspector',
  'sqlalchemy.Inspector.from_engine': 'sqlalchemy.Inspector',
  'sqlalchemy.Engine.execution_options': 'sqlalchemy.Engine',
  // Redis helpers.
  'redis.Redis.pubsub': 'redis.client.PubSub',
  'redis.Redis.lock': 'redis.lock.Lock',
  // Classes with upper-case names (not taken for classes by their spelling).
  ...Object.fromEntries(['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP', 'ftplib.FTP', 'ftplib.FTP_TLS', 'imaplib.IMAP4', 'imaplib.IMAP4_SSL', 'poplib.POP3', 'poplib.POP3_SSL', 'weasyprint.HTML'].map((c) => [c, c])),
  // Sockets.
  'socket.socket': 'socket.socket',
  'socket.create_connection': 'socket.socket',
  // Futures of thread and process pools; `run_coroutine_threadsafe` gives one too.
  ...Object.fromEntries(POOLS.map((p) => [`${p}.submit`, 'concurrent.futures.Future'])),
  'asyncio.run_coroutine_threadsafe': 'concurrent.futures.Future',
  'multiprocessing.Pool': 'multiprocessing.pool.Pool',
  'multiprocessing.pool.Pool.apply_async': 'multiprocessing.pool.AsyncResult',
  'multiprocessing.pool.Pool.map_async': 'multiprocessing.pool.AsyncResult',
  // Heavy documents.
  'pandas.read_csv': 'pandas.DataFrame',
  'pandas.read_excel': 'pandas.DataFrame',
  'pandas.read_json': 'pandas.DataFrame',
  'pandas.read_parquet': 'pandas.DataFrame',
  'pandas.read_sql': 'pandas.DataFrame',
  'docx.Document': 'docx.document.Document',
  'openpyxl.load_workbook': 'openpyxl.Workbook',
};

export const SDK_METHODS: Record<string, readonly string[]> = {
  'googleapiclient.discovery.Resource': ['execute', 'close'],
  'boto3.resources.base.ServiceResource': BOTO_RESOURCE_ACTIONS,
  'postgrest.SyncRequestBuilder': ['execute'],
};

export const SDK_ATTRIBUTES: Record<string, string> = {
  'google_auth_oauthlib.flow.Flow.credentials': 'google.oauth2.credentials.Credentials',
  'google_auth_oauthlib.flow.InstalledAppFlow.credentials': 'google.oauth2.credentials.Credentials',
  'googleapiclient.discovery.Resource.*': 'googleapiclient.discovery.Resource',
  'boto3.resources.base.ServiceResource.meta': 'boto3.resources.base.ResourceMeta',
  'boto3.resources.base.ServiceResource.*': 'boto3.resources.base.ServiceResource',
  'boto3.resources.base.ResourceMeta.client': 'botocore.client.BaseClient',
  ...Object.fromEntries(ES_NAMESPACES.map((n) => [`elasticsearch.Elasticsearch.${n}`, 'elasticsearch.client.NamespacedClient'])),
  ...Object.fromEntries(ES_NAMESPACES.map((n) => [`opensearchpy.OpenSearch.${n}`, 'opensearchpy.client.NamespacedClient'])),
  ...Object.fromEntries(['table', 'from_', 'rpc', 'schema'].map((m) => [`supabase.Client.${m}`, 'postgrest.SyncRequestBuilder'])),
  'postgrest.SyncRequestBuilder.*': 'postgrest.SyncRequestBuilder',
};

export const SDK_BASES: Record<string, string[]> = {
  'google_auth_oauthlib.flow.InstalledAppFlow': ['google_auth_oauthlib.flow.Flow'],
  'google.oauth2.credentials.Credentials': ['google.auth.credentials.Credentials'],
  'google.oauth2.service_account.Credentials': ['google.auth.credentials.Credentials'],
  'google.auth.compute_engine.Credentials': ['google.auth.credentials.Credentials'],
  'google.auth.impersonated_credentials.Credentials': ['google.auth.credentials.Credentials'],
  'google.auth.transport.requests.AuthorizedSession': ['requests.Session'],
  'msal.ConfidentialClientApplication': ['msal.ClientApplication'],
  'msal.PublicClientApplication': ['msal.ClientApplication'],
  'smtplib.SMTP_SSL': ['smtplib.SMTP'],
  'smtplib.LMTP': ['smtplib.SMTP'],
  'ftplib.FTP_TLS': ['ftplib.FTP'],
  'imaplib.IMAP4_SSL': ['imaplib.IMAP4'],
  'poplib.POP3_SSL': ['poplib.POP3'],
  'queue.LifoQueue': ['queue.Queue'],
  'queue.PriorityQueue': ['queue.Queue'],
  ...Object.fromEntries(Object.entries(BOTO_STUBS).map(([svc, c]) => [`mypy_boto3_${svc}.${c}`, ['botocore.client.BaseClient']])),
};
