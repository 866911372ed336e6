// `npm run test:e2e`: the packaged extension and the bundled server in real editors.
// Installs what is missing (setup.ts), packages the .vsix (`npm run package`), then runs
// three suites, each on its own copy of examples/ in a temporary folder:
//   ui       the VS Code workbench (code-server) in headless Chromium, used like a person;
//   exthost  suite/index.ts against the real `vscode` API in code-server's extension host
//            (and under @vscode/test-electron where a VS Code binary exists);
//   nvim     headless Neovim over stdio.
// Screenshots, logs and what each client saw go to test/.artifacts/e2e/.
// FPL_E2E_SERVER=silent swaps in a server that publishes no diagnostics (every suite must
// fail then); FPL_E2E_SERVER=/path/to/server.js swaps in that file. FPL_E2E_ONLY=ui,nvim
// runs some suites only.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { isolatedEnv, startCodeServer } from './codeServer';
import { computeExpectations, type Expectations } from './expectations';
import { runExthostSuite } from './exthost';
import { runNvimSuite } from './nvim';
import { runOk } from './proc';
import type { StepResult } from './results';
import { ensureApt, ensureTools, ROOT, type Tools } from './setup';
import { runTestElectron } from './testElectron';
import { runUiSuite, UI_SETTINGS } from './ui';

const ARTIFACTS = path.join(ROOT, 'test', '.artifacts', 'e2e');
const LOGS = path.join(ARTIFACTS, 'logs');
const SUITES = ['ui', 'exthost', 'nvim', 'test-electron'] as const;

const t0 = Date.now();
const log = (line: string): void => console.log(line);
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The server that replaces dist/server.js in every client, or undefined for the real one. */
async function brokenServer(spec: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'server.js');
  if (spec === 'silent') {
    // As esbuild.mjs bundles the server: web-tree-sitter's CJS build (its ESM one reads import.meta.url).
    const treeSitter = require.resolve('web-tree-sitter').replace(/tree-sitter\.js$/, 'tree-sitter.cjs');
    await esbuild.build({ entryPoints: [path.join(__dirname, 'fixtures', 'silentServer.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', alias: { 'web-tree-sitter': treeSitter }, define: { 'require.main': 'undefined' }, logLevel: 'warning' });
  } else {
    copyFileSync(path.resolve(spec), out);
  }
  // The parser loads its .wasm files from beside the bundle.
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, f));
  return out;
}

