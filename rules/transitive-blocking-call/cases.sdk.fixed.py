"""FPL108 fixtures: sync SDK calls one call deep."""
import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

from azure.storage.blob import BlobServiceClient
from fastapi import FastAPI

app = FastAPI()
blobs = BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;")
executor = ThreadPoolExecutor()


def resolve(host: str) -> str:
    return socket.gethostbyname(host)


def fetch_blob(name: str) -> bytes:
    return blobs.get_blob_client("files", name).download_blob().readall()


def wait_for(job):
    return executor.submit(job).result()


def blob_client(name: str):
    return blobs.get_blob_client("files", name)


@app.get("/check")
async def check(host: str, name: str):
    await asyncio.sleep(0)
    # expect: FPL108
    ip = await asyncio.to_thread(resolve, host)
    # expect: FPL108
    data = await asyncio.to_thread(fetch_blob, name)
    # expect: FPL108
    done = await asyncio.to_thread(wait_for, len)
    # ok: FPL108
    client = blob_client(name)
    # ok: FPL108
    offloaded = await asyncio.to_thread(fetch_blob, name)
    return ip, data, done, client.url, offloaded
