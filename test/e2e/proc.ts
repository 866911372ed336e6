// Child processes of the e2e run. Each starts in its own process group (detached: setsid),
// so stopping it also stops what it started (code-server's extension host and the language
// server under it, nvim's server); whatever is still running when the run ends, however it
// ends, is killed by group.
import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';

const groups = new Set<number>();

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // the group is gone
  }
}

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`. */
async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  signal(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  signal(pgid, 'SIGKILL');
  groups.delete(pgid);
}

function killAll(): void {
  for (const g of groups) signal(g, 'SIGKILL');
  groups.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

export interface Started {
  pid: number;
  /** Resolves with the exit code (or the signal's name) of the group leader. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/** Starts a long-running process in its own group, its output appended to `logFile`. */
export function startGroup(cmd: string, args: string[], opts: SpawnOptions & { logFile: string }): Started {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${cmd}`);
  groups.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, sig) => resolve(code ?? sig ?? 'unknown'));
    child.on('error', (e) => resolve(String(e)));
  });
  return { pid, exited, stop: () => stopGroup(pid) };
}

interface RunResult {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion in its own group, killed by group after `timeoutMs`.
 * Output is collected (and also appended to `logFile` when given).
 */
export function run(cmd: string, args: string[], opts: SpawnOptions & { timeoutMs: number; logFile?: string; input?: string }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid !== undefined) groups.add(pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const log = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
    child.stdout!.on('data', (b: Buffer) => {
      out.push(b);
      if (log !== undefined) writeSync(log, b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      err.push(b);
      if (log !== undefined) writeSync(log, b);
    });
    child.stdin!.end(opts.input ?? '');
    let timedOut = false;
    let done = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) void stopGroup(pid, 2000);
    }, opts.timeoutMs);
    const finish = (code: number | string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (log !== undefined) closeSync(log);
      // Anything the command left behind in its group goes with it.
      if (pid !== undefined) void stopGroup(pid, 0);
      resolve({ code: timedOut ? `timed out after ${opts.timeoutMs} ms` : code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    };
    child.on('error', (e) => finish(String(e)));
    child.on('close', (code, sig) => finish(code ?? sig ?? 'unknown'));
  });
}

/** Runs a command and throws with its output when it fails. */
export async function runOk(cmd: string, args: string[], opts: SpawnOptions & { timeoutMs: number; logFile?: string }): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
