"""Invoice rendering through an external tool."""
import subprocess
from pathlib import Path


def render_invoice(order_id: int, out_dir: str) -> Path:
    target = Path(out_dir) / f"invoice-{order_id}.pdf"
    subprocess.run(["wkhtmltopdf", f"http://localhost/orders/{order_id}", str(target)], check=True)
    return target


def build_report(order_id: int, out_dir: str) -> Path:
    # Blocks through render_invoice -> subprocess.run.
    return render_invoice(order_id, out_dir)
