// dist/worker.js: starts a lint worker thread from dist/worker-bundle.js through the code
// cache (./codeCache.ts), so each worker skips compiling the bundle.
import * as path from 'node:path';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'worker-bundle.js'));
