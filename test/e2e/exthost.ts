// The extension-host suite (suite/index.ts) in code-server's extension host: the workbench
// opened with the extensionDevelopmentPath/extensionTestsPath payload runs the suite's
// run() like @vscode/test-electron does, and reports its end through
// window.codeAutomationExit(code). The development path is the unpacked .vsix.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { launchChromium } from './browser';
import type { CodeServer } from './codeServer';
import type { Expectations } from './expectations';
import { Steps, type StepResult } from './results';
import { findFile } from './ui';

/** Bundles the suite into `dir` (suite.js) with the expectations beside it. */
export async function bundleSuite(dir: string, expected: Expectations): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'suite.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'suite', 'index.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected, null, 2));
  return out;
}

interface SuiteResults {
  vscode: string;
  node: string;
  results: Array<{ name: string; ok: boolean; ms: number; error?: string }>;
}

/** The suite's own results (results.json beside the bundle) as steps; a missing file or a bad exit code is a failure too. */
export function suiteResults(suite: string, dir: string, exit: number | string, steps: Steps): void {
  const file = path.join(dir, 'results.json');
  const r = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SuiteResults) : undefined;
  for (const t of r?.results ?? []) steps.push({ suite, name: t.name, ok: t.ok, ms: t.ms, error: t.error, artifacts: [] });
  if (r) steps.log(`  (${suite}: VS Code ${r.vscode}, extension host node ${r.node})`);
  const failed = (r?.results ?? []).some((t) => !t.ok);
  if (!r || r.results.length === 0 || (exit !== 0 && !failed)) steps.push({ suite, name: 'the suite ran to its end', ok: false, ms: 0, error: `exit ${exit}; results: ${r ? `${r.results.length} tests` : 'none written'}`, artifacts: [] });
}

export async function runExthostSuite(o: { playwrightCore: string; cs: CodeServer; workspace: string; expected: Expectations; outDir: string; browserEnv: NodeJS.ProcessEnv; log: (l: string) => void; logFile: string; timeoutMs: number }): Promise<StepResult[]> {
  const steps = new Steps('exthost', o.log);
  const suite = await bundleSuite(o.outDir, o.expected);
  const browser = await launchChromium(o.playwrightCore, o.browserEnv);
  let exit: number | string = 'no exit';
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let done!: (code: number | string) => void;
    const exited = new Promise<number | string>((r) => (done = r));
    await page.exposeFunction('codeAutomationExit', ((code: number) => done(code)) as (...args: never[]) => unknown);
    page.on('console', (m) => writeFileSync(o.logFile, `[${m.type()}] ${m.text()}\n`, { flag: 'a' }));
    const remote = (p: string): string => `vscode-remote://${o.cs.host}${p}`;
    await page.goto(
      o.cs.url(o.workspace, [
        ['extensionDevelopmentPath', remote(o.cs.extensionDir)],
        ['extensionTestsPath', remote(suite)],
        ['skipWelcome', 'true'],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    exit = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r(`timed out after ${o.timeoutMs} ms`), o.timeoutMs)))]);
    clearTimeout(timer);
  } finally {
    await browser.close();
  }
  suiteResults('exthost', o.outDir, exit, steps);
  const t0 = Date.now();
  const logFile = findFile(path.join(o.cs.userData, 'logs'), 'FastAPI Perf Lint.log');
  const traced = !!logFile && /Sending (request|notification) '/.test(readFileSync(logFile, 'utf8'));
  steps.push({ suite: 'exthost', name: 'the Output channel has the protocol trace fastapiPerf.trace.server asked for', ok: traced, ms: Date.now() - t0, error: traced ? undefined : `no trace in ${logFile ?? 'the logs (no FastAPI Perf Lint.log)'}`, artifacts: [] });
  return steps.results;
}
