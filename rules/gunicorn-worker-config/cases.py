# fixture-path: gunicorn.conf.py
"""FPL503 fixtures: linted as gunicorn.conf.py."""
import multiprocessing
import os

bind = "0.0.0.0:8000"
# expect: FPL503
workers = multiprocessing.cpu_count() * 2 + 1
# expect: FPL503
worker_class = "sync"

if os.environ.get("THREADS"):
    # expect: FPL503
    worker_class = "gthread"
elif os.environ.get("GREEN"):
    # expect: FPL503
    worker_class = "gevent"
elif os.environ.get("LEGACY"):
    # expect: FPL503
    worker_class = "gunicorn.workers.sync.SyncWorker"
elif os.environ.get("OLD_UVICORN"):
    # ok: FPL503
    worker_class = "uvicorn.workers.UvicornWorker"
elif os.environ.get("H11"):
    # ok: FPL503
    worker_class = "uvicorn_worker.UvicornH11Worker"
else:
    # ok: FPL503
    worker_class = os.environ.get("WORKER_CLASS", "uvicorn_worker.UvicornWorker")

# ok: FPL503
timeout = 120
# ok: FPL503
keepalive = 5


def on_starting(server):
    # ok: FPL503
    worker_class = "sync"
    return worker_class


class Preset:
    # ok: FPL503
    worker_class = "sync"


# ok: FPL503
NOTE = 'worker_class = "sync"'
