// Versions of the libraries a project uses, as far as they are known, and where each
// was read. Unknown means "assume the latest behaviour".
//
// Sources, nearest first, in the project root nearest to the file (the closest folder
// above it holding a pyproject.toml, a lock file, a requirements file or a virtualenv):
// an installed `*.dist-info` in `.venv`/`venv`, `uv.lock`, `poetry.lock`, `Pipfile.lock`,
// `requirements*.txt`, `pyproject.toml`, and for Ruff its pre-commit hook
// (`.pre-commit-config.yaml`). A package no source of that root mentions is
// looked up in the roots above it (a service inside a monorepo whose lock file sits at the
// top), up to the repository's top folder. The `fastapi-version` setting overrides.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseSpecifier } from '@renovatebot/pep440/lib/specifier';
import { parse as parseToml } from 'smol-toml';

import { compare, valid } from '@renovatebot/pep440';
import { readRegularFile } from './files';
import { ANY_VERSION, PRESENCE, type PackageVersion, type ProjectVersions, type TrackedPackage, TRACKED, UNKNOWN_VERSIONS } from '../ruleApi/versions';

// ---- reading one project root ---------------------------------------------------------------

/** PEP 503 normalised name. */
function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

const WANTED = new Set<string>(TRACKED);

/** What one source says about one package. */
interface Found {
  version: string;
  /** The specifier it was read from when it is a lower bound rather than a pin. */
  spec?: string;
  /** The requirement that brought the package in (`fastapi[all]` installs orjson). */
  via?: string;
}

type Reading = Partial<Record<TrackedPackage, Found>>;

/** An exact pin from a specifier (`==1.2.3`), else its highest lower bound (`>=`, `~=`, `>`, `==1.2.*`), else null. */
export function versionFromSpecifier(spec: string): Found | null {
  const s = spec.trim();
  if (!s) return null;
  let clauses;
  try {
    clauses = parseSpecifier(s);
  } catch {
    return null;
  }
  if (!clauses || clauses.length === 0) return null;
  let lower: string | null = null;
  for (const c of clauses) {
    const v = c.version;
    if (!valid(v)) continue;
    if ((c.operator === '==' || c.operator === '===') && !c.prefix) return clauses.length === 1 ? { version: v } : { version: v, spec: s };
    if (c.operator === '>=' || c.operator === '~=' || c.operator === '>' || c.operator === '==' || c.operator === '===') {
      if (lower === null || compare(v, lower) > 0) lower = v;
    }
  }
  return lower === null ? null : { version: lower, spec: s };
}

/** Poetry's constraint syntax (`^1.2`, `~1.2`, `1.2.3`, `>=1,<2`, `1.2.*`, `*`) as a PEP 440 specifier. */
export function poetryToPep440(constraint: string): string {
  const first = constraint.split('||')[0];
  return first
    .split(',')
    .map((part) => {
      const p = part.trim();
      if (!p || p === '*') return '';
      if (p.startsWith('^')) return `>=${p.slice(1).trim()}`;
      if (p.startsWith('~') && !p.startsWith('~=')) return `>=${p.slice(1).trim()}`;
      if (/^[0-9]/.test(p)) return `==${p}`;
      if (/^=[0-9]/.test(p)) return `=${p}`;
      return p;
    })
    .filter(Boolean)
    .join(',');
}

/** Name, extras and specifier of a PEP 508 requirement line (`fastapi[all]>=0.100 ; python_version>"3.8"`). */
function parseRequirement(line: string): { name: string; extras: string[]; spec: string } | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line);
  if (!m) return null;
  let rest = m[3];
  const semi = rest.indexOf(';');
  if (semi !== -1) rest = rest.slice(0, semi);
  rest = rest.trim();
  if (rest.startsWith('@')) rest = ''; // a direct URL reference says nothing about the version
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
  return { name: normalizeName(m[1]), extras: (m[2] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean), spec: rest.replace(/\s+/g, '') };
}

/**
 * Packages only needed at run time count for what a running app can use (`ORJSONResponse`
 * needs orjson installed): orjson from a development or test group, or a lock file's entry
 * that only such groups or another package's optional extras reach, does not count.
 */
