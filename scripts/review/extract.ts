// Extracts each corpus repository's tree at its listed commit from a bare git snapshot
// (what the search tool's `fetch` brings: /work/.mirror/<owner>+<name>/repo) into
// <corpus root>/<owner>+<name>/. `git archive` cannot be used: snapshots lack blobs of
// 4 MiB and more (images, archives, generated schemas), and archive stops at the first
// missing one. Missing blobs, symlinks and submodules are skipped and counted.
// Usage: npx tsx scripts/review/extract.ts [--mirror DIR] [--force] [owner/name...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { assertOutsideRepo, dirName, loadCorpus, repoDir } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { mirror: { type: 'string', default: '/work/.mirror' }, force: { type: 'boolean', default: false } },
});

function git(gitDir: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 4 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout;
}

function extract(gitDir: string, commit: string, dest: string): { files: number; missing: string[]; skipped: number } {
  git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]);
  const entries = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((e) => {
      const [meta, p] = [e.slice(0, e.indexOf('\t')), e.slice(e.indexOf('\t') + 1)];
      const [mode, type, sha] = meta.split(' ');
      return { mode, type, sha, path: p };
    });
  // Regular files only: a symlink could point outside the corpus, a submodule has no tree here.
  const blobs = entries.filter((e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755'));
  const skipped = entries.length - blobs.length;
  const check = git(gitDir, ['cat-file', '--batch-check'], blobs.map((b) => b.sha).join('\n') + '\n').toString('utf8').split('\n');
  const present = blobs.filter((_, i) => !check[i].endsWith(' missing'));
  const missing = blobs.filter((_, i) => check[i].endsWith(' missing')).map((b) => b.path);
  // One `cat-file --batch` for all contents: "<sha> blob <size>\n<bytes>\n" each.
  const out = git(gitDir, ['cat-file', '--batch'], present.map((b) => b.sha).join('\n') + '\n');
  let at = 0;
  for (const b of present) {
    const nl = out.indexOf(10, at);
    const size = Number(out.subarray(at, nl).toString('latin1').split(' ')[2]);
    const file = path.join(dest, b.path);
    if (path.relative(dest, file).startsWith('..')) throw new Error(`path escapes the tree: ${b.path}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, out.subarray(nl + 1, nl + 1 + size), { mode: b.mode === '100755' ? 0o755 : 0o644 });
    at = nl + 1 + size + 1;
  }
  return { files: present.length, missing, skipped };
}

const list = loadCorpus();
assertOutsideRepo(list.root, 'the corpus root');
const wanted = positionals.length ? list.repos.filter((r) => positionals.includes(r.repo)) : list.repos;
for (const entry of wanted) {
  const dest = repoDir(list, entry.repo);
  if (existsSync(dest) && !values.force) {
    console.log(`${entry.repo}: ${dest} exists (--force to extract again)`);
    continue;
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const gitDir = path.join(values.mirror!, dirName(entry.repo), 'repo');
  const r = extract(gitDir, entry.commit, dest);
  console.log(`${entry.repo} @ ${entry.commit.slice(0, 12)}: ${r.files} files, ${r.missing.length} missing from the snapshot, ${r.skipped} symlinks/submodules skipped`);
  for (const m of r.missing.filter((p) => p.endsWith('.py'))) console.log(`  missing Python file: ${m}`);
}
