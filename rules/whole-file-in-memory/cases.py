"""FPL205: routes that read a whole file into memory to send it."""
import io
from pathlib import Path

import aiofiles
from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, StreamingResponse
from starlette.responses import Response as StarletteResponse

router = APIRouter()
REPORTS = Path("/srv/reports")
INDEX = Path(__file__).parent / "static" / "index.html"
LOGO = Path("logo.png").read_bytes()


@router.get("/reports/{name}")
def report(name: str):
    data = (REPORTS / name).read_bytes()
    # expect: FPL205
    return Response(data, media_type="application/pdf")


@router.get("/raw/{name}")
def raw(name: str):
    # expect: FPL205
    return Response(open(f"/srv/{name}", "rb").read())


@router.get("/with/{name}")
def with_block(name: str):
    with open(REPORTS / name, "rb") as fh:
        body = fh.read()
    # expect: FPL205
    return StarletteResponse(content=body, media_type="application/octet-stream")


@router.get("/async/{name}")
async def async_read(name: str):
    async with aiofiles.open(REPORTS / name, "rb") as f:
        # expect: FPL205
        return Response(await f.read(), media_type="application/pdf")


@router.get("/text/{name}")
def text(name: str):
    # expect: FPL205
    return PlainTextResponse(Path(name).read_text())


@router.get("/")
def index():
    # expect: FPL205
    return HTMLResponse(content=INDEX.read_text(encoding="utf-8"))


@router.get("/file/{name}")
def file(name: str):
    # ok: FPL205
    return FileResponse(REPORTS / name)


@router.get("/stream/{name}")
def stream(name: str):
    # ok: FPL205
    return StreamingResponse(open(REPORTS / name, "rb"), media_type="application/pdf")


@router.get("/chunk/{name}")
def chunk(name: str):
    with open(REPORTS / name, "rb") as fh:
        head = fh.read(4096)
    # ok: FPL205
    return Response(head)


@router.get("/generated")
def generated():
    buf = io.BytesIO()
    render_into(buf)
    # ok: FPL205
    return Response(buf.getvalue(), media_type="image/png")


@router.get("/logo")
def logo():
    # ok: FPL205
    return Response(LOGO, media_type="image/png")


def helper(name: str):
    # ok: FPL205
    return Response((REPORTS / name).read_bytes())


@router.get("/reassigned/{name}")
def reassigned(name: str):
    data = b""
    if name:
        data = render(name)
    # ok: FPL205
    return Response(data)
