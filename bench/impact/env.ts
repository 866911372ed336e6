// The Python side of the impact bench: Debian's packages for /usr/bin/python3 (installed
// when missing, as root), and a newer FastAPI from pip in a cache folder put first on
// PYTHONPATH. Each stack is measured on its own; every figure names its versions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';

// python3-dotenv: Pydantic 1's BaseSettings reads a .env file only with it (FPL501's case).
export const DEBIAN_PACKAGES = ['python3-fastapi', 'python3-uvicorn', 'python3-httpx', 'python3-sqlalchemy', 'python3-dotenv', 'wrk'];
/** Debian's interpreter: its python3-* packages install for it, not for a pyenv `python3`. */
export const PYTHON = '/usr/bin/python3';

export interface Stack {
  name: 'debian' | 'pip';
  /** Folder put first on PYTHONPATH ('' for Debian's packages alone). */
  pythonPath: string;
  versions: Record<string, string>;
}

export interface Machine {
  cpu: string;
  cores: number;
  os: string;
  python: string;
  wrk: string;
  loadAtStart: number[];
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; inherit?: boolean } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, stdio: opts.inherit ? 'inherit' : 'pipe', maxBuffer: 64 << 20 });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? r.error?.message ?? '').trim() };
}

function missingPackages(): string[] {
  return DEBIAN_PACKAGES.filter((p) => {
    const r = run('dpkg-query', ['-W', '-f=${Status}', p]);
    return !(r.ok && r.out.endsWith(' installed'));
  });
}

/** Installs the missing Debian packages, or says what is missing and exits when it cannot. */
export function ensureDebianPackages(): void {
  const missing = missingPackages();
  if (!missing.length) return;
  if (!existsSync('/usr/bin/apt-get')) {
    console.error(`impact bench: missing ${missing.join(' ')}, and this is not a Debian-like system (no apt-get).`);
    process.exit(2);
  }
  if (process.getuid?.() !== 0) {
    console.error(`impact bench: missing Debian packages ${missing.join(' ')}; installing them needs root.\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    process.exit(2);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  if (!run('apt-get', [...lock, 'update', '-q'], { env, inherit: true }).ok || !run('apt-get', [...lock, 'install', '-y', '-q', '--no-install-recommends', ...missing], { env, inherit: true }).ok) {
    console.error('impact bench: apt-get failed (see above).');
    process.exit(2);
  }
  const still = missingPackages();
  if (still.length) {
    console.error(`impact bench: still missing after apt-get: ${still.join(' ')}`);
    process.exit(2);
  }
}

const VERSIONS_PY = `
import json, sys, importlib.metadata as m
out = {"python": sys.version.split()[0]}
for name in ("fastapi", "pydantic", "starlette", "uvicorn", "httpx", "sqlalchemy", "pydantic-settings"):
    try:
        out[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
import fastapi, pydantic, starlette, uvicorn
out["fastapi"], out["pydantic"], out["starlette"], out["uvicorn"] = fastapi.__version__, pydantic.VERSION, starlette.__version__, uvicorn.__version__
print(json.dumps(out))
`;

export function pythonEnv(pythonPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' };
  delete env.PYTHONHOME;
  if (pythonPath) env.PYTHONPATH = pythonPath;
  else delete env.PYTHONPATH;
  return env;
}

function versionsOf(pythonPath: string): Record<string, string> | undefined {
  const r = run(PYTHON, ['-s', '-c', VERSIONS_PY], { env: pythonEnv(pythonPath) });
  if (!r.ok) return undefined;
  return JSON.parse(r.out.split('\n').pop()!);
}

/** `a >= b` for dotted release numbers. */
export function atLeast(a: string, b: string): boolean {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  }
  return true;
}

/**
 * A newer FastAPI (and the uvicorn, Starlette and Pydantic it brings) installed with pip
 * into `cacheDir`, reused on the next run. Undefined, with the reason printed, when pip
 * cannot get one.
 */
function pipStack(cacheDir: string, debianPython: string): Stack | undefined {
  const site = join(cacheDir, 'site');
  const cached = existsSync(join(site, 'fastapi')) ? versionsOf(site) : undefined;
  if (cached) return { name: 'pip', pythonPath: site, versions: cached };
  mkdirSync(cacheDir, { recursive: true });
  // The interpreter that runs pip must have pip; the wheels must suit Debian's Python.
  const pips = [PYTHON, 'python3'].filter((py) => run(py, ['-m', 'pip', '--version']).ok);
  if (!pips.length) {
    console.log('  newer FastAPI: no pip found (tried /usr/bin/python3 -m pip, python3 -m pip); measuring Debian\'s packages only.');
    return undefined;
  }
  const pip = pips[0];
  const pipPy = run(pip, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']).out;
  const cross = pipPy !== debianPython.split('.').slice(0, 2).join('.') ? ['--python-version', debianPython, '--only-binary=:all:'] : [];
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', site, ...cross, 'fastapi>=0.130', 'uvicorn', 'pydantic-settings'];
  console.log(`  newer FastAPI: ${pip} ${args.join(' ')}`);
  let r = run(pip, args);
  if (!r.ok) {
    // No FastAPI >= 0.130 reachable: take the newest pip can get.
    r = run(pip, args.map((a) => (a === 'fastapi>=0.130' ? 'fastapi' : a)));
  }
  if (!r.ok) {
    console.log(`  newer FastAPI: pip could not install it (${r.err.split('\n').slice(-2).join(' ')}); measuring Debian's packages only.`);
    return undefined;
  }
  const versions = versionsOf(site);
  if (!versions) {
    console.log('  newer FastAPI: installed, but Debian\'s Python cannot import it; measuring Debian\'s packages only.');
    return undefined;
  }
  return { name: 'pip', pythonPath: site, versions };
}

export function stacks(cacheDir: string, which: 'all' | 'newest' | 'debian'): Stack[] {
  const debian = versionsOf('');
  if (!debian) {
    console.error(`impact bench: ${PYTHON} cannot import fastapi/uvicorn from Debian's packages.`);
    process.exit(2);
  }
  const out: Stack[] = [{ name: 'debian', pythonPath: '', versions: debian }];
  if (which === 'debian') return out;
  const pip = pipStack(cacheDir, debian.python);
  if (pip && atLeast(pip.versions.fastapi, debian.fastapi) && pip.versions.fastapi !== debian.fastapi) {
    if (which === 'newest') return [pip];
    out.push(pip);
  }
  return out;
}

export function machine(): Machine {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const m = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) osName = m[1];
  } catch {
    /* keep the kernel name */
  }
  const wrk = run('wrk', ['-v']);
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    os: osName,
    python: `${PYTHON} ${run(PYTHON, ['-c', 'import sys; print(sys.version.split()[0])']).out}`,
    wrk: /wrk\s+\S+/.exec(wrk.out + wrk.err)?.[0] ?? 'wrk',
    loadAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