const RUNTIME_ONLY: ReadonlySet<TrackedPackage> = new Set(['orjson']);

function noteRequirement(out: Reading, req: { name: string; extras: string[]; spec: string }, spec = req.spec, runtime = true): void {
  if (!runtime && RUNTIME_ONLY.has(req.name as TrackedPackage)) return;
  if (WANTED.has(req.name)) {
    const key = req.name as TrackedPackage;
    if (!out[key]) {
      const f = versionFromSpecifier(spec);
      // Messages quote the constraint as written (Poetry's `^0.115` rather than its PEP 440 form).
      if (f) out[key] = f.spec ? { ...f, spec: req.spec } : f;
      else if (PRESENCE.has(key)) out[key] = { version: ANY_VERSION };
    }
  }
  // FastAPI's "all" extra installs orjson (and ujson).
  if (runtime && req.name === 'fastapi' && req.extras.includes('all') && !out.orjson) out.orjson = { version: ANY_VERSION, via: 'fastapi[all]' };
}

function readText(file: string): string | null {
  try {
    return readRegularFile(file).toString('utf8'); // never a named pipe: reading one would block
  } catch {
    return null;
  }
}

interface LockPackage {
  name?: unknown;
  version?: unknown;
  source?: { editable?: unknown; virtual?: unknown };
  dependencies?: Array<{ name?: unknown; extra?: unknown }>;
  'optional-dependencies'?: Record<string, Array<{ name?: unknown; extra?: unknown }>>;
  /** Poetry: `groups = ["main", "dev"]` (2.x), `category = "main"` (before 1.5), `optional = true` (extras only). */
  groups?: unknown;
  category?: unknown;
  optional?: unknown;
}

/**
 * The packages a uv lock installs for running its workspace members: their `dependencies`,
 * followed through the lock (with the extras each entry asks for), but not the members' own
 * optional extras or development groups. Null when the lock names no workspace member.
 */