async function main(): Promise<number> {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(LOGS, { recursive: true });
  const only = process.env.FPL_E2E_ONLY?.split(',').map((s) => s.trim());
  const wanted = (s: (typeof SUITES)[number]): boolean => !only || only.includes(s);
  const timings: Array<[string, number]> = [];
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const s = Date.now();
    try {
      return await fn();
    } finally {
      timings.push([what, Date.now() - s]);
      log(`[${secs(Date.now() - t0)}] ${what}: ${secs(Date.now() - s)}`);
    }
  };
  const results: StepResult[] = [];
  let skipped = 0;
  const tmp = mkdtempSync(path.join(tmpdir(), 'fpl-e2e-'));
  try {
    const setupLog = path.join(LOGS, 'setup.log');
    const apt = await timed('apt packages', () => ensureApt(setupLog));
    log(`  ${apt.length ? `installed ${apt.join(' ')}` : 'all installed'}`);
    const { tools, installed } = await timed('npm tools (playwright-core, code-server)', () => ensureTools(setupLog));
    log(`  ${installed ? 'installed into' : 'already in'} ${path.relative(ROOT, path.dirname(path.dirname(tools.codeServer)))}`);
    await timed('npm run package', () => runOk('npm', ['run', 'package'], { cwd: ROOT, timeoutMs: 300000, logFile: path.join(LOGS, 'package.log') }));
    const vsix = path.join(ROOT, 'fastapi-perf-lint.vsix');
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const examples = path.join(ROOT, 'examples');
    const expected = await timed('expectations from the CLI', () => computeExpectations(examples, path.join(tmp, 'cli'), path.join(ROOT, 'dist', 'cli.js'), path.join(LOGS, 'cli.log')));
    writeFileSync(path.join(ARTIFACTS, 'expected.json'), JSON.stringify(expected, null, 2));
    let server = path.join(ROOT, 'dist', 'server.js');
    let serverOverride: string | undefined;
    if (process.env.FPL_E2E_SERVER) {
      server = serverOverride = await brokenServer(process.env.FPL_E2E_SERVER, path.join(tmp, 'broken-server'));
      log(`  FPL_E2E_SERVER=${process.env.FPL_E2E_SERVER}: every client gets ${path.relative(tmp, server)} instead of dist/server.js`);
    }
    const workspace = (suite: string): string => {
      const ws = path.join(tmp, suite, 'examples');
      cpSync(examples, ws, { recursive: true });
      return ws;
    };
    const ctx: SuiteContext = { tools, vsix, version, expected, tmp, serverOverride };

    if (wanted('ui')) {
      results.push(
        ...(await timed('ui suite', () =>
          withCodeServer('ui', ctx, UI_SETTINGS, (cs, state) =>
            runUiSuite({ playwrightCore: tools.playwrightCore, cs, workspace: workspace('ui'), expected, outDir: path.join(ARTIFACTS, 'ui'), browserEnv: isolatedEnv(path.join(state, 'browser')), log, logFile: path.join(LOGS, 'ui-browser.log') }),
          ),
        )),
      );
    }
    if (wanted('exthost')) {
      results.push(
        ...(await timed('exthost suite', () =>
          withCodeServer('exthost', ctx, {}, (cs, state) =>
            runExthostSuite({ playwrightCore: tools.playwrightCore, cs, workspace: workspace('exthost'), expected, outDir: path.join(ARTIFACTS, 'exthost'), browserEnv: isolatedEnv(path.join(state, 'browser')), log, logFile: path.join(LOGS, 'exthost-browser.log'), timeoutMs: 240000 }),
          ),
        )),
      );
    }
    if (wanted('nvim')) {
      results.push(
        ...(await timed('nvim suite', () =>
          runNvimSuite({ server, workspace: workspace('nvim'), expected, outDir: path.join(ARTIFACTS, 'nvim'), state: path.join(tmp, 'nvim-state'), log, logFile: path.join(LOGS, 'nvim.log') }),
        )),
      );
    }
    if (wanted('test-electron')) {
      const r = serverOverride ? undefined : await runTestElectron({ workspace: workspace('test-electron'), expected, outDir: path.join(ARTIFACTS, 'test-electron'), log });
      if (r) results.push(...r);
      else skipped++;
    }
  } catch (e) {
    results.push({ suite: 'setup', name: 'install, package and prepare', ok: false, ms: 0, error: (e as Error)?.stack ?? String(e), artifacts: ['logs/setup.log'] });
    log(`FAIL setup: ${(e as Error)?.stack ?? e}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok);
  const passed = results.length - failed.length;
  const lines = [
    `e2e: ${secs(Date.now() - t0)} in all`,
    ...timings.map(([w, ms]) => `  ${w}: ${secs(ms)}`),
    ...results.map((r) => `${r.ok ? 'pass' : 'FAIL'} ${r.suite}: ${r.name}${r.artifacts.length ? ` [${r.artifacts.join(', ')}]` : ''}`),
  ];
  writeFileSync(path.join(ARTIFACTS, 'summary.txt'), `${lines.join('\n')}\n`);
  log('');
  for (const s of new Set(results.map((r) => r.suite))) {
    const rs = results.filter((r) => r.suite === s);
    log(`${s}: ${rs.filter((r) => r.ok).length} passed, ${rs.filter((r) => !r.ok).length} failed`);
  }
  if (failed.length) log(`failed: ${failed.map((f) => `${f.suite}: ${f.name}`).join('; ')}`);
  log(`artifacts: ${path.relative(ROOT, ARTIFACTS)}/ (summary.txt, ui/*.png, logs/)`);
  log(`e2e: ${passed} passed, ${failed.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed.length || results.length === 0 ? 1 : 0;
}

interface SuiteContext {
  tools: Tools;
  vsix: string;
  version: string;
  expected: Expectations;
  tmp: string;
  serverOverride?: string;
}

/** Runs a suite against a fresh code-server, stopped (by process group) afterwards; a start failure fails the suite. */
async function withCodeServer(suite: string, c: SuiteContext, settings: Record<string, unknown>, fn: (cs: Awaited<ReturnType<typeof startCodeServer>>, state: string) => Promise<StepResult[]>): Promise<StepResult[]> {
  const state = path.join(c.tmp, `${suite}-code-server`);
  const logFile = path.join(LOGS, `code-server-${suite}.log`);
  let cs: Awaited<ReturnType<typeof startCodeServer>>;
  try {
    cs = await startCodeServer({ bin: c.tools.codeServer, vsix: c.vsix, version: c.version, state, settings, logFile, serverOverride: c.serverOverride });
  } catch (e) {
    log(`  FAIL ${suite}: code-server did not start: ${(e as Error)?.message ?? e}`);
    return [{ suite, name: 'code-server starts with the .vsix installed', ok: false, ms: 0, error: String((e as Error)?.message ?? e), artifacts: [path.relative(ARTIFACTS, logFile)] }];
  }
  try {
    return await fn(cs, state);
  } catch (e) {
    log(`  FAIL ${suite}: ${(e as Error)?.stack ?? e}`);
    return [{ suite, name: 'the suite runs', ok: false, ms: 0, error: String((e as Error)?.stack ?? e), artifacts: [] }];
  } finally {
    await cs.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
