// dist/cli.js: starts the bundle dist/cli-bundle.js through the code cache (./codeCache.ts).
import * as path from 'node:path';
import { runBundle } from './codeCache';

const bundle = path.join(__dirname, 'cli-bundle.js');
// Required rather than run (a test, a tool): the bundle as a plain module.
if (require.main === module) runBundle(bundle);
else module.exports = require(bundle);
