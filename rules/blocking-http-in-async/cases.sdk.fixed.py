"""FPL102 fixtures: sync SDKs whose calls are network round trips."""
import asyncio
import ftplib
import imaplib
import poplib
import smtplib
import socket

import aioboto3
import aiosmtplib
import boto3
import msal
from azure.storage.blob import BlobServiceClient, ContainerClient
from azure.storage.blob.aio import BlobServiceClient as AsyncBlobServiceClient
from fastapi import FastAPI
from google.auth.transport.requests import Request
from google.oauth2 import id_token, service_account
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow, InstalledAppFlow
from googleapiclient.discovery import build
from mypy_boto3_s3 import S3Client

app = FastAPI()
blobs = BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;")
async_blobs = AsyncBlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;")
s3 = boto3.resource("s3")
confidential = msal.ConfidentialClientApplication("client-id", client_credential="secret")
service = build("drive", "v3")


# ---- Google auth and API clients ----


@app.get("/oauth/callback")
async def oauth_callback(code: str):
    flow = Flow.from_client_config({"web": {}}, scopes=["openid"])
    # expect: FPL102
    await asyncio.to_thread(flow.fetch_token, code=code)
    creds = flow.credentials
    # expect: FPL102
    await asyncio.to_thread(creds.refresh, Request())
    return creds.token


async def installed_flow():
    flow = InstalledAppFlow.from_client_secrets_file("secrets.json", scopes=["openid"])
    # expect: FPL102
    return await asyncio.to_thread(flow.fetch_token, code="x")


async def refresh_stored(token: str, refresh_token: str):
    creds = Credentials(token=token, refresh_token=refresh_token)
    # expect: FPL102
    await asyncio.to_thread(creds.refresh, Request())
    sa = service_account.Credentials.from_service_account_info({})
    # expect: FPL102
    await asyncio.to_thread(sa.refresh, Request())


async def verify_google_token(token: str):
    # expect: FPL102
    return await asyncio.to_thread(id_token.verify_oauth2_token, token, Request(), "client-id")


async def list_files():
    # expect: FPL102
    return await asyncio.to_thread(service.files().list(pageSize=10).execute)


async def annotated_credentials(creds: Credentials):
    # expect: FPL102
    await asyncio.to_thread(creds.refresh, Request())


# ---- MSAL ----


async def client_token():
    # expect: FPL102
    return await asyncio.to_thread(confidential.acquire_token_for_client, scopes=["https://graph.microsoft.com/.default"])


async def public_app(username: str):
    # expect: FPL102
    pca = await asyncio.to_thread(msal.PublicClientApplication, "client-id")
    # ok: FPL102
    accounts = pca.get_accounts(username=username)
    # expect: FPL102
    return await asyncio.to_thread(pca.acquire_token_silent, ["User.Read"], account=accounts[0])


# ---- Azure Blob Storage ----


async def download(name: str):
    # expect: FPL102
    return blobs.get_blob_client("files", name).download_blob().readall()


async def upload(name: str, data: bytes):
    # ok: FPL102
    container = blobs.get_container_client("files")
    # expect: FPL102
    await asyncio.to_thread(container.upload_blob, name, data, overwrite=True)
    # expect: FPL102
    return [b.name for b in container.list_blobs()]


async def container_from_url(url: str):
    container = ContainerClient.from_container_url(url)
    # expect: FPL102
    await asyncio.to_thread(container.delete_blob, "old")


# ---- boto3 resources and clients ----


async def read_object(key: str):
    # expect: FPL102
    body = (await asyncio.to_thread(s3.Object("bucket", key).get))["Body"].read()
    # ok: FPL102
    bucket = s3.Bucket("bucket")
    # expect: FPL102
    await asyncio.to_thread(bucket.upload_file, "/tmp/x", key)
    # expect: FPL102
    keys = [o.key for o in bucket.objects.filter(Prefix="reports/")]
    # expect: FPL102
    await asyncio.to_thread(s3.meta.client.head_object, Bucket="bucket", Key=key)
    return body, keys


async def session_client(key: str):
    session = boto3.Session(region_name="eu-west-1")
    sqs = session.client("sqs")
    # expect: FPL102
    await asyncio.to_thread(sqs.send_message, QueueUrl="q", MessageBody=key)
    table = session.resource("dynamodb").Table("items")
    # expect: FPL102
    return await asyncio.to_thread(table.get_item, Key={"id": key})


