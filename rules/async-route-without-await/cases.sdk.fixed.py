"""FPL107 fixtures: routes that never await and block through sync SDKs."""
import smtplib
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
from fastapi import FastAPI
from google.auth.transport.requests import Request
from google.oauth2 import id_token

app = FastAPI()
s3 = boto3.resource("s3")
executor = ThreadPoolExecutor()
ready = threading.Event()


@app.get("/objects/{key}")
# expect: FPL107
def read_object(key: str):
    return s3.Object("bucket", key).get()["Body"].read()


@app.post("/login/google")
# expect: FPL107
def google_login(token: str):
    return id_token.verify_oauth2_token(token, Request(), "client-id")


@app.post("/mail")
# expect: FPL107
def mail(to: str):
    with smtplib.SMTP("smtp.example.com") as server:
        server.sendmail("noreply@example.com", [to], "hi")


@app.get("/render")
# expect: FPL107
def render():
    return executor.submit(len, "abc").result()


# ---- negatives ----


@app.get("/presign/{key}")
# ok: FPL107
async def presign(key: str):
    return s3.meta.client.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": key})


@app.get("/bucket")
# ok: FPL107
async def bucket_name():
    return s3.Bucket("bucket").name


@app.get("/ready")
# ok: FPL107
async def is_ready():
    return ready.is_set()
