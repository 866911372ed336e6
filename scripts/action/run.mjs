// The GitHub Action's step (action.yml): runs `fastapi-perf-lint check` in the step's working
// directory, as annotations (`--format github`) or SARIF for code scanning, and reports to
// the runner's files: outputs ($GITHUB_OUTPUT) and a job summary ($GITHUB_STEP_SUMMARY).
//
// Inputs, from action.yml's `env:` (each has a default here, so the script also runs by hand):
//   FPL_ARGS              arguments of `check`: paths and options (default: the current folder)
//   FPL_VERSION           the npm package to run: a version (`0.1.0`), a tag (`latest`) or any
//                         spec `npm install` accepts (a tarball path, a git URL); empty: the
//                         Action's own source, built on first use (`node scripts/prepare.mjs`)
//   FPL_SARIF             `true`: write SARIF to $RUNNER_TEMP for the upload step
//   FPL_FAIL_ON_FINDINGS  `true` (default): exit 1 on findings (with SARIF: output `failed`,
//                         for the step after the upload)
//   FPL_ACTION_PATH       the Action's checkout (default: this script's repository)
// Exit status: 0 (no findings, or findings not failing the step), 1 findings, 2 an error.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const env = process.env;
const actionPath = path.resolve(env.FPL_ACTION_PATH || env.GITHUB_ACTION_PATH || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
const runnerTemp = env.RUNNER_TEMP || tmpdir();
const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
const bool = (name, dflt) => {
  const v = (env[name] ?? '').trim().toLowerCase();
  if (v === '') return dflt;
  if (v === 'true' || v === 'false') return v === 'true';
  fail(`input ${name.replace(/^FPL_/, '').toLowerCase().replace(/_/g, '-')} must be true or false, not "${env[name]}"`);
};

function fail(message) {
  console.log(`::error title=fastapi-perf-lint::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  process.exit(2);
}

/** Splits a command line as a POSIX shell would for words: whitespace, '...' and "..." quoting, backslash escapes. */
function splitArgs(s) {
  const out = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) fail(`unbalanced ' in args: ${s}`);
      cur += s.slice(i + 1, j);
      i = j;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1])) j++;
        cur += s[j];
      }
      if (j >= s.length) fail(`unbalanced " in args: ${s}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) fail(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

/** The CLI to run: [node, cli.js]. */
function resolveCli(version) {
  const npm = env.npm_execpath && /\.c?js$/.test(env.npm_execpath) ? [process.execPath, env.npm_execpath] : ['npm'];
  if (version === '') {
    const cli = path.join(actionPath, 'dist', 'cli.js');
    if (!existsSync(cli)) {
      console.log(`::group::Building fastapi-perf-lint from ${actionPath}`);
      // stdout carries the workflow commands: npm's output goes to stderr.
      const r = run(process.execPath, [path.join(actionPath, 'scripts', 'prepare.mjs')], { cwd: actionPath, stdio: ['ignore', 2, 2] });
      console.log('::endgroup::');
      if (r.status !== 0 || !existsSync(cli)) fail(`building fastapi-perf-lint in ${actionPath} failed (exit ${r.status})`);
    }
    return cli;
  }
  // A bare version or tag names this package on the registry; anything else is an npm spec as is.
  const spec = /^[\w.^~<>=*| -]+$/.test(version) && !/\.(tgz|tar\.gz)$/.test(version) ? `fastapi-perf-lint@${version}` : version;
  const prefix = path.join(runnerTemp, 'fastapi-perf-lint-npm');
  mkdirSync(prefix, { recursive: true });
  if (!existsSync(path.join(prefix, 'package.json'))) writeFileSync(path.join(prefix, 'package.json'), '{ "private": true }\n');
  console.log(`::group::npm install ${spec}`);
  const r = run(npm[0], [...npm.slice(1), 'install', '--no-save', '--no-audit', '--no-fund', '--no-progress', spec], { cwd: prefix, stdio: ['ignore', 2, 2], shell: npm.length === 1 && process.platform === 'win32' });
  console.log('::endgroup::');
  const cli = path.join(prefix, 'node_modules', 'fastapi-perf-lint', 'dist', 'cli.js');
  if (r.status !== 0 || !existsSync(cli)) fail(`npm install ${spec} failed (exit ${r.status})`);
  return cli;
}

/** SARIF paths relative to the repository root (what code scanning expects), not to the working directory. */
function rebaseSarif(sarif, cwd) {
  const rel = path.relative(workspace, cwd);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return sarif;
  const prefix = rel.split(path.sep).map(encodeURIComponent).join('/') + '/';
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.uriBaseId === '%SRCROOT%' && typeof v.uri === 'string') v.uri = prefix + v.uri;
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(sarif.runs);
  for (const r of sarif.runs ?? []) {
    if (r.originalUriBaseIds?.['%SRCROOT%']) r.originalUriBaseIds['%SRCROOT%'].uri = pathToFileURL(workspace + path.sep).href;
  }
  return sarif;
}

function summary(counts, findings, code, sarifFile) {
  const lines = ['### fastapi-perf-lint', ''];
  if (code === 2) lines.push('The check failed with an error: see the step log.');
  else if (findings === 0) lines.push('No findings.');
  else {
    lines.push(`${findings} finding${findings === 1 ? '' : 's'}${sarifFile ? ', uploaded to code scanning' : ', shown as annotations'}.`, '', '| Rule | Findings |', '|---|---|');
    for (const [rule, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`| ${rule} | ${n} |`);
    lines.push('', 'A rule\'s documentation: `npx fastapi-perf-lint explain CODE`.');
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, lines.join('\n') + '\n');
}

function output(values) {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
}

const args = splitArgs(env.FPL_ARGS ?? '');
if (args.some((a) => a === '--format' || a.startsWith('--format='))) fail('args must not set --format: the Action uses annotations, or SARIF with `sarif: true`');
if (args.includes('--fix') || args.includes('--diff')) fail('args must not contain --fix or --diff: the Action reports, it does not edit');
const sarif = bool('FPL_SARIF', false);
const failOnFindings = bool('FPL_FAIL_ON_FINDINGS', true);
const cli = resolveCli((env.FPL_VERSION ?? '').trim());
const cwd = process.cwd();
const counts = new Map();
let findings = 0;
let code;
let sarifFile = '';

if (sarif) {
  sarifFile = path.join(runnerTemp, 'fastapi-perf-lint.sarif');
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'sarif', '--no-progress'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30 });
  code = r.status ?? 2;
  if (code === 0 || code === 1) {
    const doc = rebaseSarif(JSON.parse(r.stdout), cwd);
    writeFileSync(sarifFile, JSON.stringify(doc, null, 2) + '\n');
    for (const res of doc.runs.flatMap((run) => run.results ?? [])) {
      findings++;
      counts.set(res.ruleId, (counts.get(res.ruleId) ?? 0) + 1);
    }
    console.log(`fastapi-perf-lint: ${findings} finding${findings === 1 ? '' : 's'} written to ${sarifFile}`);
  } else sarifFile = '';
} else {
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'github', '--no-progress'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30 });
  code = r.status ?? 2;
  process.stdout.write(r.stdout);
  for (const line of r.stdout.split('\n')) {
    const m = /^::(?:error|warning|notice) [^:]*title=([A-Z]+[0-9]+)::/.exec(line);
    if (!m) continue;
    findings++;
    counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
}

const failed = code === 2 || (findings > 0 && failOnFindings);
output({ 'exit-code': code, findings, 'sarif-file': sarifFile, failed });
summary(counts, findings, code, sarifFile);
if (code === 2) fail('fastapi-perf-lint check failed (exit 2): see the error above');
if (findings > 0 && failOnFindings && !sarif) process.exit(1);
process.exit(0);
