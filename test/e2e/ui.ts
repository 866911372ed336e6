// The UI suite: what a person sees of the packaged extension in the real VS Code workbench
// (code-server) in headless Chromium, on a copy of examples/ with workspace diagnostics off
// (so that findings of unopened files can only come from "Scan Workspace"). Each step
// leaves a screenshot under test/.artifacts/e2e/ui/, `-FAILED.png` when it fails.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REGISTRY } from '../helpers';
import type { BrowserElement, Page } from './browser';
import { launchChromium } from './browser';
import type { CodeServer } from './codeServer';
import { EXAMPLES_FILE, UNOPENED_FILE, type ExpectedFinding, type Expectations } from './expectations';
import { until } from './proc';
import { Steps, type StepResult } from './results';

/** Settings of the UI suite's code-server. */
export const UI_SETTINGS = { 'fastapiPerf.workspaceDiagnostics': false };

const WAIT = 20000;

/** Text as compared: the editor's non-breaking spaces and Markdown's backticks go, runs of spaces become one. */
const norm = (s: string): string => s.replace(/\u00a0/g, ' ').replace(/`/g, '').replace(/\s+/g, ' ').trim();

interface Row {
  label: string;
  text: string;
}

interface Ctx {
  page: Page;
  workspace: string;
  expected: Expectations;
  shot: (name: string, artifacts: string[]) => Promise<void>;
}

export async function quickOpen(page: Page, rel: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: WAIT });
  await page.keyboard.type(rel);
  const base = path.posix.basename(rel);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${base}"]`, { timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${base}"]`, { timeout: WAIT });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: WAIT });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*="${title}"]`, { timeout: WAIT });
  await page.keyboard.press('Enter');
}

/** Puts the caret at a 1-based line and column of the active editor (Go to Line). */
export async function caretAt(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: WAIT });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (want: string) => [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<BrowserElement> } }).document.querySelectorAll('.statusbar-item')].some((e) => e.innerText.includes(want)),
    `Ln ${line}, Col ${column}`,
    { timeout: WAIT },
  );
}

async function showProblems(page: Page): Promise<void> {
  if ((await page.locator('.markers-panel').count()) === 0 || !(await page.locator('.markers-panel').first().boundingBox())) await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { state: 'visible', timeout: WAIT });
}

async function problemsFilter(page: Page, text: string): Promise<void> {
  const input = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await input.click();
  await input.fill(text);
}

/** Every row of the Problems panel: the list is virtual, so it is scrolled through. */
async function problemRows(page: Page): Promise<Row[]> {
  const seen = new Map<string, Row>();
  const list = page.locator('.markers-panel .monaco-list').first();
  const box = await list.boundingBox();
  if (!box) return [];
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 50; i++) {
    const rows = await page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', text: e.innerText })));
    let added = 0;
    for (const r of rows) {
      const row = { label: r.label, text: norm(r.text) };
      const key = `${row.label}\n${row.text}`;
      if (!seen.has(key)) {
        seen.set(key, row);
        added++;
      }
    }
    if (i > 0 && added === 0) break;
    await page.mouse.wheel(0, box.height * 0.8);
    await page.waitForTimeout(150);
  }
  await page.mouse.wheel(0, -100000);
  await page.waitForTimeout(200);
  return [...seen.values()];
}

const fileHeader = (rows: Row[], base: string): Row | undefined => rows.find((r) => new RegExp(`^\\d+ problems? in file ${base.replace('.', '\\.')} `).test(r.label));

/** The expected findings the rows do not show (code, message and position on one row). */
function missingFindings(rows: Row[], want: ExpectedFinding[]): ExpectedFinding[] {
  return want.filter((f) => !rows.some((r) => r.label.includes(f.message) && r.text.includes(f.code) && r.text.includes(`[Ln ${f.line}, Col ${f.column}]`)));
}

const describe = (fs: ExpectedFinding[]): string => fs.map((f) => `${f.code} ${f.line}:${f.column}`).join(', ');

/** Waits until the Problems panel shows exactly `want` for the file `rel`. */
async function problemsShow(page: Page, rel: string, want: ExpectedFinding[]): Promise<Row[]> {
  const base = path.posix.basename(rel);
  let last: Row[] = [];
  try {
    return await until(
      `the Problems panel to list the ${want.length} findings of ${rel}`,
      async () => {
        last = await problemRows(page);
        const header = fileHeader(last, base);
        const ours = last.filter((r) => / FPL\d{3} /.test(` ${r.text} `) && r.label.includes('generated by fastapi-perf-lint'));
        return header?.label.startsWith(`${want.length} problem`) && missingFindings(last, want).length === 0 && ours.length === want.length ? last : undefined;
      },
      WAIT,
      500,
    );
  } catch (e) {
    const header = fileHeader(last, base);
    throw new Error(`${(e as Error).message}\n  header: ${header?.label ?? '(no row for the file)'}\n  missing: ${describe(missingFindings(last, want)) || 'none'}\n  rows: ${last.length}`);
  }
}

