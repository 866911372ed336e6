// Runs the node:test suites (TypeScript through tsx). Node 20's --test takes no globs,
// so the files are listed here. Usage: node scripts/run-tests.mjs [dir-or-file ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const skip = new Set(['e2e', 'node_modules', '.artifacts']);
const files = [];
const walk = (p) => {
  if (statSync(p).isFile()) {
    if (p.endsWith('.test.ts')) files.push(p);
    return;
  }
  for (const e of readdirSync(p).sort()) if (!skip.has(e)) walk(join(p, e));
};
roots.forEach(walk);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=180000', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