function uvRuntime(packages: LockPackage[]): Set<string> | null {
  const byName = new Map<string, LockPackage[]>();
  for (const p of packages) if (typeof p.name === 'string') byName.set(normalizeName(p.name), [...(byName.get(normalizeName(p.name)) ?? []), p]);
  const roots = packages.filter((p) => p.source && (p.source.editable !== undefined || p.source.virtual !== undefined));
  if (roots.length === 0) return null;
  const seen = new Set<string>();
  const queue: Array<{ name?: unknown; extra?: unknown }> = roots.flatMap((r) => r.dependencies ?? []);
  for (let dep = queue.pop(); dep; dep = queue.pop()) {
    if (typeof dep.name !== 'string') continue;
    const name = normalizeName(dep.name);
    const extras = Array.isArray(dep.extra) ? dep.extra.filter((e): e is string => typeof e === 'string') : [];
    const key = `${name}[${extras.join(',')}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    seen.add(name);
    for (const p of byName.get(name) ?? []) {
      queue.push(...(p.dependencies ?? []));
      for (const e of extras) queue.push(...(p['optional-dependencies']?.[e] ?? []));
    }
  }
  return seen;
}

/** A Poetry lock entry installed only for development, tests or an extra. */
function poetryNotRuntime(p: LockPackage): boolean {
  if (p.optional === true) return true;
  if (Array.isArray(p.groups)) return !p.groups.includes('main');
  return typeof p.category === 'string' && p.category !== 'main';
}

function fromLockPackages(packages: unknown): Reading {
  const out: Reading = {};
  if (!Array.isArray(packages)) return out;
  const list = packages.filter((p): p is LockPackage => !!p && typeof p === 'object');
  const runtime = uvRuntime(list);
  for (const p of list) {
    const { name, version } = p;
    if (typeof name !== 'string' || typeof version !== 'string') continue;
    const key = normalizeName(name);
    if (RUNTIME_ONLY.has(key as TrackedPackage) && ((runtime && !runtime.has(key)) || poetryNotRuntime(p))) continue;
    if (WANTED.has(key) && !out[key as TrackedPackage] && valid(version)) out[key as TrackedPackage] = { version };
  }
  return out;
}

function readTomlLock(file: string): Reading | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    return fromLockPackages((parseToml(text) as { package?: unknown }).package);
  } catch {
    return null;
  }
}

function readPipfileLock(file: string): Reading | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const data = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
    const out: Reading = {};
    for (const section of ['default', 'develop']) {
      for (const [name, entry] of Object.entries(data[section] ?? {})) {
        const key = normalizeName(name);
        if (!WANTED.has(key) || out[key as TrackedPackage] || typeof entry?.version !== 'string') continue;
        if (section === 'develop' && RUNTIME_ONLY.has(key as TrackedPackage)) continue;
        const f = versionFromSpecifier(entry.version);
        if (f) out[key as TrackedPackage] = f;
      }
    }
    return out;
  } catch {
    return null;
  }
}

/** Requirement lines of a requirements file, following `-r`/`-c` includes (each file once). */
function requirementLines(file: string, seen: Set<string>): string[] {
  const resolved = path.resolve(file);
  if (seen.has(resolved)) return [];
  seen.add(resolved);
  const text = readText(resolved);
  if (text === null) return [];
  const out: string[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (inc) {
      out.push(...requirementLines(path.resolve(path.dirname(resolved), inc[1]), seen));
      continue;
    }
    if (line.startsWith('-')) continue; // -e, --hash, --index-url ...
    out.push(line.replace(/\s--hash=\S+/g, ''));
  }
  return out;
}

function readRequirements(file: string): Reading | null {
  if (!fs.existsSync(file)) return null;
  const out: Reading = {};
  for (const line of requirementLines(file, new Set())) {
    const req = parseRequirement(line);
    if (req) noteRequirement(out, req);
  }
  return out;
}

function readPyproject(file: string): Reading | null {
  const text = readText(file);
  if (text === null) return null;
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const out: Reading = {};
  const pep508 = (list: unknown, runtime = true): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string') continue;
      const req = parseRequirement(item);
      if (req) noteRequirement(out, req, req.spec, runtime);
    }
  };
  const project = data.project as Record<string, unknown> | undefined;
  pep508(project?.dependencies);
  // An extra that names orjson itself is a way to install the app with it; a dependency group is for developing it.
  for (const list of Object.values((project?.['optional-dependencies'] as Record<string, unknown>) ?? {})) pep508(list);
  for (const list of Object.values((data['dependency-groups'] as Record<string, unknown>) ?? {})) pep508(list, false);
  const tool = data.tool as Record<string, Record<string, unknown>> | undefined;
  pep508(tool?.uv?.['dev-dependencies'], false);
  const poetry = tool?.poetry;
  const poetryTable = (table: unknown, runtime = true): void => {
    if (!table || typeof table !== 'object') return;
    for (const [name, value] of Object.entries(table as Record<string, unknown>)) {
      const entry = Array.isArray(value) ? value[0] : value;
      const constraint = typeof entry === 'string' ? entry : typeof (entry as { version?: unknown })?.version === 'string' ? (entry as { version: string }).version : '';
      const extras = Array.isArray((entry as { extras?: unknown })?.extras) ? ((entry as { extras: unknown[] }).extras.filter((e) => typeof e === 'string') as string[]) : [];
      const optional = (entry as { optional?: unknown })?.optional === true;
      noteRequirement(out, { name: normalizeName(name), extras: extras.map((e) => e.toLowerCase()), spec: constraint }, poetryToPep440(constraint), runtime && !optional);
    }
  };
  poetryTable(poetry?.dependencies);
  poetryTable(poetry?.['dev-dependencies'], false);
  for (const [group, table] of Object.entries((poetry?.group as Record<string, { dependencies?: unknown }>) ?? {})) poetryTable(table?.dependencies, group === 'main');
  return out;
}

/**
 * Ruff as a pre-commit hook that lints (`ruff` or `ruff-check`; `ruff-format` only formats),
 * with the version of the ruff-pre-commit revision when it names one.
 */
function readPrecommit(file: string): Reading | null {
  const text = readText(file);
  if (text === null) return null;
  if (!/^[ \t]*-?[ \t]*id:[ \t]*["']?(ruff|ruff-check)["']?[ \t]*(#.*)?$/m.test(text)) return {};
  const rev = /ruff-pre-commit["']?[ \t]*\r?\n[ \t]*rev:[ \t]*["']?v?([0-9][0-9a-z.]*)/.exec(text);
  return { ruff: { version: rev && valid(rev[1]) ? rev[1] : ANY_VERSION } };
}

/** Installed distributions of a virtualenv: `lib/python3.X/site-packages/*.dist-info` (or `Lib/site-packages`). */
function readVenv(venv: string): Reading | null {
  const sitePackages: string[] = [];
  const lib = path.join(venv, 'lib');
  try {
    for (const d of fs.readdirSync(lib)) if (/^python\d/.test(d)) sitePackages.push(path.join(lib, d, 'site-packages'));
  } catch {
    // not a POSIX layout
  }
  sitePackages.push(path.join(venv, 'Lib', 'site-packages'));
  const out: Reading = {};
  let any = false;
  for (const sp of sitePackages) {
    let entries: string[];
    try {
      entries = fs.readdirSync(sp);
    } catch {
      continue;
    }
    any = true;
    for (const e of entries) {
      const m = /^([^-]+)-([^-]+)\.dist-info$/.exec(e);
      if (!m) continue;
      const key = normalizeName(m[1]);
      if (WANTED.has(key) && !out[key as TrackedPackage] && valid(m[2])) out[key as TrackedPackage] = { version: m[2] };
    }
  }
  return any ? out : null;
}

interface SourceReading {
  /** Path of the source relative to the project root (`uv.lock`, `.venv`, `requirements/base.txt`). */
  rel: string;
  file: string;
  reading: Reading;
}

function listRequirementFiles(root: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(root);
  } catch {
    return out;
  }
  const top = names.filter((n) => /^requirements.*\.txt$/i.test(n)).sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  out.push(...top.map((n) => path.join(root, n)));
  if (names.includes('requirements')) {
    try {
      for (const n of fs.readdirSync(path.join(root, 'requirements')).sort()) if (n.endsWith('.txt')) out.push(path.join(root, 'requirements', n));
    } catch {
      // a file named "requirements"
    }
  }
  return out;
}

/** Every source of one project root, nearest (most precise) first. */
function readRoot(root: string): SourceReading[] {
  const out: SourceReading[] = [];
  const add = (file: string, reading: Reading | null): void => {
    if (reading) out.push({ rel: path.relative(root, file).split(path.sep).join('/'), file, reading });
  };
  for (const venv of ['.venv', 'venv']) add(path.join(root, venv), readVenv(path.join(root, venv)));
  add(path.join(root, 'uv.lock'), readTomlLock(path.join(root, 'uv.lock')));
  add(path.join(root, 'poetry.lock'), readTomlLock(path.join(root, 'poetry.lock')));
  add(path.join(root, 'Pipfile.lock'), readPipfileLock(path.join(root, 'Pipfile.lock')));
  for (const f of listRequirementFiles(root)) add(f, readRequirements(f));
  add(path.join(root, 'pyproject.toml'), readPyproject(path.join(root, 'pyproject.toml')));
  add(path.join(root, '.pre-commit-config.yaml'), readPrecommit(path.join(root, '.pre-commit-config.yaml')));
  return out;
}

const ROOT_MARKERS = ['pyproject.toml', 'uv.lock', 'poetry.lock', 'Pipfile.lock', 'Pipfile', 'setup.py', 'setup.cfg', '.venv', 'venv', 'requirements', '.pre-commit-config.yaml'];

function isProjectRoot(dir: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  return names.some((n) => ROOT_MARKERS.includes(n) || /^requirements.*\.txt$/i.test(n));
}

function isRepositoryTop(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git'));
}

// ---- the resolver -------------------------------------------------------------------------------

interface VersionResolverOptions {
  /** Sources are named relative to this folder in messages (the CLI's working directory); default: relative to their project root. */
  displayRoot?: string;
  /** The `fastapi-version` setting: overrides what the project says. */
  fastapiVersion?: string;
  /** How messages name that setting. */
  settingName?: string;
  /** Never look above this folder. */
  stopAt?: string;
}

/** Versions per file, read once per project root and cached. */
export class VersionResolver {
  private readonly rootOfDir = new Map<string, string | null>();
  private readonly sourcesOfRoot = new Map<string, SourceReading[]>();
  private readonly versionsOfRoot = new Map<string, ProjectVersions>();
  private readonly rootsOfDir = new Map<string, string[]>();

  constructor(private readonly opts: VersionResolverOptions = {}) {}

  /** Forgets everything read (a lock file or requirements file changed). */
  clear(): void {
    this.rootOfDir.clear();
    this.sourcesOfRoot.clear();
    this.versionsOfRoot.clear();
    this.rootsOfDir.clear();
  }

  /** The project root nearest above a folder, or null. */
  projectRoot(dir: string): string | null {
    const start = path.resolve(dir);
    const walked: string[] = [];
    let found: string | null = null;
    for (let d = start; ; ) {
      const cached = this.rootOfDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(d);
      if (isProjectRoot(d)) {
        found = d;
        break;
      }
      const parent = path.dirname(d);
      if (parent === d || isRepositoryTop(d) || (this.opts.stopAt && path.resolve(this.opts.stopAt) === d)) break;
      d = parent;
    }
    for (const d of walked) this.rootOfDir.set(d, found);
    return found;
  }

  /** The project roots that apply to a file, nearest first (monorepo services before the repository's top). */
  rootsFor(file: string): string[] {
    const start = path.dirname(path.resolve(file));
    const known = this.rootsOfDir.get(start);
    if (known) return known;
    const roots: string[] = [];
    this.rootsOfDir.set(start, roots);
    let dir = start;
    for (;;) {
      const root = this.projectRoot(dir);
      if (!root) break;
      roots.push(root);
      const parent = path.dirname(root);
      if (parent === root || isRepositoryTop(root) || (this.opts.stopAt && path.resolve(this.opts.stopAt) === root)) break;
      dir = parent;
    }
    return roots;
  }

  private sources(root: string): SourceReading[] {
    let s = this.sourcesOfRoot.get(root);
    if (!s) {
      s = readRoot(root);
      this.sourcesOfRoot.set(root, s);
    }
    return s;
  }

  private label(src: SourceReading, found: Found): string {
    const where = this.opts.displayRoot ? path.relative(this.opts.displayRoot, src.file).split(path.sep).join('/') || src.rel : src.rel;
    if (found.via) return `${where} (through ${found.via})`;
    return found.spec ? `${where} (lower bound of ${found.spec})` : where;
  }

  /** Versions for a file: the nearest root's sources first, then the roots above it, then the setting. */
  versionsFor(file: string): ProjectVersions {
    const roots = this.rootsFor(file);
    const key = roots.join('\0');
    let v = this.versionsOfRoot.get(key);
    if (v) return v;
    const out: ProjectVersions = {};
    for (const root of roots) {
      for (const src of this.sources(root)) {
        for (const pkg of TRACKED) {
          const found = src.reading[pkg];
          if (found && !out[pkg]) out[pkg] = { version: found.version, source: this.label(src, found) };
        }
      }
    }
    const setting = this.opts.fastapiVersion?.trim();
    if (setting && valid(setting)) out.fastapi = { version: setting, source: this.opts.settingName ?? 'the fastapi-version setting' };
    v = Object.freeze(out);
    this.versionsOfRoot.set(key, v);
    return v;
  }
}

/**
 * The versions a file is linted and fixed with, everywhere (the CLI's lint, `--fix` and
 * `--diff`, the server's diagnostics and code actions): what the project's environment,
 * lock and requirements files say, with a configured FastAPI version over them.
 */
export function fileVersions(resolver: VersionResolver | undefined, file: string | undefined, configuredFastapi?: PackageVersion): ProjectVersions {
  const found = resolver && file ? resolver.versionsFor(file) : UNKNOWN_VERSIONS;
  return configuredFastapi ? { ...found, fastapi: configuredFastapi } : found;
}
