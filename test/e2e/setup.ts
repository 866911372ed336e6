// What the e2e suites need, installed when missing: Debian packages (Chromium for
// Playwright, libkrb5-dev for code-server's `kerberos` module, ripgrep for code-server's
// search, Neovim as a second LSP client) and pinned playwright-core and code-server in
// .tmp/e2e-tools/, outside the project's node_modules: code-server builds native modules
// with an environment `npm ci` should not need.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run, runOk } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');
const TOOLS_DIR = path.join(ROOT, '.tmp', 'e2e-tools');
export const CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'neovim'];
/** code-server 4.100.3 is VS Code 1.100.3 on node 20; newer ones need node 22+. */
const TOOL_VERSIONS = { 'code-server': '4.100.3', 'playwright-core': '1.65.1' };
/**
 * @vscode/ripgrep (1.15.11 in code-server 4.100.3) downloads rg from GitHub in its postinstall
 * unless this cache file exists: it gets Debian's rg instead. Re-check
 * @vscode/ripgrep/lib/postinstall.js when code-server's version changes.
 */
const RIPGREP_CACHE = { dir: 'vscode-ripgrep-cache-1.15.11', file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };

export interface Tools {
  codeServer: string;
  playwrightCore: string;
}

function installedDebs(): Promise<string[]> {
  return Promise.all(
    APT_PACKAGES.map(async (p) => {
      const r = await run('dpkg-query', ['-W', '-f=${db:Status-Status}', p], { timeoutMs: 30000 });
      return r.stdout.trim() === 'installed' ? p : '';
    }),
  ).then((l) => l.filter(Boolean));
}

/** apt-get installs the packages that are not installed yet; returns their names. */
export async function ensureApt(logFile: string): Promise<string[]> {
  const have = new Set(await installedDebs());
  const missing = APT_PACKAGES.filter((p) => !have.has(p));
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} (run as root, or apt-get install them first)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runOk('apt-get', ['update', '-qq'], { env, timeoutMs: 300000, logFile });
  await runOk('apt-get', ['install', '-y', '-qq', ...missing], { env, timeoutMs: 480000, logFile });
  const now = new Set(await installedDebs());
  const still = APT_PACKAGES.filter((p) => !now.has(p));
  if (still.length) throw new Error(`apt-get did not install: ${still.join(' ')}`);
  return missing;
}

function toolPaths(): Tools {
  return {
    codeServer: path.join(TOOLS_DIR, 'node_modules', '.bin', 'code-server'),
    playwrightCore: path.join(TOOLS_DIR, 'node_modules', 'playwright-core'),
  };
}

/** npm-installs the pinned tools into .tmp/e2e-tools/ unless that install is already there. */
export async function ensureTools(logFile: string): Promise<{ tools: Tools; installed: boolean }> {
  const manifest = JSON.stringify({ name: 'fpl-e2e-tools', private: true, dependencies: TOOL_VERSIONS }, null, 2);
  const stamp = path.join(TOOLS_DIR, 'installed.json');
  const tools = toolPaths();
  const ripgrep = path.join(TOOLS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  const ready = (): boolean => existsSync(tools.codeServer) && existsSync(path.join(tools.playwrightCore, 'package.json')) && existsSync(ripgrep);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifest && ready()) return { tools, installed: false };
  if (process.versions.node.split('.')[0] !== '20') throw new Error(`code-server ${TOOL_VERSIONS['code-server']} needs node 20 (this is ${process.version})`);

  rmSync(TOOLS_DIR, { recursive: true, force: true });
  const tmp = path.join(TOOLS_DIR, '.tmp');
  mkdirSync(path.join(tmp, RIPGREP_CACHE.dir), { recursive: true });
  mkdirSync(path.join(tmp, 'rg'));
  copyFileSync('/usr/bin/rg', path.join(tmp, 'rg', 'rg'));
  await runOk('tar', ['czf', path.join(tmp, RIPGREP_CACHE.dir, RIPGREP_CACHE.file), '-C', path.join(tmp, 'rg'), 'rg'], { timeoutMs: 60000, logFile });
  writeFileSync(path.join(TOOLS_DIR, 'package.json'), manifest);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    // code-server's postinstall refuses root without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`; a user .npmrc with yes=false cancels it.
    npm_config_yes: 'true',
    // npm 11.19+ skips dependency install scripts unless approved, and code-server's
    // postinstall runs nested `npm install`s (lib/vscode, its extensions) whose native
    // modules only this setting reaches (an allow-list passed down is refused there).
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // Build native modules against the installed headers instead of downloading them.
  if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  await runOk('npm', ['install', '--no-audit', '--no-fund'], { cwd: TOOLS_DIR, env, timeoutMs: 480000, logFile });
  if (!ready()) throw new Error(`npm install in ${TOOLS_DIR} left no code-server, playwright-core or rg (see ${logFile})`);
  writeFileSync(stamp, manifest);
  return { tools, installed: true };
}
