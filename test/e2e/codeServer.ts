// code-server (the VS Code workbench, its extension host in plain node) for one suite:
// fresh user-data, extensions, HOME and XDG dirs under `state`, bound to 127.0.0.1 with
// auth none, the packaged .vsix installed into it.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, runOk, startGroup, until, type Started } from './proc';

const EXTENSION_ID = 'fastapi-perf-lint.fastapi-perf-lint';

export interface CodeServer {
  host: string;
  /** The workbench URL with `folder` open. */
  url: (folder: string, payload?: Array<[string, string]>) => string;
  /** Where the .vsix was unpacked: the extension as the user gets it. */
  extensionDir: string;
  /** --user-data-dir: the workbench's logs (Output channels among them) are under logs/. */
  userData: string;
  home: string;
  stop: () => Promise<void>;
}

interface CodeServerOptions {
  bin: string;
  vsix: string;
  version: string;
  state: string;
  settings: Record<string, unknown>;
  logFile: string;
  /** Replaces the packaged dist/server.js (the broken-server check). */
  serverOverride?: string;
}

/** HOME and XDG dirs under `state`, so nothing lands in the real home. */
export function isolatedEnv(state: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path.join(state, 'home'),
    XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
    XDG_DATA_HOME: path.join(state, 'xdg-data'),
    XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
    XDG_STATE_HOME: path.join(state, 'xdg-state'),
    XDG_RUNTIME_DIR: path.join(state, 'xdg-runtime'),
    // Temporary files (e.g. the TypeScript extension's) go with the run's folder.
    TMPDIR: path.join(state, 'tmp'),
  };
  // A test run from inside an editor must not talk to that editor.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  for (const k of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR', 'TMPDIR']) mkdirSync(env[k]!, { recursive: true, mode: 0o700 });
  return env;
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const userData = path.join(o.state, 'user-data');
  const extensions = path.join(o.state, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  const env = isolatedEnv(o.state);
  const quiet = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
    'git.enabled': false,
  };
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...quiet, ...o.settings }, null, 2));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = path.join(o.state, 'config.yaml');
  writeFileSync(config, `bind-addr: ${host}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  await runOk(o.bin, [...common, '--install-extension', o.vsix, '--force'], { env, timeoutMs: 120000, logFile: o.logFile });
  const extensionDir = path.join(extensions, `${EXTENSION_ID}-${o.version}`);
  if (!existsSync(path.join(extensionDir, 'package.json'))) throw new Error(`the .vsix did not install into ${extensionDir}`);
  if (o.serverOverride) copyFileSync(o.serverOverride, path.join(extensionDir, 'dist', 'server.js'));
  const cs: Started = startGroup(
    o.bin,
    [...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
    { env, cwd: o.state, logFile: o.logFile },
  );
  try {
    await until(
      'code-server to answer /healthz',
      async () => {
        const code = await Promise.race([cs.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10))]);
        if (code !== undefined) throw new Error(`code-server exited (${code}); see ${o.logFile}`);
        const ok = await fetch(`http://${host}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        return ok || undefined;
      },
      60000,
    );
  } catch (e) {
    await cs.stop();
    throw e;
  }
  return {
    host,
    url: (folder, payload) => {
      let u = `http://${host}/?folder=${encodeURIComponent(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    extensionDir,
    userData,
    home: env.HOME!,
    stop: () => cs.stop(),
  };
}
