// A lint worker thread (dist/worker-bundle.js, started by dist/worker.js through the code
// cache): lints the batches of files the main thread sends.
import { parentPort } from 'node:worker_threads';
import { RULES } from '../../../rules/index';
import { initParser } from '../engine/parser';
import { lintPlanned, newIndex, type PlannedFile } from '../engine/project';
import { ruleRegistry } from '../engine/registry';
import type { FromWorker, ToWorker } from '../engine/pool';
import type { WorkspaceIndex } from '../engine/workspace';

const port = parentPort!;
const registry = ruleRegistry(RULES);
let index: WorkspaceIndex | undefined;
let files = new Map<string, PlannedFile>();
let config: Extract<ToWorker, { type: 'init' }>['config'];
const ready = initParser();
let queue = Promise.resolve();

port.on('message', (m: ToWorker) => {
  queue = queue.then(async () => {
    await ready;
    if (m.type === 'init') {
      config = m.config;
      files = new Map(m.files.map((f) => [f.path, f]));
      index = newIndex(m.files, config);
    } else if (m.type === 'summaries') {
      for (const r of m.results) {
        const e = index!.entry(r.path);
        if (e && !e.summary && r.summary && r.lineStarts) index!.setSummary(r.path, r.summary, '', r.lineStarts);
      }
    } else {
      const results = [];
      for (const f of m.files) {
        try {
          results.push(lintPlanned(files.get(f.path)!, f.source, f.skipped, index!, config, registry));
        } catch (e) {
          port.postMessage({ type: 'error', path: f.path, message: (e as Error)?.stack ?? String(e) } satisfies FromWorker);
          return;
        }
      }
      port.postMessage({ type: 'done', results } satisfies FromWorker);
    }
  });
});
