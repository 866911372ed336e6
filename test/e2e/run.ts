// Runs the extension-host suite (suite/index.ts) in a real VS Code with
// @vscode/test-electron. It needs a VS Code binary: VSCODE_EXECUTABLE, one already
// downloaded into .vscode-test/, or FPL_E2E_DOWNLOAD=1 to download one. Without any it
// says so and exits 0 (our build machines cannot download VS Code).
// Usage: npm run test:e2e
import { existsSync, readdirSync, rmSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(__dirname, '..', '..');

/** A VS Code executable to test with, or the reason there is none. */
export function findVSCode(): { executable?: string; download?: boolean; reason?: string } {
  const env = process.env.VSCODE_EXECUTABLE;
  if (env) return existsSync(env) ? { executable: env } : { reason: `VSCODE_EXECUTABLE=${env} does not exist` };
  const cache = path.join(ROOT, '.vscode-test');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)) {
      for (const candidate of [path.join(cache, dir, 'code'), path.join(cache, dir, 'VSCode-linux-x64', 'code'), path.join(cache, dir, 'Code.exe'), path.join(cache, dir, 'Visual Studio Code.app', 'Contents', 'MacOS', 'Electron')]) {
        if (existsSync(candidate)) return { executable: candidate };
      }
    }
  }
  if (process.env.FPL_E2E_DOWNLOAD === '1') return { download: true };
  return { reason: 'no VS Code binary found: set VSCODE_EXECUTABLE to a VS Code executable, or FPL_E2E_DOWNLOAD=1 to download one into .vscode-test/' };
}

export async function runE2E(): Promise<'passed' | string> {
  const found = findVSCode();
  if (!found.executable && !found.download) return `skipped: ${found.reason}`;
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const out = path.join(ROOT, 'test', '.artifacts', 'e2e');
  rmSync(out, { recursive: true, force: true });
  await esbuild.build({ entryPoints: [path.join(__dirname, 'suite', 'index.ts')], outfile: path.join(out, 'suite.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  // A scratch copy of the example project: the suite edits files.
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'fpl-e2e-')), 'shop-api');
  cpSync(path.join(ROOT, 'examples', 'shop-api'), workspace, { recursive: true });
  const vscodeExecutablePath = found.executable ?? (await downloadAndUnzipVSCode());
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(out, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
  });
  return 'passed';
}

if (require.main === module) {
  runE2E().then(
    (r) => {
      console.log(`VS Code e2e suite: ${r}`);
    },
    (e) => {
      console.error(`VS Code e2e suite failed: ${(e as Error)?.stack ?? e}`);
      process.exitCode = 1;
    },
  );
}
