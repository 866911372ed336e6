// The prefilter keeps every file a rule can fire in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldLint } from '../../server/src/engine/prefilter';

test('prefilter: a module imported by a FastAPI module is linted (a sync dependency without imports, FPL112)', () => {
  const texts: Record<string, string> = {
    'app/routes.py': 'from fastapi import Depends\nfrom .deps import page\n',
    'app/deps.py': 'def page(skip: int = 0):\n    return skip\n',
    'app/deeper.py': 'X = 1\n',
    'tools/script.py': 'print(1)\n',
  };
  const deps: Record<string, string[]> = { 'app/routes.py': ['app/deps.py'], 'app/deps.py': ['app/deeper.py'], 'app/deeper.py': [], 'tools/script.py': [] };
  const files = Object.keys(texts).map((path) => ({ path }));
  const out = shouldLint(files, (p) => texts[p], (p) => deps[p]);
  assert.deepEqual([...out].sort(), ['app/deeper.py', 'app/deps.py', 'app/routes.py']);
});
