// The Neovim suite: headless nvim (nvim/check.lua) attached to the bundled server over
// stdio on a copy of examples/, with its state in a temporary HOME/XDG. nvim runs in its
// own process group (with the server it starts), killed if it does not end in time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv } from './codeServer';
import { EXAMPLES_FILE, type ExpectedFinding, type Expectations } from './expectations';
import { run } from './proc';
import { Steps, type StepResult } from './results';

interface NvimDiagnostic {
  code: string;
  line: number;
  column: number;
  message: string;
  source: string;
}

const key = (d: { code: string; line: number; column: number; message: string }): string => `${d.code} ${d.line}:${d.column} ${d.message}`;

function read<T>(file: string): T {
  if (!existsSync(file)) throw new Error(`nvim wrote no ${path.basename(file)}`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function sameFindings(got: NvimDiagnostic[], want: ExpectedFinding[]): void {
  const g = got.map(key).sort();
  const w = want.map(key).sort();
  const missing = w.filter((k) => !g.includes(k));
  const extra = g.filter((k) => !w.includes(k));
  if (missing.length || extra.length) throw new Error(`diagnostics differ from the CLI's:\nmissing: ${JSON.stringify(missing, null, 1)}\nunexpected: ${JSON.stringify(extra, null, 1)}`);
  const foreign = got.filter((d) => d.source !== 'fastapi-perf-lint');
  if (foreign.length) throw new Error(`diagnostics without the fastapi-perf-lint source: ${JSON.stringify(foreign)}`);
}

export async function runNvimSuite(o: { server: string; workspace: string; expected: Expectations; outDir: string; state: string; log: (l: string) => void; logFile: string }): Promise<StepResult[]> {
  const steps = new Steps('nvim', o.log);
  mkdirSync(o.outDir, { recursive: true });
  const want = o.expected.files[EXAMPLES_FILE];
  const env = {
    ...isolatedEnv(o.state),
    FPL_SERVER: o.server,
    FPL_FILE: path.join(o.workspace, EXAMPLES_FILE),
    FPL_ROOT: o.workspace,
    FPL_OUT: o.outDir,
    FPL_FIX_TITLE: o.expected.fpl101.finding.fixTitle,
    FPL_EXPECT_COUNT: String(want.length),
  };
  // The README's Neovim example for the routes request, run as written.
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const example = [...readme.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("'fastapiPerf/routes'"));
  if (!example) throw new Error('the README has no Neovim example for fastapiPerf/routes');
  writeFileSync(path.join(o.outDir, 'routes.lua'), example);
  (env as Record<string, string>).FPL_ROUTES_LUA = path.join(o.outDir, 'routes.lua');
  const t0 = Date.now();
  const r = await run('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'nvim', 'check.lua')}`], { env, cwd: o.workspace, timeoutMs: 90000, logFile: o.logFile });
  const ms = Date.now() - t0;
  writeFileSync(path.join(o.outDir, 'nvim-output.txt'), `exit: ${r.code}\n${r.stdout}${r.stderr}`);
  o.log(`  (nvim exit ${r.code} after ${(ms / 1000).toFixed(1)} s: ${r.stdout.split('\n').filter(Boolean).join(' / ')})`);
  const artifacts = (f: string) => [path.join('nvim', f)];
  await steps.run('diagnostics received with codes: the CLI findings of the route module', async (a) => {
    a.push(...artifacts('diagnostics.json'));
    sameFindings(read<NvimDiagnostic[]>(path.join(o.outDir, 'diagnostics.json')), want);
  });
  await steps.run('FPL101 code action applied: the buffer is the CLI fixed text', async (a) => {
    a.push(...artifacts('actions.json'), ...artifacts('buffer-after-fix.py'));
    const titles = read<string[]>(path.join(o.outDir, 'actions.json'));
    const title = o.expected.fpl101.finding.fixTitle!;
    if (!titles.includes(title)) throw new Error(`no ${JSON.stringify(title)} among ${JSON.stringify(titles)}`);
    const file = path.join(o.outDir, 'buffer-after-fix.py');
    if (!existsSync(file)) throw new Error('nvim wrote no buffer-after-fix.py');
    if (readFileSync(file, 'utf8') !== o.expected.fpl101.fixedText) throw new Error('the buffer after the fix differs from the CLI fixed text (see nvim/buffer-after-fix.py)');
  });
  await steps.run('after the edit the server drops the FPL101 finding and keeps the others', async (a) => {
    a.push(...artifacts('after-fix-diagnostics.json'));
    const after = read<NvimDiagnostic[]>(path.join(o.outDir, 'after-fix-diagnostics.json'));
    if (after.some((d) => d.code === 'FPL101')) throw new Error('FPL101 is still reported');
    if (after.length !== want.length - 1) throw new Error(`${after.length} findings after the fix, want ${want.length - 1}`);
  });
  await steps.run("the README's :FastapiRoutes lists the routes with their full paths; code lenses above the handlers", async (a) => {
    a.push(...artifacts('routes-quickfix.json'), ...artifacts('code-lenses.json'));
    const qf = read<Array<{ file: string; line: number; text: string }>>(path.join(o.outDir, 'routes-quickfix.json'));
    const items = qf.find((q) => q.text.startsWith('GET /items/  list_items'));
    if (!items || !items.file.endsWith(EXAMPLES_FILE)) throw new Error(`no GET /items/ list_items in ${EXAMPLES_FILE} among ${JSON.stringify(qf.map((q) => q.text))}`);
    if (!qf.some((q) => q.text.startsWith('GET /health  health (event-loop'))) throw new Error(`no GET /health among ${JSON.stringify(qf.map((q) => q.text))}`);
    const lenses = read<Array<{ line: number; title: string }>>(path.join(o.outDir, 'code-lenses.json'));
    const lens = lenses.find((l) => l.line === items.line);
    if (!lens || !/^GET \/items\/ · event loop · \d+ findings?$/.test(lens.title)) throw new Error(`no code lens for GET /items/ on line ${items.line}: ${JSON.stringify(lenses)}`);
  });
  if (r.code !== 0) steps.push({ suite: 'nvim', name: 'nvim exits 0', ok: false, ms, error: `exit ${r.code}: ${(r.stdout + r.stderr).slice(-1500)}`, artifacts: artifacts('nvim-output.txt') });
  return steps.results;
}
