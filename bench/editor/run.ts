// `npm run bench:editor`: keystroke -> squiggle in the real VS Code workbench (code-server in
// headless Chromium, the packaged .vsix, as test/e2e sets them up), for our language server
// and for a null server (nullServer.ts: answers at once, computes nothing) launched by the
// same client in the same run. In a route module of examples/ with a line
// `time.sleep1)`, it types `(` (an FPL101 squiggle appears) and Backspace (it goes), timing
// each keystroke (the page's keydown) to the change of the editor's error squiggles (a
// MutationObserver in the page). Rounds alternate null and ours, so both see the same
// machine. Then the protocol-level variant (scripts/lsp-latency.ts: an independent client
// pulling after edits, 1 edit at a time and 10 edits/s).
// A benchmark, not a test: it prints numbers and asserts nothing.
// Usage: npm run bench:editor -- [--rounds 2] [--keystrokes 30] [--server path/to/server.js]
//        [--vsix file.vsix] [--no-protocol]
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { launchChromium, type Page } from '../../test/e2e/browser';
import { isolatedEnv, startCodeServer } from '../../test/e2e/codeServer';
import { runOk, until } from '../../test/e2e/proc';
import { ensureTools, ROOT } from '../../test/e2e/setup';
import { caretAt, quickOpen } from '../../test/e2e/ui';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    keystrokes: { type: 'string', default: '30' },
    server: { type: 'string' },
    vsix: { type: 'string' },
    'no-protocol': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds);
