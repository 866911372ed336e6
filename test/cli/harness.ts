// Running the built CLI (dist/cli.js, from `node esbuild.mjs`) as a subprocess over
// fixture trees written to temporary folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../tempDir';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
export const REPO = join(__dirname, '..', '..');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], cwd?: string, env: Record<string, string> = {}, cli = CLI): Run {
  const base = { ...process.env };
  delete base.GITHUB_WORKSPACE;
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { ...base, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary project: relative path -> text (or bytes). Returns its folder. */
export function project(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('fpl-cli-');
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A module with one FPL101 finding (`time.sleep` in an async def) on line 3, column 5. */
export const SLEEPY = 'import time\nasync def f():\n    time.sleep(1)\n';
