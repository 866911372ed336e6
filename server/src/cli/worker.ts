// A lint worker thread (dist/worker.js): lints the files the main thread sends, one at a time.
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
    } else if (m.type === 'summary') {
      const e = index!.entry(m.result.path);
      if (e && !e.summary && m.result.summary && m.result.lineStarts) index!.setSummary(m.result.path, m.result.summary, '', m.result.lineStarts);
    } else {
      try {
        const result = lintPlanned(files.get(m.path)!, m.source, m.skipped, index!, config, registry);
        port.postMessage({ type: 'done', result } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ type: 'error', path: m.path, message: (e as Error)?.stack ?? String(e) } satisfies FromWorker);
      }
    }
  });
});