async function openRouteModule({ page, workspace, expected, shot }: Ctx, cs: CodeServer, artifacts: string[]): Promise<void> {
  await page.goto(cs.url(workspace), { timeout: 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  // Before the extension activates: every state its status bar item goes through.
  await page.evaluate(STATUS_RECORDER);
  await quickOpen(page, EXAMPLES_FILE);
  await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info', { timeout: 60000 });
  // The extension's status bar item counts the active file's findings: all of them have arrived.
  const n = expected.files[EXAMPLES_FILE].length;
  await page.waitForFunction(
    (want: string) => [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<BrowserElement> } }).document.querySelectorAll('.statusbar-item')].some((e) => e.innerText.includes(want)),
    `FastAPI Perf: ${n}`,
    { timeout: WAIT },
  );
  await shot('01-squiggles', artifacts);
}

/**
 * In the page: the texts and icons our status bar item shows, in order (window.__fplStatus).
 * A string, so that no compiler helper ends up in the page.
 */
const STATUS_RECORDER = `(() => {
  window.__fplStatus = [];
  const read = () => {
    const el = [...document.querySelectorAll('.statusbar-item')].find((e) => e.innerText.includes('FastAPI Perf'));
    if (!el) return 'hidden';
    const icons = [...el.querySelectorAll('.codicon')].map((i) => [...i.classList].filter((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin').join(' '));
    return icons.join(' ') + ' | ' + el.innerText.trim();
  };
  let last = '';
  const note = () => {
    const now = read();
    if (now !== last) {
      last = now;
      window.__fplStatus.push(now);
    }
  };
  note();
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

const statusHistory = (page: Page): Promise<string[]> => page.evaluate('window.__fplStatus');

/** The states from the first spinner on: a spinner first, no ✓ until `count` findings show, with the `icon` of the worst severity. */
function checkStatusHistory(history: string[], count: number, icon: string): void {
  const states = history.filter((h) => h !== 'hidden');
  const spin = states.findIndex((h) => h.includes('codicon-loading'));
  const shown = states.findIndex((h, i) => i > spin && h.includes(`FastAPI Perf: ${count}`));
  if (spin < 0) throw new Error(`no spinner before the first result: ${JSON.stringify(history)}`);
  if (shown < 0) throw new Error(`the count ${count} never showed: ${JSON.stringify(history)}`);
  const early = states.slice(0, shown).filter((h) => h.includes('codicon-check'));
  if (early.length) throw new Error(`a ✓ showed before the first result: ${JSON.stringify(history)}`);
  if (!states[shown].includes(`codicon-${icon}`)) throw new Error(`the icon is not ${icon} (the worst severity): ${states[shown]}`);
}

async function statusAtStart({ page, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  // items.py has an FPL101: an error, the worst severity.
  checkStatusHistory(await statusHistory(page), expected.files[EXAMPLES_FILE].length, 'error');
  await shot('07-status-bar', artifacts);
}

async function statusMenu({ page, shot }: Ctx, artifacts: string[]): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.statusbar-item:has-text("FastAPI Perf")').first().click();
  await page.waitForSelector('.quick-input-widget .quick-input-list .monaco-list-row', { state: 'visible', timeout: WAIT });
  const want = ['Fix all', 'Scan workspace', 'Show output', 'Restart server', 'Settings', 'Documentation'];
  let labels: string[] = [];
  await until(
    'the status bar menu',
    async () => {
      labels = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => e.innerText));
      return want.every((w) => labels.some((l) => l.includes(w))) || undefined;
    },
    WAIT,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(labels)}`);
  });
  await shot('08-status-menu', artifacts);
  await page.keyboard.press('Escape');
}