const KEYSTROKES = Number(values.keystrokes);
const FILE = 'shop-api/app/routers/items.py';
/** Appended to FILE: the caret goes after `time.sleep` on the marked line. */
const BENCH_ROUTE = '\n\n@router.get("/bench")\nasync def bench_route():\n    time.sleep1)\n    return {}\n';
const SETTINGS = {
  'editor.autoClosingBrackets': 'never',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.parameterHints.enabled': false,
  'editor.hover.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'files.autoSave': 'off',
};
const log = (s: string): void => console.log(s);

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Files that replace the extension's dist/ for one server: the null bundle, or another build's starter and bundle. */
async function serverFiles(kind: 'null' | 'ours', dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  if (kind === 'null') {
    const out = path.join(dir, 'server.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, 'nullServer.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
    return [out];
  }
  if (!values.server) return [];
  const from = path.dirname(path.resolve(values.server));
  return ['server.js', 'server-bundle.js'].map((f) => path.join(from, f)).filter((f) => existsSync(f));
}

/**
 * In the page: the time of each keydown, and of each change of the editor's error squiggle
 * count. A string, so that no compiler helper ends up in the page.
 */
const RECORDER = `(() => {
  const count = () => document.querySelectorAll('.monaco-editor .view-overlays .squiggly-error').length;
  window.__fpl = { keydown: 0, changes: [] };
  let last = count();
  document.addEventListener('keydown', () => (window.__fpl.keydown = performance.now()), true);
  new MutationObserver(() => {
    const n = count();
    if (n !== last) {
      last = n;
      window.__fpl.changes.push({ n, t: performance.now() });
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})()`;

const squiggles = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.monaco-editor .view-overlays .squiggly-error').length, undefined);

/** One round: a fresh code-server with the .vsix (and `kind`'s server), `KEYSTROKES` timed keystrokes. */
async function round(kind: 'null' | 'ours', o: { codeServer: string; playwrightCore: string; vsix: string; version: string; tmp: string; n: number }): Promise<number[]> {
  const state = path.join(o.tmp, `${kind}-${o.n}`);
  const logFile = path.join(o.tmp, `${kind}-${o.n}.log`);
  const cs = await startCodeServer({ bin: o.codeServer, vsix: o.vsix, version: o.version, state, settings: SETTINGS, logFile });
  const browser = await launchChromium(o.playwrightCore, isolatedEnv(path.join(state, 'browser')));
  try {
    for (const f of await serverFiles(kind, path.join(o.tmp, `${kind}-server`))) copyFileSync(f, path.join(cs.extensionDir, 'dist', path.basename(f)));
    const ws = path.join(state, 'examples');
    cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
    const file = path.join(ws, FILE);
    const text = readFileSync(file, 'utf8') + BENCH_ROUTE;
    writeFileSync(file, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('time.sleep1)'));
    const column = lines[line].indexOf('1)') + 1;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(cs.url(ws), { timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    await quickOpen(page, FILE);
    // The first answer: errors in the status bar's Problems item (the squiggles may be out of view).
    await until('the first diagnostics', async () => ((await page.evaluate<string>(`document.getElementById('status.problems')?.innerText ?? ''`)).match(/\d+/)?.[0] ?? '0') !== '0' || undefined, 60000);
    await caretAt(page, line + 1, column);
    await page.waitForTimeout(2000); // indexing, the first workspace pull
    await page.evaluate(RECORDER);
    const samples: number[] = [];
    for (let i = 0; i < KEYSTROKES + 4; i++) {
      const before = await squiggles(page);
      const seen = await page.evaluate(() => (globalThis as unknown as { __fpl: { changes: unknown[] } }).__fpl.changes.length, undefined);
      await page.keyboard.press(i % 2 === 0 ? '(' : 'Backspace');
      const want = i % 2 === 0 ? before + 1 : before - 1;
      const change = await until(
        `the squiggles to go from ${before} to ${want} (${kind}, keystroke ${i})`,
        () =>
          page.evaluate(
            (a: { seen: number; want: number }) => {
              const r = (globalThis as unknown as { __fpl: { keydown: number; changes: Array<{ n: number; t: number }> } }).__fpl;
              const c = r.changes.slice(a.seen).find((x) => x.n === a.want);
              return c ? c.t - r.keydown : undefined;
            },
            { seen, want },
          ),
        15000,
        20,
      );
      if (i >= 4) samples.push(change); // the first keystrokes warm up
      await page.waitForTimeout(300);
    }
    return samples;
  } finally {
    await browser.close();
    await cs.stop();
  }
}

async function main(): Promise<void> {
  const { tools } = await ensureTools(path.join(ROOT, '.tmp', 'bench-editor-setup.log'));
  let vsix = values.vsix ? path.resolve(values.vsix) : path.join(ROOT, 'fastapi-perf-lint.vsix');
  if (!values.vsix) {
    log('packaging the .vsix (npm run package)');
    await runOk('npm', ['run', 'package'], { cwd: ROOT, timeoutMs: 300000 });
  }
  vsix = path.resolve(vsix);
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const tmp = mkdtempSync(path.join(tmpdir(), 'fpl-bench-editor-'));
  const all: Record<'null' | 'ours', number[]> = { null: [], ours: [] };
  try {
    for (let n = 0; n < ROUNDS; n++) {
      for (const kind of ['null', 'ours'] as const) {
        const s = await round(kind, { codeServer: tools.codeServer, playwrightCore: tools.playwrightCore, vsix, version, tmp, n });
        all[kind].push(...s);
        log(`  round ${n + 1} ${kind.padEnd(4)}: median ${pct(s, 50).toFixed(1)} ms, p95 ${pct(s, 95).toFixed(1)} ms (${s.length} keystrokes)`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const m = { null: pct(all.null, 50), ours: pct(all.ours, 50) };
  const p = { null: pct(all.null, 95), ours: pct(all.ours, 95) };
  log(`\nkeystroke -> squiggle in code-server (${FILE}, ${all.ours.length} keystrokes each${values.server ? `, ours = ${values.server}` : ''})`);
  log(`  null server: median ${m.null.toFixed(1)} ms, p95 ${p.null.toFixed(1)} ms`);
  log(`  ours:        median ${m.ours.toFixed(1)} ms, p95 ${p.ours.toFixed(1)} ms`);
  log(`  ratio:       median ${(m.ours / m.null).toFixed(2)}x, p95 ${(p.ours / p.null).toFixed(2)}x (target: within 1.3x)`);
  if (!values['no-protocol']) {
    log('\nprotocol level (scripts/lsp-latency.ts, pull after each edit):');
    const args = ['tsx', path.join(ROOT, 'scripts', 'lsp-latency.ts'), path.join(ROOT, 'examples', FILE), '--mode', 'pull', '--keystrokes', '60'];
    if (values.server) args.push('--server', path.resolve(values.server));
    spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
