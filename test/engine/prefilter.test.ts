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
  // deeper.py is two imports away: a dependency there would need `Depends` in deps.py, which imports fastapi itself.
  assert.deepEqual([...out].sort(), ['app/deps.py', 'app/routes.py']);
});

test('prefilter: a library name the workspace provides itself (sqlite3 in the stdlib) is not a library', () => {
  const texts: Record<string, string> = { 'sqlite3/__init__.py': 'from sqlite3.dbapi2 import *\n', 'sqlite3/dbapi2.py': 'X = 1\n', 'user.py': 'import sqlite3\n' };
  const deps: Record<string, string[]> = { 'sqlite3/__init__.py': ['sqlite3/dbapi2.py'], 'sqlite3/dbapi2.py': [], 'user.py': ['sqlite3/__init__.py'] };
  const files = Object.keys(texts).map((path) => ({ path }));
  assert.deepEqual([...shouldLint(files, (p) => texts[p], (p) => deps[p], (name) => name === 'sqlite3')], []);
  assert.deepEqual([...shouldLint(files, (p) => texts[p], (p) => deps[p], () => false)].sort(), ['sqlite3/__init__.py', 'user.py']);
});
