// Module names from file paths: what `import` statements elsewhere in the project must find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModuleNamer } from '../../server/src/engine/modules';
import { tempDir } from '../tempDir';

function tree(files: string[]): string {
  const dir = tempDir('fpl-modules-');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

test('packages, src layout and files outside any package', () => {
  const root = tree(['pyproject.toml', 'src/pkg/__init__.py', 'src/pkg/a.py', 'scripts/run.py', 'app/__init__.py', 'app/main.py']);
  const name = (f: string) => new ModuleNamer(root).nameOf(join(root, f));
  assert.deepEqual(name('src/pkg/a.py'), { module: 'pkg.a', isPackage: false });
  assert.deepEqual(name('src/pkg/__init__.py'), { module: 'pkg', isPackage: true });
  assert.deepEqual(name('scripts/run.py'), { module: 'scripts.run', isPackage: false });
  assert.deepEqual(name('app/main.py'), { module: 'app.main', isPackage: false });
});

test('a folder without __init__.py inside a package is part of that package, wherever the project root is', () => {
  // The project file is above the folder that holds the packages (a backend/ of a monorepo).
  const root = tree(['pyproject.toml', 'backend/ee/__init__.py', 'backend/ee/server/__init__.py', 'backend/ee/server/license/api.py', 'backend/ee/server/license/deep/more.py', 'backend/tools/x.py']);
  const name = (f: string) => new ModuleNamer(root).nameOf(join(root, f)).module;
  assert.equal(name('backend/ee/server/license/api.py'), 'ee.server.license.api');
  assert.equal(name('backend/ee/server/license/deep/more.py'), 'ee.server.license.deep.more');
  // No package above it: named from the project root, as before.
  assert.equal(name('backend/tools/x.py'), 'backend.tools.x');
});
