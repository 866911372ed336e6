"""FPL102 fixtures: sync HTTP clients in async context."""
import asyncio
import http.client
import urllib.request
import urllib3
from typing import Optional
from urllib.request import urlopen as fetch_url

import aiohttp
import boto3
import httpx
import requests
import requests as rq
from fastapi import FastAPI, Request
from requests import Session as RequestsSession

app = FastAPI()
shared = requests.Session()
pool = urllib3.PoolManager()
sync_client = httpx.Client(timeout=5)
async_client = httpx.AsyncClient()


@app.get("/module-function")
async def module_function(ip: str):
    # expect: FPL102
    resp = await asyncio.to_thread(requests.get, "http://geo.internal/" + ip, timeout=2)
    return resp.json()


@app.get("/alias")
async def alias():
    # expect: FPL102
    await asyncio.to_thread(rq.post, "http://audit.internal", json={"event": "x"})


async def httpx_module():
    # expect: FPL102
    return (await asyncio.to_thread(httpx.get, "http://example.com")).json()


async def httpx_stream():
    # expect: FPL102
    with await asyncio.to_thread(httpx.stream, "GET", "http://example.com/big") as r:
        return r.status_code


async def module_level_session():
    # expect: FPL102
    return (await asyncio.to_thread(shared.get, "http://example.com", timeout=1)).text


async def annotated_client(client: httpx.Client):
    # expect: FPL102
    await asyncio.to_thread(client.post, "http://example.com", json={})


async def optional_client(client: Optional[httpx.Client] = None):
    # expect: FPL102
    await asyncio.to_thread(client.request, "GET", "http://example.com")


async def with_client():
    with httpx.Client() as c:
        # expect: FPL102
        await asyncio.to_thread(c.get, "http://example.com")


async def imported_session_class():
    s = RequestsSession()
    # expect: FPL102
    await asyncio.to_thread(s.send, prepared)


async def module_level_sync_client():
    # expect: FPL102
    await asyncio.to_thread(sync_client.close)


async def urllib_calls(url: str):
    # expect: FPL102
    body = (await asyncio.to_thread(urllib.request.urlopen, url)).read()
    # expect: FPL102
    await asyncio.to_thread(fetch_url, url)
    # expect: FPL102
    await asyncio.to_thread(pool.request, "GET", url)
    # expect: FPL102
    await asyncio.to_thread(urllib3.request, "GET", url)
    return body


async def http_client_connection():
    conn = http.client.HTTPSConnection("example.com")
    # expect: FPL102
    await asyncio.to_thread(conn.request, "GET", "/")
    # expect: FPL102
    return await asyncio.to_thread(conn.getresponse)


async def boto3_client(key: str):
    s3 = boto3.client("s3")
    # expect: FPL102
    obj = await asyncio.to_thread(s3.get_object, Bucket="b", Key=key)
    # ok: FPL102
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": key})
    return obj, url


class Geo:
    def __init__(self):
        self.http = requests.Session()

    async def lookup(self, ip: str):
        # expect: FPL102
        return (await asyncio.to_thread(self.http.get, f"http://geo.internal/{ip}")).json()

    def lookup_sync(self, ip: str):
        # ok: FPL102
        return self.http.get(f"http://geo.internal/{ip}").json()


async def multiline_arguments(url: str):
    # expect: FPL102
    return await asyncio.to_thread(requests.post,
        url,
        json={"a": 1},
    )


async def in_comprehension(urls):
    # expect: FPL102
    return [(await asyncio.to_thread(requests.get, u)).status_code for u in urls]


async def in_generator(urls):
    # expect: FPL102
    return list(requests.head(u) for u in urls)


# ---- negatives ----


async def awaited_async_client():
    # ok: FPL102
    r = await async_client.get("http://example.com")
    async with httpx.AsyncClient() as client:
        # ok: FPL102
        await client.post("http://example.com")
        # ok: FPL102
        pending = client.get("http://example.com")
    return r, await pending


async def aiohttp_session_named_session():
    async with aiohttp.ClientSession() as session:
        # ok: FPL102
        async with session.get("http://example.com") as resp:
            return await resp.text()


async def starlette_cookie_session(request: Request):
    # ok: FPL102
    return request.session.get("user")


async def unknown_session(session):
    # ok: FPL102
    return await session.get("http://example.com")


async def dict_get(headers: dict):
    # ok: FPL102
    return headers.get("x-request-id")


async def shadowed_module(requests):
    # ok: FPL102
    return await requests.get("/x")


async def local_shadow():
    requests = FakeHttp()
    # ok: FPL102
    requests.get("http://example.com")


def sync_route():
    # ok: FPL102
    return requests.get("http://example.com").json()


async def offloaded(url: str):
    # ok: FPL102
    r = await asyncio.to_thread(requests.get, url, timeout=2)
    # ok: FPL102
    job = lambda: requests.get(url)

    def inner():
        # ok: FPL102
        return requests.get(url)

    return r, job, await asyncio.to_thread(inner)


async def string_mention():
    # ok: FPL102
    print("requests.get(url)")


class FakeHttp:
    def get(self, url):
        return url
