// Worker threads for project linting. Workers share nothing but the file list: each has its
// own parser and index, builds any summary it lacks from the module's text, and also gets the
// summaries other workers produce (a shortcut only: both ways give the same summary). Work
// goes out in batches (fewer messages, less waiting), smaller towards the end so the
// workers finish together; workers start through V8's code cache as the CLI does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from './config';
import type { SkippedNote } from './notes';
import type { LintedFile, LoadedFile, PlannedFile } from './project';
import type { DecodedSource } from './text';

export type ToWorker =
  | { type: 'init'; files: PlannedFile[]; config: ResolvedConfig }
  | { type: 'lint'; files: Array<{ path: string; source?: DecodedSource; skipped?: SkippedNote }> }
  | { type: 'summaries'; results: LintedFile[] };

export type FromWorker = { type: 'done'; results: LintedFile[] } | { type: 'error'; path: string; message: string };

/** Files in one message: a share of what is left, between 1 and 32. */
export function batchSize(left: number, workers: number): number {
  return Math.max(1, Math.min(32, Math.floor(left / (workers * 4))));
}

/** The bundled worker script (dist/worker.js), next to the CLI bundle or under the repository's dist/. */
export function workerScript(): string | undefined {
  for (const p of [path.join(__dirname, 'worker.js'), path.join(__dirname, '..', '..', '..', 'dist', 'worker.js')]) {
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function runInWorkers(
  script: string,
  count: number,
  files: PlannedFile[],
  order: readonly string[],
  config: ResolvedConfig,
  load: (path: string) => LoadedFile,
  onResult: (r: LintedFile) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let pending = order.length;
    let failed = false;
    const finish = (err?: Error): void => {
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const feed = (w: Worker): void => {
      if (next >= order.length) return;
      const batch = order.slice(next, next + batchSize(order.length - next, count));
      next += batch.length;
      w.postMessage({ type: 'lint', files: batch.map((p) => ({ path: p, ...load(p) })) } satisfies ToWorker);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(script);
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (failed) return;
        if (m.type === 'error') {
          failed = true;
          finish(new Error(`worker failed on ${m.path}: ${m.message}`));
          return;
        }
        for (const r of m.results) onResult(r);
        const summaries = m.results.filter((r) => r.summary).map((r) => ({ ...r, findings: [], notes: [] }));
        if (summaries.length) for (const other of workers) if (other !== w) other.postMessage({ type: 'summaries', results: summaries } satisfies ToWorker);
        pending -= m.results.length;
        if (pending === 0) finish();
        else feed(w);
      });
      w.on('error', (e) => {
        if (!failed) {
          failed = true;
          finish(e);
        }
      });
      w.postMessage({ type: 'init', files, config } satisfies ToWorker);
    }
    if (pending === 0) finish();
    for (const w of workers) feed(w);
  });
}
