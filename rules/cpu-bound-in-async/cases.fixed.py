"""FPL106 fixtures: CPU-heavy calls in async context."""
import hashlib
import io

import bcrypt
import pandas as pd
from argon2 import PasswordHasher
from fastapi import APIRouter, UploadFile
from passlib.context import CryptContext
from passlib.hash import bcrypt as bcrypt_handler
from PIL import Image, ImageDraw
from starlette.concurrency import run_in_threadpool

router = APIRouter()
pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
hasher = PasswordHasher()


@router.post("/register")
async def register(password: str):
    # expect: FPL106
    hashed = await run_in_threadpool(bcrypt.hashpw, password.encode(), bcrypt.gensalt())
    return {"hash": hashed}


@router.post("/login")
async def login(password: str, stored: str):
    # expect: FPL106
    if not await run_in_threadpool(pwd_context.verify, password, stored):
        return {"ok": False}
    # expect: FPL106
    return {"ok": True, "rehash": await run_in_threadpool(pwd_context.hash, password)}


async def argon(password: str):
    # expect: FPL106
    return await run_in_threadpool(hasher.hash, password)


async def passlib_handler(password: str):
    # expect: FPL106
    return await run_in_threadpool(bcrypt_handler.hash, password)


async def derive(password: bytes, salt: bytes):
    # expect: FPL106
    return await run_in_threadpool(hashlib.pbkdf2_hmac, "sha256", password, salt, 600_000)


@router.post("/import")
async def import_csv(upload: UploadFile):
    # expect: FPL106
    frame = await run_in_threadpool(pd.read_csv, upload.file)
    return {"rows": len(frame)}


@router.post("/thumbnail")
async def thumbnail(upload: UploadFile):
    # expect: FPL106
    img = Image.open(upload.file)
    # expect: FPL106
    small = await run_in_threadpool(img.resize, (128, 128))
    # expect: FPL106
    await run_in_threadpool(small.save, "/tmp/thumb.png")


async def draw_marker(data: bytes) -> bytes:
    # expect: FPL106
    image = Image.open(io.BytesIO(data))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, 4, 4), fill="red")
    return image.tobytes()


async def decode_frames(frames: list[bytes]):
    images = []
    for frame in frames:
        # expect: FPL106
        with Image.open(io.BytesIO(frame)) as img:
            img.load()
            images.append(img)
    return images


async def to_rgb(data: bytes):
    # expect: FPL106
    return Image.open(io.BytesIO(data)).convert("RGB")


# ---- negatives ----


@router.post("/dimensions")
async def dimensions(upload: UploadFile):
    # ok: FPL106
    img = Image.open(upload.file)
    return {"width": img.width, "height": img.height}


async def image_format(data: bytes):
    # ok: FPL106
    with Image.open(io.BytesIO(data)) as probe:
        return probe.format, probe.size


async def open_lazily(path: str):
    # ok: FPL106
    return Image.open(path)


async def cheap_hashes(data: bytes):
    # ok: FPL106
    digest = hashlib.sha256(data).hexdigest()
    # ok: FPL106
    salt = bcrypt.gensalt()
    return digest, salt


async def offloaded(password: str):
    # ok: FPL106
    return await run_in_threadpool(bcrypt.hashpw, password.encode(), bcrypt.gensalt())


def sync_route(password: str):
    # ok: FPL106
    return pwd_context.hash(password)


async def frame_work(frame: pd.DataFrame):
    # ok: FPL106
    return frame.head(10).to_dict()


async def shadowed(bcrypt):
    # ok: FPL106
    return bcrypt.hashpw(b"x", b"y")


async def new_image():
    # ok: FPL106
    return Image.new("RGB", (1, 1))


async def keyword_func(password: str):
    # expect: FPL106
    return pwd_context.hash(password, func="x")
