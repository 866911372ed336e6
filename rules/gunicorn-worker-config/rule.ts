import { stringValue } from '../../server/src/analysis/fastapi';
import type { Rule } from '../../server/src/ruleApi/rule';
import { lineEnd } from '../../server/src/analysis/lines';
import { shortCode } from '../../server/src/ruleApi/message';

/** The file names gunicorn reads its Python configuration from (`gunicorn.conf.py` is its default). */
const CONFIG_FILES: ReadonlySet<string> = new Set(['gunicorn.conf.py', 'gunicorn_conf.py']);
/** Gunicorn's WSGI worker classes, by short name and by class path. */
const WSGI_WORKERS: ReadonlySet<string> = new Set([
  'sync',
  'gthread',
  'eventlet',
  'gevent',
  'tornado',
  'gunicorn.workers.sync.SyncWorker',
  'gunicorn.workers.gthread.ThreadWorker',
  'gunicorn.workers.geventlet.EventletWorker',
  'gunicorn.workers.ggevent.GeventWorker',
  'gunicorn.workers.gtornado.TornadoWorker',
]);
const UVICORN_WORKER = '"uvicorn_worker.UvicornWorker"';

function baseName(path: string | undefined): string {
  return (path ?? '').split(/[\\/]/).pop() ?? '';
}

export const rule: Rule = {
  meta: {
    code: 'FPL503',
    id: 'gunicorn-worker-config',
    family: 'app-setup',
    severity: 'info',
    fix: 'none',
    docs: {
      summary: 'A gunicorn configuration file that sets a WSGI (sync) `worker_class` for the ASGI app, or sets up workers without `max_requests`.',
      why: 'FastAPI is an ASGI application: gunicorn\'s own workers (`sync`, `gthread`, `gevent`, `eventlet`, `tornado`) speak WSGI and cannot run it without a WSGI adapter, which gives up the event loop and serves one request per thread; an ASGI worker such as `uvicorn_worker.UvicornWorker` (formerly `uvicorn.workers.UvicornWorker`) runs an event loop in each worker process. Without `max_requests`, a worker that slowly leaks memory (a growing cache, a C extension) is never recycled; `max_requests` with `max_requests_jitter` restarts workers gradually.',
      example: [
        'import multiprocessing',
        '',
        'bind = "0.0.0.0:8000"',
        'workers = multiprocessing.cpu_count() * 2 + 1',
        'worker_class = "sync"',
      ].join('\n'),
      useInstead: [
        'import multiprocessing',
        '',
        'bind = "0.0.0.0:8000"',
        'workers = multiprocessing.cpu_count() * 2 + 1',
        'worker_class = "uvicorn_worker.UvicornWorker"',
        'max_requests = 10000',
        'max_requests_jitter = 1000',
      ].join('\n'),
      fixSafety: 'No fix: the ASGI worker is a separate package (`uvicorn-worker`, or `uvicorn` for the older `uvicorn.workers.UvicornWorker`), and the restart interval depends on the service.',
      file: 'gunicorn.conf.py',
      references: ['https://docs.gunicorn.org/en/stable/settings.html#worker-class', 'https://docs.gunicorn.org/en/stable/settings.html#max-requests', 'https://fastapi.tiangolo.com/deployment/server-workers/'],
    },
  },
  check(ctx) {
    if (!CONFIG_FILES.has(baseName(ctx.path))) return;
    const { model } = ctx;
    for (const b of model.bindings(model.moduleScope).names.get('worker_class') ?? []) {
      if (b.k !== 'value' || !b.node || !model.covers(b.at)) continue;
      const value = stringValue(b.node, model.text);
      if (value === null || !WSGI_WORKERS.has(value)) continue;
      ctx.report({
        node: b.node,
        message: `\`worker_class = "${shortCode(value, 20)}"\` is a WSGI worker, but FastAPI is ASGI: use ${UVICORN_WORKER}`,
      });
    }
    // Only where this file sets up the workers, and when nothing else could define max_requests (a star import).
    // The module summary covers the whole file, whichever chunks are being checked.
    const workers = model.moduleBinding('workers');
    const anchor = [...(workers.length ? workers : model.moduleBinding('worker_class'))].sort((a, b) => a.at - b.at)[0];
    if (!anchor || model.moduleBinding('max_requests').length || model.moduleBinding('*').length || !model.covers(anchor.at)) return;
    ctx.report({
      start: anchor.at,
      end: lineEnd(model.text, anchor.at),
      message: 'No `max_requests`: workers are never recycled; set `max_requests` (with `max_requests_jitter`)',
      detail: 'Without `max_requests` a slow memory leak grows until the process is killed.',
    });
  },
};
