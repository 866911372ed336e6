// Benchmark corpora: the standard library of the machine's python3 (copied, so the bench
// can edit a file and keep a cache beside it), a generated FastAPI service shaped like real
// ones (./generate.ts), and for tests a FastAPI-heavy corpus copied from examples/ and the
// rule fixtures, so that no prefilter can set files aside.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateService } from './generate';

export interface Corpus {
  name: string;
  root: string;
  files: string[];
  bytes: number;
  lines: number;
}

const REPO = join(__dirname, '..');

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'site-packages' || e.name === '__pycache__' || e.name === 'node_modules') continue;
      pyFiles(p, out);
    } else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

function describe(name: string, root: string, files: string[]): Corpus {
  let bytes = 0;
  let lines = 0;
  for (const f of files) {
    const b = readFileSync(f);
    bytes += b.length;
    for (let i = 0; i < b.length; i++) if (b[i] === 10) lines++;
  }
  return { name, root, files, bytes, lines };
}

export function stdlibCorpus(): Corpus {
  const root = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  return describe('stdlib', root, pyFiles(root));
}

/** Copies examples/shop-api's package and every rule fixture into enough packages for `minFiles` files. */
export function fastapiCorpus(dir: string, minFiles = 1000): Corpus {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "corpus"\ndependencies = ["fastapi>=0.136", "pydantic>=2", "sqlalchemy>=2", "orjson"]\n');
  const app = join(REPO, 'examples', 'shop-api', 'app');
  const fixtures = readdirSync(join(REPO, 'rules'))
    .map((d) => join(REPO, 'rules', d, 'cases.py'))
    .filter((p) => existsSync(p));
  const perCopy = pyFiles(app).length + fixtures.length + 1;
  const copies = Math.ceil(minFiles / perCopy);
  for (let i = 0; i < copies; i++) {
    const pkg = join(dir, `service_${i}`);
    cpSync(app, pkg, { recursive: true });
    mkdirSync(join(pkg, 'cases'), { recursive: true });
    writeFileSync(join(pkg, 'cases', '__init__.py'), '');
    fixtures.forEach((f, k) => writeFileSync(join(pkg, 'cases', `case_${k}.py`), readFileSync(f)));
  }
  const files = pyFiles(dir).filter((f) => statSync(f).isFile());
  return describe('fastapi', dir, files);
}


/** A codebase of your own, read in place (`npm run bench -- --dir PATH`). */
export function dirCorpus(dir: string): Corpus {
  return describe(dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir, dir, pyFiles(dir));
}

/** The generated FastAPI service (bench/generate.ts), written into `dir`. */
export function serviceCorpus(dir: string): Corpus {
  return describe('service', dir, generateService(dir));
}

/** A copy of a corpus's files under `dir`, same relative paths. */
export function copyCorpus(c: Corpus, dir: string): Corpus {
  rmSync(dir, { recursive: true, force: true });
  const files = c.files.map((f) => {
    const to = join(dir, relative(c.root, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
    return to;
  });
  return describe(c.name, dir, files);
}
