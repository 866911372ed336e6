// Serving and loading: one uvicorn worker on 127.0.0.1 per app, wrk as the load generator
// (its Lua `done` hook prints the figures as JSON, so nothing parses wrk's text).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { join } from 'node:path';
import { PYTHON, pythonEnv } from './env';

export interface Load {
  connections: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connect, read, write and timeout errors and non-2xx answers. */
  errors: number;
  seconds: number;
  /** No request completed within the run: the latencies are the run's length, a lower bound. */
  stalled?: boolean;
}

const REPORT_LUA = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;

export function writeLua(dir: string): string {
  const file = join(dir, 'report.lua');
  writeFileSync(file, REPORT_LUA);
  return file;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function get(url: string, agent?: Agent, timeout = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { timeout, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function waitReady(url: string, proc: ChildProcess, log: () => string, timeoutMs = 30000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}): ${log().slice(-800)}`);
    if ((await get(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${log().slice(-800)}`);
}

export interface Served {
  proc: ChildProcess;
  base: string;
  /** The last few kB the server printed. */
  log(): string;
  stop(): Promise<void>;
}

function spawnLogged(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { proc: ChildProcess; log: () => string } {
  const proc = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-4000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { proc, log: () => out };
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
}

/** One uvicorn worker (asyncio loop, h11: the same on every stack) serving `app:app` from `dir`. */
export async function serveApp(dir: string, pythonPath: string, extraEnv: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const args = ['-s', '-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--loop', 'asyncio', '--http', 'h11', '--no-access-log', '--log-level', 'warning'];
  const { proc, log } = spawnLogged(PYTHON, args, dir, { ...pythonEnv(pythonPath), ...extraEnv });
  const base = `http://127.0.0.1:${port}`;
  const stop = stopper(proc);
  try {
    await waitReady(`${base}/fast`, proc, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { proc, base, log, stop };
}

/** The slow upstream API the HTTP cases call (upstream.py). */
export async function serveUpstream(): Promise<Served> {
  const port = await freePort();
  const { proc, log } = spawnLogged(PYTHON, ['-s', join(__dirname, 'upstream.py'), String(port)], __dirname, pythonEnv(''));
  const base = `http://127.0.0.1:${port}`;
  const stop = stopper(proc);
  await waitReady(`${base}/ok`, proc, log);
  return { proc, base, log, stop };
}

/** wrk for `seconds` at `connections` keep-alive connections; resolves with its figures. */
export function wrk(url: string, connections: number, seconds: number, lua: string): Promise<Load> {
  const threads = Math.min(connections, 2);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '30s', '-s', lua, url];
  return new Promise((resolve, reject) => {
    const { proc, log } = spawnLogged('wrk', args, __dirname, process.env);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = log()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}): ${log().slice(-500)}`));
      const r = JSON.parse(line) as { requests: number; duration_us: number; p50_us: number; p99_us: number; errors: number };
      const stalled = r.requests === 0;
      resolve({
        connections,
        requests: r.requests,
        rps: r.requests / (r.duration_us / 1e6),
        p50Ms: stalled ? seconds * 1000 : r.p50_us / 1000,
        p99Ms: stalled ? seconds * 1000 : r.p99_us / 1000,
        errors: r.errors,
        seconds,
        ...(stalled ? { stalled } : {}),
      });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

/**
 * One client asking `url` again and again for `seconds` (keep-alive, like wrk). A request
 * still waiting at the end counts with the time it has waited so far, so a route stalled
 * for the whole run shows that wait rather than no figure at all.
 */
export async function probe(url: string, seconds: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const end = Date.now() + seconds * 1000;
  const waits: number[] = [];
  let requests = 0;
  let errors = 0;
  try {
    while (Date.now() < end) {
      const t0 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const status = await Promise.race([get(url, agent, 60000), new Promise<number>((r) => (timer = setTimeout(() => r(-1), Math.max(0, end - Date.now()))))]);
      clearTimeout(timer);
      waits.push(performance.now() - t0);
      if (status === -1) break;
      requests++;
      if (status !== 200) errors++;
    }
  } finally {
    agent.destroy();
  }
  waits.sort((a, b) => a - b);
  return { connections: 1, requests, rps: requests / seconds, p50Ms: percentile(waits, 50), p99Ms: percentile(waits, 99), errors, seconds };
}
