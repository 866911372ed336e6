// Which files belong to a project: discovery with each path's own configuration, and the
// open-file decision, which must be the same as discovery's for every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { discoverProjectFiles, isExcludedFromProject } from '../../server/src/engine/discovery';
import { FileConfigs, ProjectConfigFiles } from '../../server/src/engine/fileConfigs';
import { REGISTRY } from '../helpers';
import { FILES, LEFT_OUT, LINTED, writeMonorepo } from '../monorepo';

test('discovery: each folder and file is judged by its own configuration, exclude globs relative to that configuration\'s folder', () => {
  const root = writeMonorepo();
  const configs = new FileConfigs(new ProjectConfigFiles(REGISTRY.codes), undefined);
  const found = discoverProjectFiles([root], root, configs.configFor).map((f) => path.relative(root, f).split(path.sep).join('/'));
  assert.deepEqual(found, LINTED);
  // backend/pyproject.toml governs backend/: its per-file-ignores are relative to backend/.
  const tasks = configs.forPath(path.join(root, 'backend/app/tasks.py'));
  assert.equal(tasks.loaded.file, path.join(root, 'backend', 'pyproject.toml'));
  assert.deepEqual(tasks.config.perFileIgnores, [{ glob: 'app/tasks.py', codes: ['FPL101'], base: path.join(root, 'backend') }]);
});

test('discovery: the open-file decision is discovery\'s, for every Python file (left-out ones included)', () => {
  const root = writeMonorepo();
  const configs = new FileConfigs(new ProjectConfigFiles(REGISTRY.codes), undefined);
  const found = new Set(discoverProjectFiles([root], root, configs.configFor));
  const files = Object.keys(FILES).filter((f) => f.endsWith('.py'));
  assert.deepEqual([...files].sort(), [...LINTED, ...LEFT_OUT].sort());
  for (const rel of files) {
    const abs = path.join(root, rel);
    assert.equal(isExcludedFromProject(abs, root, configs.configFor), !found.has(abs), rel);
  }
  // Outside the folder nothing is excluded.
  assert.equal(isExcludedFromProject(path.join(path.dirname(root), 'elsewhere.py'), root, configs.configFor), false);
});

test('discovery: editor settings (a layer with no folder) exclude relative to the walk\'s root; an untrusted workspace reads no project file', () => {
  const root = writeMonorepo();
  const untrusted = new FileConfigs(undefined, { exclude: ['services'] });
  const found = discoverProjectFiles([root], root, untrusted.configFor).map((f) => path.relative(root, f).split(path.sep).join('/'));
  // No project file: what either configuration excluded is back; services/ is excluded by the layer.
  assert.deepEqual(found, ['backend/app/__init__.py', 'backend/app/generated_client.py', 'backend/app/main.py', 'backend/app/services.py', 'backend/app/tasks.py', 'backend/legacy/keep.py', 'backend/scripts/seed.py', 'legacy/old.py']);
  assert.equal(isExcludedFromProject(path.join(root, 'services/worker.py'), root, untrusted.configFor), true);
  assert.equal(isExcludedFromProject(path.join(root, 'backend/scripts/seed.py'), root, untrusted.configFor), false);
});
