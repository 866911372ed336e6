"""FPL106 fixtures: office documents, PDF renderers, pandas writers, googleapiclient's build."""
import asyncio
import io

import docx
import openpyxl
import pandas as pd
from docx import Document
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from googleapiclient.discovery import build
from openpyxl import Workbook, load_workbook
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate
from weasyprint import HTML
from xhtml2pdf import pisa

app = FastAPI()


@app.get("/export.xlsx")
async def export_xlsx(rows: list[dict]):
    buf = io.BytesIO()
    frame = pd.DataFrame(rows)
    # expect: FPL106
    frame.to_excel(buf, index=False)
    return buf.getvalue()


async def export_csv(path: str):
    # expect: FPL106
    frame = pd.read_csv(path)
    # expect: FPL106
    frame.to_csv(path + ".out")
    # expect: FPL106
    frame.to_parquet(path + ".parquet")


async def word_report(template: str, out: str):
    # expect: FPL106
    doc = Document(template)
    doc.add_paragraph("Total")
    # expect: FPL106
    doc.save(out)
    # expect: FPL106
    return docx.Document()


async def spreadsheet(path: str):
    # expect: FPL106
    wb = load_workbook(path)
    wb.active["A1"] = "x"
    # expect: FPL106
    wb.save(path)
    fresh = Workbook()
    # expect: FPL106
    fresh.save(path + ".new")
    # expect: FPL106
    return openpyxl.load_workbook(path, read_only=True)


async def pdf_from_html(html: str):
    # expect: FPL106
    pdf = HTML(string=html).write_pdf()
    buf = io.BytesIO()
    # expect: FPL106
    pisa.CreatePDF(html, dest=buf)
    doc = SimpleDocTemplate(buf, pagesize=A4)
    # expect: FPL106
    doc.build([Paragraph(html)])
    return pdf, buf.getvalue()


async def drive_service(creds):
    # expect: FPL106
    return build("drive", "v3", credentials=creds, cache_discovery=False)


# ---- negatives ----


def sync_route(path: str):
    # ok: FPL106
    return load_workbook(path)


async def offloaded(path: str, html: str):
    # ok: FPL106
    wb = await run_in_threadpool(load_workbook, path)
    # ok: FPL106
    pdf = await asyncio.to_thread(lambda: HTML(string=html).write_pdf())
    return wb, pdf


async def only_a_name(doc, wb, frame, path: str):
    # ok: FPL106
    doc.save(path)
    # ok: FPL106
    wb.save(path)
    # ok: FPL106
    frame.to_csv(path)


async def cheap_frame_work(rows: list[dict]):
    frame = pd.DataFrame(rows)
    # ok: FPL106
    return frame.head(10)


async def shadowed(path: str):
    Document = dict
    # ok: FPL106
    return Document(path=path)
