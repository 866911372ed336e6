"""FPL103 fixtures: sync Redis, MongoDB, Elasticsearch, OpenSearch and Supabase clients."""
import asyncio

import redis
import redis.asyncio as aioredis
from elasticsearch import AsyncElasticsearch, Elasticsearch, helpers
from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient
from opensearchpy import OpenSearch
from pymongo import MongoClient
from sqlalchemy import create_engine, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from supabase import AsyncClient, acreate_client, create_client

app = FastAPI()
strict = redis.StrictRedis(host="localhost")
from_url = redis.from_url("redis://localhost")
async_redis = aioredis.from_url("redis://localhost")
mongo = MongoClient("mongodb://localhost")
motor = AsyncIOMotorClient("mongodb://localhost")
es = Elasticsearch("http://localhost:9200")
async_es = AsyncElasticsearch("http://localhost:9200")
search = OpenSearch(hosts=["localhost"])
supabase = create_client("https://x.supabase.co", "key")
engine = create_engine("postgresql://localhost/app")
async_engine = create_async_engine("postgresql+asyncpg://localhost/app")


@app.middleware("http")
async def schema_per_tenant(request, call_next):
    # expect: FPL103
    if request.headers["x-tenant"] not in inspect(engine).get_schema_names():
        return None
    return await call_next(request)


@app.on_event("startup")
async def check_tables():
    tenant_engine = engine.execution_options(schema_translate_map={None: "tenant"})
    # expect: FPL103
    if not inspect(tenant_engine).has_table("users"):
        raise RuntimeError("run the migrations")


@app.get("/cache/{key}")
def cached(key: str):
    # expect: FPL103
    value = strict.get(key)
    # expect: FPL103
    from_url.setex(key, 60, "v")
    # ok: FPL103
    pipe = from_url.pipeline()
    # expect: FPL103
    pipe.execute()
    return value


async def listen():
    # ok: FPL103
    pubsub = strict.pubsub()
    # expect: FPL103
    pubsub.subscribe("events")
    # expect: FPL103
    return pubsub.get_message(timeout=1.0)


async def locked():
    # ok: FPL103
    lock = strict.lock("job", timeout=10)
    # expect: FPL103
    lock.acquire()


async def mongo_database(order_id: str):
    db = mongo.get_database("shop")
    # expect: FPL103
    return db.orders.find_one({"_id": order_id})


async def elastic(q: str):
    # expect: FPL103
    hits = es.search(index="docs", query={"match": {"body": q}})
    # expect: FPL103
    es.indices.refresh(index="docs")
    # expect: FPL103
    helpers.bulk(es, [{"_index": "docs", "body": q}])
    # expect: FPL103
    es.options(request_timeout=5).index(index="docs", document={"q": q})
    return hits


async def opensearch(q: str):
    # expect: FPL103
    return search.search(index="docs", body={"query": {"match": {"body": q}}})


async def supabase_rows(user_id: str):
    # expect: FPL103
    return supabase.table("profiles").select("*").eq("id", user_id).single().execute()


async def supabase_rpc():
    # expect: FPL103
    return supabase.rpc("stats", {}).execute().data


# ---- negatives ----


async def async_clients(key: str, q: str):
    # ok: FPL103
    await async_redis.get(key)
    # ok: FPL103
    await async_es.search(index="docs", query={"match": {"body": q}})
    # ok: FPL103
    await motor.shop.orders.find_one({"_id": key})
    client: AsyncClient = await acreate_client("https://x.supabase.co", "key")
    # ok: FPL103
    return await client.table("profiles").select("*").execute()


async def async_reflection(user):
    # ok: FPL103
    state = inspect(user).attrs
    async with async_engine.connect() as conn:
        # ok: FPL103
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
    return state, tables


def sync_route(q: str):
    # ok: FPL103
    return es.search(index="docs", query={"match": {"body": q}})


async def offloaded(user_id: str):
    # ok: FPL103
    return await asyncio.to_thread(lambda: supabase.table("profiles").select("*").eq("id", user_id).execute())


async def only_a_name(client, q: str):
    # ok: FPL103
    client.search(index="docs", q=q)
    # ok: FPL103
    client.table("profiles").select("*").execute()


async def shadowed(q: str):
    es = FakeIndex()
    # ok: FPL103
    return es.search(index="docs", q=q)


class FakeIndex:
    def search(self, **kw):
        return kw
