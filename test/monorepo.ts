// A monorepo for the tests that compare the editor with `check`: nested configurations
// (each with its own `exclude` and `per-file-ignores`, globs relative to its own folder),
// a .gitignore, virtualenvs, and Python files with findings wherever they are.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './tempDir';

const SLEEP = 'import time\n\n\nasync def handler():\n    time.sleep(1)\n';

/** Every file of the fixture; the Python files hold findings wherever they are. */
export const FILES: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "mono"\n\n[tool.fastapi-perf-lint]\nexclude = ["legacy"]\n',
  '.gitignore': 'scratch/\n',
  'legacy/old.py': SLEEP, // the root's exclude
  'scratch/tmp.py': SLEEP, // .gitignore
  '.venv/lib/site.py': SLEEP, // a virtualenv by name
  'env/pyvenv.cfg': 'home = /usr/bin\n',
  'env/lib/thing.py': SLEEP, // a virtualenv by its pyvenv.cfg
  'services/worker.py': SLEEP + '\n\nasync def fetch():\n    import requests\n    return requests.get("http://x")\n',
  'backend/pyproject.toml': '[project]\nname = "backend"\n\n[tool.fastapi-perf-lint]\nextend-select = ["FPL108"]\nexclude = ["scripts/*.py", "app/generated_*.py"]\n\n[tool.fastapi-perf-lint.per-file-ignores]\n"app/tasks.py" = ["FPL101"]\n',
  'backend/app/__init__.py': '',
  'backend/app/services.py': 'import time\n\n\ndef slow_report():\n    time.sleep(2)\n    return 1\n',
  'backend/app/main.py':
    'import asyncio\nimport time\n\nfrom fastapi import FastAPI\n\nfrom app.services import slow_report\n\napp = FastAPI()\n\n\n@app.get("/report")\nasync def report():\n    await asyncio.sleep(0)\n    time.sleep(1)\n    return slow_report()\n',
  'backend/app/tasks.py': 'import time\n\nimport requests\n\n\nasync def sync_all():\n    time.sleep(1)\n    return requests.get("http://x")\n',
  'backend/scripts/seed.py': SLEEP, // backend's exclude (relative to backend/): the reproduced defect
  'backend/app/generated_client.py': SLEEP, // the same, in code that serves requests (scripts are not reported by default)
  'backend/legacy/keep.py': SLEEP, // the root's `legacy` is relative to the root, and backend's file governs here
};

/** The Python files each side must report on (findings or not). */
export const LINTED = ['backend/app/__init__.py', 'backend/app/main.py', 'backend/app/services.py', 'backend/app/tasks.py', 'backend/legacy/keep.py', 'services/worker.py'];
/** The Python files both leave out: excluded (by either configuration), .gitignore'd, in virtualenvs. */
export const LEFT_OUT = ['.venv/lib/site.py', 'backend/app/generated_client.py', 'backend/scripts/seed.py', 'env/lib/thing.py', 'legacy/old.py', 'scratch/tmp.py'];

/** Writes the monorepo into a temporary folder and returns its root. */
export function writeMonorepo(): string {
  const root = path.join(tempDir('fpl-mono-'), 'mono');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}