/** "FastAPI Perf: Show Output": the channel shows what the server read, and the status item stays while the panel has the focus. */
async function output({ page, workspace, shot }: Ctx, cs: CodeServer, artifacts: string[]): Promise<void> {
  await runCommand(page, 'FastAPI Perf: Show Output');
  // The panel's views share a filter box that can keep the text the Problems step typed: it would hide every line.
  await until('the Output view', async () => ((await page.locator('.part.panel .monaco-editor .view-lines').count()) ? true : undefined), WAIT);
  await page.evaluate(`(() => {
    for (const el of document.querySelectorAll('.part.panel .viewpane-filter input')) {
      if (!el.value) continue;
      el.value = '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  })()`);
  const lines = page.locator('.part.panel .monaco-editor .view-lines');
  await until('the Output panel', async () => ((await lines.count()) && norm(await lines.first().innerText()) ? true : undefined), WAIT);
  const logFile = findFile(path.join(cs.userData, 'logs'), 'FastAPI Perf Lint.log');
  if (!logFile) throw new Error(`no "FastAPI Perf Lint.log" under ${cs.userData}/logs`);
  const text = readFileSync(logFile, 'utf8');
  const want = [/FastAPI Perf Lint \d+\.\d+\.\d+ in /, /fastapi-perf-lint \d+\.\d+\.\d+ \(node v\d+/, new RegExp(`project roots: ${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), /configuration: /, /versions: (FastAPI|no FastAPI)/, /indexed \d+ Python files in \d+ ms/];
  const missing = want.filter((r) => !r.test(text));
  if (missing.length) throw new Error(`the output lacks ${missing.join(', ')}:\n${text.slice(0, 2000)}`);
  const items = await page.locator('.statusbar-item:has-text("FastAPI Perf")').count();
  if (!items) throw new Error('the status bar item hid while the Output panel has the focus');
  await shot('09-output-channel', artifacts);
}

/** "Restart Server": a spinner until the new server answers, never a ✓ in between. */
async function restart({ page, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
  await page.evaluate(STATUS_RECORDER);
  await runCommand(page, 'FastAPI Perf: Restart Server');
  const n = expected.files[EXAMPLES_FILE].length - 1; // the FPL101 fix was applied
  await until('the count after the restart', async () => ((await statusHistory(page)).some((h) => h.includes('codicon-loading')) && (await statusHistory(page)).at(-1)?.includes(`FastAPI Perf: ${n}`) ? true : undefined), WAIT);
  // Without the state shown when the recording began.
  checkStatusHistory((await statusHistory(page)).slice(1), n, 'error'); // FPL103 stays
  await shot('10-after-restart', artifacts);
}

export function findFile(dir: string, name: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) {
      const f = findFile(p, name);
      if (f) return f;
    }
  }
  return undefined;
}

async function problemsPanel({ page, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  await showProblems(page);
  await problemsShow(page, EXAMPLES_FILE, expected.files[EXAMPLES_FILE]);
  await shot('02-problems-panel', artifacts);
}

async function hover({ page, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  const findings = expected.files[EXAMPLES_FILE];
  const f = findings.find((x) => x.code === 'FPL401') ?? findings.find((x) => x.code !== 'FPL101');
  if (!f) throw new Error(`no finding to hover in ${EXAMPLES_FILE}`);
  const rule = REGISTRY.find(f.code);
  if (!rule) throw new Error(`no rule ${f.code}`);
  await caretAt(page, f.line, f.column + 1);
  const caret = await page.locator('.monaco-editor.focused .cursors-layer .cursor').first().boundingBox();
  if (!caret) throw new Error('no caret in the editor');
  await page.mouse.move(caret.x + 3, caret.y + caret.height / 2, { steps: 4 });
  const hoverText = async (): Promise<string> => norm((await page.locator('.monaco-hover').evaluateAll((els) => els.map((e) => e.innerText))).join('\n'));
  // VS Code shows the diagnostic's message; our part starts with the docs link and shows the line as written.
  const want = [norm(f.message), `${f.code} ${rule.meta.id}: documentation`, 'Your code:'];
  let text = '';
  try {
    await until(
      'the hover to show the rule',
      async () => {
        text = await hoverText();
        return want.every((w) => text.includes(w)) || undefined;
      },
      WAIT,
      250,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; missing: ${JSON.stringify(want.filter((w) => !text.includes(w)))}; hover text: ${JSON.stringify(text.slice(0, 400))}`);
  }
  await shot('03-hover', artifacts);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
}

async function quickFix({ page, workspace, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  const { finding: f, fixedText } = expected.fpl101;
  const file = path.join(workspace, EXAMPLES_FILE);
  const before = readFileSync(file, 'utf8');
  await caretAt(page, f.line, f.column);
  await page.keyboard.press('Control+Period');
  await page.waitForSelector('.action-widget .monaco-list-row.action', { state: 'visible', timeout: WAIT });
  const labels = await page.locator('.action-widget:not(.action-list-submenu-panel) .monaco-list-row.action').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  // Titles are plain text (no Markdown backticks): the menu shows them as they are.
  if (labels.some((l) => l.includes('`'))) throw new Error(`backticks in the quick fix menu: ${JSON.stringify(labels)}`);
  for (const title of [f.fixTitle!, `Ignore ${f.code} on this line`, `Ignore ${f.code} in this file`]) {
    if (!labels.some((l) => l.startsWith(title))) throw new Error(`the quick fix menu lacks ${JSON.stringify(title)}: ${JSON.stringify(labels)}`);
  }
  await shot('04-quick-fix-menu', artifacts);
  // A click on a row is swallowed by the menu's pointer block: move the focus with the keyboard.
  for (let i = 0; i <= labels.length; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.action.focused').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    if (focused[0]?.startsWith(f.fixTitle!)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  // The fixed line shows in the editor, and the saved file is the CLI's fixed text.
  const old = new Set(before.split('\n'));
  const changed = fixedText.split('\n').filter((l) => l.trim() && !old.has(l));
  const line = norm(changed[changed.length - 1] ?? '');
  await until('the fixed line in the editor', async () => norm(await page.locator('.monaco-editor.focused .view-lines').first().innerText()).includes(line) || undefined, WAIT);
  await page.keyboard.press('Control+S');
  await until(`${EXAMPLES_FILE} saved with the fix`, () => (readFileSync(file, 'utf8') === fixedText ? true : undefined), WAIT);
  // The finding leaves the Problems panel; the others stay.
  const rest = expected.files[EXAMPLES_FILE].length - 1;
  await showProblems(page);
  await until(
    'the FPL101 row to leave the Problems panel',
    async () => {
      const rows = await problemRows(page);
      return !rows.some((r) => r.label.includes(f.message)) && fileHeader(rows, path.posix.basename(EXAMPLES_FILE))?.label.startsWith(`${rest} problem`) ? true : undefined;
    },
    WAIT,
    500,
  );
  await shot('05-after-quick-fix', artifacts);
}

async function scanWorkspace({ page, expected, shot }: Ctx, artifacts: string[]): Promise<void> {
  const base = path.posix.basename(UNOPENED_FILE);
  await page.keyboard.press('Escape');
  await showProblems(page);
  await problemsFilter(page, base);
  await page.waitForTimeout(500);
  const before = await problemRows(page);
  if (fileHeader(before, base)) throw new Error(`${UNOPENED_FILE} is in the Problems panel before the scan (workspace diagnostics are off)`);
  await runCommand(page, 'FastAPI Perf: Scan Workspace');
  const others = Object.entries(expected.files).filter(([rel]) => rel !== EXAMPLES_FILE);
  const want = `Scanned ${expected.pythonFiles - 1} files: ${others.reduce((n, [, fs]) => n + fs.length, 0)} findings in ${others.length} files.`;
  const toasts = page.locator('.notifications-toasts');
  await until(
    'the scan summary notification',
    async () => {
      const t = (await toasts.count()) ? await toasts.first().innerText() : '';
      if (/Scanned \d+ files/.test(t) && !t.includes(want)) throw new Error(`the scan says ${JSON.stringify(t.match(/Scanned[^\n]*/)?.[0])}, the CLI ${JSON.stringify(want)}`);
      return t.includes(want) || undefined;
    },
    WAIT,
  );
  await problemsShow(page, UNOPENED_FILE, expected.files[UNOPENED_FILE]);
  await shot('06-scan-workspace', artifacts);
  // The panel keeps a filter's text for its other views (the Output's filter would hide every line).
  await problemsFilter(page, '');
}

/** Texts shown in the FastAPI Routes view's rows. */
async function routeRows(page: Page): Promise<string[]> {
  return (await page.locator('.pane:has(.pane-header:has-text("FastAPI Routes")) .monaco-list-row').evaluateAll((els) => els.map((e) => e.innerText))).map(norm);
}

/** The code lenses shown in the active editor. */
async function codeLenses(page: Page): Promise<string[]> {
  return (await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration').evaluateAll((els) => els.map((e) => e.innerText))).map(norm);
}

async function routesView({ page, shot }: Ctx, artifacts: string[]): Promise<void> {
  await page.keyboard.press('Escape');
  // The folder's section collapsed, the view has the height to show both routers.
  await page.locator('.pane:has(.explorer-folders-view) > .pane-header').first().click();
  await runCommand(page, 'Focus on FastAPI Routes View');
  // app > routers (with prefixes) > routes: the items router's prefix joins each of its paths.
  // A row shows its label and description (and a findings badge); compared without spaces.
  const squeeze = (t: string): string => t.replace(/\s+/g, '');
  const want = ['app.main:app', 'items.router /items', 'GET /items/ list_items · async def · event loop', 'GET /items/all all_items · def · threadpool', 'reports.router /reports', 'GET /health health · async def · event loop'];
  let rows: string[] = [];
  try {
    await until('the FastAPI Routes view to list the routes', async () => ((rows = await routeRows(page)), want.every((w) => rows.some((r) => squeeze(r).startsWith(squeeze(w)))) || undefined), WAIT, 500);
  } catch (e) {
    throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(rows)}`);
  }
  await shot('11-routes-view', artifacts);
  await page.locator('.pane:has(.pane-header:has-text("FastAPI Routes")) .monaco-list-row:has-text("GET /health")').first().click();
  await page.waitForSelector('.tab.active[aria-label*="main.py"]', { timeout: WAIT });
  await shot('12-routes-view-opens-handler', artifacts);
}

async function codeLens({ page, shot }: Ctx, artifacts: string[]): Promise<void> {
  // The handler opened by the view: its lens says method, full path, where it runs, findings.
  let lenses: string[] = [];
  try {
    await until('a code lens above the route handler', async () => ((lenses = await codeLenses(page)), lenses.some((l) => /^GET \/health · event loop · \d+ findings?$/.test(l)) || undefined), WAIT, 500);
  } catch (e) {
    throw new Error(`${(e as Error).message}; lenses: ${JSON.stringify(lenses)}`);
  }
  await shot('13-code-lens', artifacts);
}

export async function runUiSuite(o: { playwrightCore: string; cs: CodeServer; workspace: string; expected: Expectations; outDir: string; browserEnv: NodeJS.ProcessEnv; log: (l: string) => void; logFile: string }): Promise<StepResult[]> {
  const steps = new Steps('ui', o.log);
  const browser = await launchChromium(o.playwrightCore, o.browserEnv);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => appendFileSync(o.logFile, `[pageerror] ${e.message}\n`));
    page.on('console', (m) => {
      if (m.type() === 'error') appendFileSync(o.logFile, `[console] ${m.text()}\n`);
    });
    const shot = async (name: string, artifacts: string[]): Promise<void> => {
      const file = path.join(o.outDir, `${name}.png`);
      await page.screenshot({ path: file });
      artifacts.push(path.relative(path.dirname(o.outDir), file));
    };
    const ctx: Ctx = { page, workspace: o.workspace, expected: o.expected, shot };
    const failShot = (name: string) => (a: string[]) => shot(`${name}-FAILED`, a);
    await steps.run('open a route module: squiggles and the status bar count', (a) => openRouteModule(ctx, o.cs, a), failShot('01-squiggles'));
    await steps.run('Problems panel lists the codes, messages and positions of the CLI', (a) => problemsPanel(ctx, a), failShot('02-problems-panel'));
    await steps.run('hover on a finding: the message, then the docs link and the line as written', (a) => hover(ctx, a), failShot('03-hover'));
    await steps.run('FPL101 quick fix from the light bulb menu: editor and saved file', (a) => quickFix(ctx, a), failShot('05-after-quick-fix'));
    await steps.run('"FastAPI Perf: Scan Workspace" from the command palette fills the Problems panel', (a) => scanWorkspace(ctx, a), failShot('06-scan-workspace'));
    await steps.run('status bar: a spinner until the first result, never a ✓ before it, then the worst severity and the count', (a) => statusAtStart(ctx, a), failShot('07-status-bar'));
    await steps.run('status bar click: a menu with Fix all, Scan workspace, Show output, Restart, Settings, Documentation', (a) => statusMenu(ctx, a), failShot('08-status-menu'));
    await steps.run('"FastAPI Perf: Show Output": version, project roots, configuration, versions, files indexed; the status item stays', (a) => output(ctx, o.cs, a), failShot('09-output-channel'));
    await steps.run('"FastAPI Perf: Restart Server": a spinner, no ✓, until the new server answers', (a) => restart(ctx, a), failShot('10-after-restart'));
    await steps.run('FastAPI Routes view: app > routers > routes; a click opens the handler', (a) => routesView(ctx, a), failShot('11-routes-view'));
    await steps.run('a code lens above the route handler: method, full path, where it runs, findings', (a) => codeLens(ctx, a), failShot('13-code-lens'));
  } finally {
    await browser.close();
  }
  return steps.results;
}
