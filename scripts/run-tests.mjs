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
// Node 20's --test-timeout limits each test file as a whole. test/ship/ installs the package
// from source (npm installs the devDependencies, then builds), once or twice per file: about
// 25 s each on an idle machine, minutes on a busy one, so its files run after the others,
// with a longer limit.
const slow = (f) => f.split(/[\\/]/).includes('ship');
let status = 0;
for (const [group, timeout] of [[files.filter((f) => !slow(f)), 180000], [files.filter(slow), 600000]]) {
  if (group.length === 0) continue;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${timeout}`, ...group], { stdio: 'inherit' });
  status ||= r.status ?? 1;
}
process.exit(status);
