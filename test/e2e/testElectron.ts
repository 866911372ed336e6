// The extension-host suite (suite/index.ts) in desktop VS Code with @vscode/test-electron,
// where a VS Code binary exists: VSCODE_EXECUTABLE, one already downloaded into
// .vscode-test/, or FPL_E2E_DOWNLOAD=1 to download one. Our build machines have none (the
// same suite runs in code-server's extension host there, see exthost.ts).
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Expectations } from './expectations';
import { bundleSuite, suiteResults } from './exthost';
import { Steps, type StepResult } from './results';
import { ROOT } from './setup';

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

/**
 * Runs the suite on `workspace` (a copy of examples/) with the extension in the repository
 * (dist/ built). Returns undefined, with the reason logged, when there is no VS Code.
 */
export async function runTestElectron(o: { workspace: string; expected: Expectations; outDir: string; log: (l: string) => void }): Promise<StepResult[] | undefined> {
  const found = findVSCode();
  if (!found.executable && !found.download) {
    o.log(`  skip test-electron: ${found.reason}`);
    return undefined;
  }
  const steps = new Steps('test-electron', o.log);
  const suite = await bundleSuite(o.outDir, o.expected);
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const vscodeExecutablePath = found.executable ?? (await downloadAndUnzipVSCode());
  let exit: number | string = 0;
  try {
    exit = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [o.workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
    });
  } catch (e) {
    exit = String((e as Error)?.message ?? e);
  }
  suiteResults('test-electron', o.outDir, exit, steps);
  return steps.results;
}