async def stub_annotated(client: S3Client, key: str):
    # expect: FPL102
    await asyncio.to_thread(client.delete_object, Bucket="b", Key=key)
    # ok: FPL102
    return client.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": key})


# ---- mail, file transfer, DNS, sockets ----


async def send_mail(to: str, body: str):
    # expect: FPL102
    with await asyncio.to_thread(smtplib.SMTP, "smtp.example.com", 587) as server:
        # expect: FPL102
        await asyncio.to_thread(server.starttls)
        # expect: FPL102
        await asyncio.to_thread(server.sendmail, "noreply@example.com", [to], body)


async def ssl_mail(msg):
    # expect: FPL102
    server = await asyncio.to_thread(smtplib.SMTP_SSL, "smtp.example.com")
    # expect: FPL102
    await asyncio.to_thread(server.send_message, msg)


async def connect_later(host: str):
    # ok: FPL102
    server = smtplib.SMTP()
    # expect: FPL102
    await asyncio.to_thread(server.connect, host, 25)
    # ok: FPL102
    ftp = ftplib.FTP()
    # expect: FPL102
    await asyncio.to_thread(ftp.connect, host)


async def other_protocols():
    # expect: FPL102
    ftp = await asyncio.to_thread(ftplib.FTP, "ftp.example.com")
    # expect: FPL102
    await asyncio.to_thread(ftp.login)
    # expect: FPL102
    mail = await asyncio.to_thread(imaplib.IMAP4_SSL, "imap.example.com")
    # expect: FPL102
    await asyncio.to_thread(mail.select, "INBOX")
    # expect: FPL102
    pop = await asyncio.to_thread(poplib.POP3_SSL, "pop.example.com")
    # expect: FPL102
    return await asyncio.to_thread(pop.stat)


async def resolve_host(host: str):
    # expect: FPL102
    ip = await asyncio.to_thread(socket.gethostbyname, host)
    # expect: FPL102
    infos = await asyncio.to_thread(socket.getaddrinfo, host, 443)
    # expect: FPL102
    conn = await asyncio.to_thread(socket.create_connection, (host, 443), timeout=2)
    # expect: FPL102
    await asyncio.to_thread(conn.sendall, b"ping")
    # ok: FPL102
    name = socket.gethostname()
    return ip, infos, name


# ---- negatives ----


async def async_blob(name: str):
    # ok: FPL102
    client = async_blobs.get_blob_client("files", name)
    # ok: FPL102
    stream = await client.download_blob()
    # ok: FPL102
    return await stream.readall()


async def aioboto3_resource(key: str):
    session = aioboto3.Session()
    async with session.resource("s3") as res:
        obj = await res.Object("bucket", key)
        # ok: FPL102
        return await obj.get()


async def aioboto3_client(key: str):
    async with aioboto3.Session().client("s3") as client:
        # ok: FPL102
        return await client.get_object(Bucket="b", Key=key)


async def async_mail(msg):
    # ok: FPL102
    await aiosmtplib.send(msg, hostname="smtp.example.com")
    smtp = aiosmtplib.SMTP(hostname="smtp.example.com")
    # ok: FPL102
    await smtp.connect()


async def async_dns(host: str):
    loop = asyncio.get_running_loop()
    # ok: FPL102
    return await loop.getaddrinfo(host, 443)


def sync_route(code: str):
    flow = Flow.from_client_config({"web": {}}, scopes=["openid"])
    # ok: FPL102
    flow.fetch_token(code=code)
    # ok: FPL102
    return blobs.get_blob_client("files", "x").download_blob().readall()


async def offloaded(code: str, key: str):
    flow = Flow.from_client_config({"web": {}}, scopes=["openid"])
    # ok: FPL102
    await asyncio.to_thread(flow.fetch_token, code=code)
    # ok: FPL102
    return await asyncio.to_thread(lambda: s3.Object("bucket", key).get())


async def only_a_name(flow, creds, blob_client, s3_client, server):
    # ok: FPL102
    flow.fetch_token(code="x")
    # ok: FPL102
    creds.refresh(None)
    # ok: FPL102
    blob_client.download_blob()
    # ok: FPL102
    s3_client.get_object(Bucket="b", Key="k")
    # ok: FPL102
    server.sendmail("a", "b", "c")


async def shadowed(code: str):
    build = make_builder()
    # ok: FPL102
    build("drive", "v3").files().list().execute()
    socket = FakeResolver()
    # ok: FPL102
    socket.gethostbyname("example.com")


class FakeResolver:
    def gethostbyname(self, host):
        return host


def make_builder():
    return FakeResolver
