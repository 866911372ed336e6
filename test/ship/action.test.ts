// The GitHub Action (action.yml) run locally: its script, scripts/action/run.mjs, with the
// environment the runner gives a composite step (GITHUB_WORKSPACE, RUNNER_TEMP, the
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the inputs as action.yml maps them), on a
// sample repository whose project is in a subfolder (`working-directory`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, INSTALL_TIMEOUT, packTarball, project, REPO, run, SLEEPY, snapshot, type Run } from './helpers';
import { tempDir } from '../tempDir';

const SCRIPT = join(REPO, 'scripts', 'action', 'run.mjs');

interface ActionRun extends Run {
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

/** A repository (the workspace) with the project in service/. */
function workspace(files: Record<string, string> = { 'app/main.py': SLEEPY }): string {
  const ws = project({}, 'fpl-action-ws-');
  for (const [name, text] of Object.entries({ 'pyproject.toml': '[project]\nname = "service"\n', ...files })) {
    mkdirSync(join(ws, 'service', name, '..'), { recursive: true });
    writeFileSync(join(ws, 'service', name), text);
  }
  return ws;
}

/** The `lint` step of action.yml: inputs as FPL_* variables, run in working-directory. */
function action(ws: string, inputs: Record<string, string> = {}, actionPath = REPO, timeout?: number): ActionRun {
  const runner = tempDir('fpl-action-runner-');
  const env = cleanEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: join(runner, 'temp'),
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
    FPL_ACTION_PATH: actionPath,
    FPL_ARGS: inputs.args ?? '',
    FPL_VERSION: inputs.version ?? '',
    FPL_SARIF: inputs.sarif ?? 'false',
    FPL_FAIL_ON_FINDINGS: inputs['fail-on-findings'] ?? 'true',
  });
  mkdirSync(env.RUNNER_TEMP!);
  writeFileSync(env.GITHUB_OUTPUT!, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  const r = run(process.execPath, [SCRIPT], { cwd: join(ws, inputs['working-directory'] ?? 'service'), env, ...(timeout ? { timeout } : {}) });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(env.GITHUB_OUTPUT!, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
  }
  return { ...r, outputs, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'), runnerTemp: env.RUNNER_TEMP! };
}

const ANNOTATION = /^::error file=service\/app\/main\.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::`time\.sleep\(\)` blocks the event loop/m;

test('action: annotations with paths from the repository root, outputs, a job summary; exit 1 on findings', () => {
  const r = action(workspace());
  assert.equal(r.status, 1, r.all);
  assert.match(r.stdout, ANNOTATION, r.all);
  assert.deepEqual(r.outputs, { 'exit-code': '1', findings: '1', 'sarif-file': '', failed: 'true' });
  assert.match(r.summary, /^### fastapi-perf-lint$/m);
  assert.match(r.summary, /^1 finding, shown as annotations\.$/m);
  assert.match(r.summary, /^\| FPL101 \| 1 \|$/m);
});

test('action: fail-on-findings false reports and passes; a clean project passes', () => {
  const r = action(workspace(), { 'fail-on-findings': 'false' });
  assert.equal(r.status, 0, r.all);
  assert.match(r.stdout, ANNOTATION, r.all);
  assert.equal(r.outputs.failed, 'false');

  const clean = action(workspace({ 'app/main.py': 'import asyncio\nasync def f():\n    await asyncio.sleep(1)\n' }));
  assert.equal(clean.status, 0, clean.all);
  assert.equal(clean.stdout, '');
  assert.deepEqual(clean.outputs, { 'exit-code': '0', findings: '0', 'sarif-file': '', failed: 'false' });
  assert.match(clean.summary, /^No findings\.$/m);
});

test('action: sarif true writes SARIF for the upload step (paths from the repository root), the step passes, `failed` tells the last step', () => {
  const r = action(workspace(), { sarif: 'true' });
  assert.equal(r.status, 0, r.all);
  const file = join(r.runnerTemp, 'fastapi-perf-lint.sarif');
  assert.deepEqual(r.outputs, { 'exit-code': '1', findings: '1', 'sarif-file': file, failed: 'true' });
  const sarif = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const [result] = sarif.runs[0].results;
  assert.equal(result.ruleId, 'FPL101');
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'service/app/main.py', uriBaseId: '%SRCROOT%' });
  assert.match(r.summary, /uploaded to code scanning/);
  assert.doesNotMatch(r.stdout, /^::error file=/m, 'no annotations with SARIF');
});

test('action: args are split like a shell\'s (quotes), relative to working-directory', () => {
  const ws = workspace({ 'my app/main.py': SLEEPY, 'other/x.py': SLEEPY });
  const r = action(ws, { args: `"my app" --select 'FPL1'` });
  assert.equal(r.status, 1, r.all);
  assert.match(r.stdout, /^::error file=service\/my app\/main\.py,line=3,/m, r.all);
  assert.doesNotMatch(r.stdout, /other\/x\.py/, 'only the paths given');
  assert.equal(r.outputs.findings, '1');
  const none = action(ws, { args: '"my app" --ignore FPL101' });
  assert.equal(none.status, 0, none.all);
});

test('action: errors exit 2 with an error annotation (bad inputs, --format in args, an invalid configuration)', () => {
  const ws = workspace();
  const format = action(ws, { args: '--format json' });
  assert.equal(format.status, 2, format.all);
  assert.match(format.stdout, /^::error title=fastapi-perf-lint::args must not set --format/m);
  const bool = action(ws, { sarif: 'yes' });
  assert.equal(bool.status, 2, bool.all);
  assert.match(bool.stdout, /^::error title=fastapi-perf-lint::input sarif must be true or false, not "yes"/m);
  const config = action(workspace({ 'app/main.py': SLEEPY, 'pyproject.toml': '[tool.fastapi-perf-lint]\nselect = [\n' }));
  assert.equal(config.status, 2, config.all);
  assert.match(config.stderr, /^error: .*pyproject\.toml/m, config.all);
  assert.equal(config.outputs['exit-code'], '2');
  assert.match(config.summary, /failed with an error/);
});

test('action: version installs that npm package (here the packed tarball) and runs it', { timeout: INSTALL_TIMEOUT }, () => {
  const tgz = packTarball();
  const r = action(workspace(), { version: tgz }, tempDir('fpl-no-action-'), INSTALL_TIMEOUT);
  assert.equal(r.status, 1, r.all);
  assert.match(r.stdout, /^::group::npm install .*fastapi-perf-lint-\d+\.\d+\.\d+\.tgz$/m);
  assert.match(r.stdout, ANNOTATION, r.all);
  assert.ok(existsSync(join(r.runnerTemp, 'fastapi-perf-lint-npm', 'node_modules', 'fastapi-perf-lint', 'dist', 'cli.js')));
});

test('action: without version, the Action\'s own checkout (no node_modules, no dist/, as GitHub checks it out) is built, then run', { timeout: INSTALL_TIMEOUT + 60_000 }, () => {
  const { dir: checkout } = snapshot();
  assert.ok(!existsSync(join(checkout, 'dist')) && !existsSync(join(checkout, 'node_modules')));
  const r = action(workspace(), {}, checkout, INSTALL_TIMEOUT);
  assert.equal(r.status, 1, r.all);
  assert.match(r.stdout, /^::group::Building fastapi-perf-lint from /m);
  assert.match(r.stdout, ANNOTATION, r.all);
  assert.ok(existsSync(join(checkout, 'dist', 'cli.js')));
});

test('action.yml: every input is declared and used, mapped to the variable the script reads; the steps', () => {
  const yml = readFileSync(join(REPO, 'action.yml'), 'utf8');
  const section = (name: string): string => {
    const m = new RegExp(`^${name}:\\n((?:  .*\\n|\\n)*)`, 'm').exec(yml);
    assert.ok(m, `${name}: in action.yml`);
    return m[1];
  };
  const declared = [...section('inputs').matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  assert.deepEqual(declared, ['args', 'working-directory', 'version', 'sarif', 'fail-on-findings']);
  const used = new Set([...yml.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]));
  assert.deepEqual([...used].sort(), [...declared].sort(), 'inputs used in the steps');
  const script = readFileSync(SCRIPT, 'utf8');
  for (const m of yml.matchAll(/^ {8}(FPL_[A-Z_]+): \$\{\{ (?:inputs\.([a-z-]+)|github\.action_path) \}\}$/gm)) {
    assert.ok(script.includes(`env.${m[1]}`) || script.includes(`'${m[1]}'`), `the script reads ${m[1]}`);
  }
  assert.equal([...yml.matchAll(/^ {8}FPL_/gm)].length, 5, 'four inputs and the action path are passed to the script');
  assert.match(section('runs'), /^ {2}using: composite$/m);
  assert.match(yml, /run: node "\$FPL_ACTION_PATH\/scripts\/action\/run\.mjs"/);
  assert.match(yml, /uses: github\/codeql-action\/upload-sarif@v3/);
  const outputs = [...section('outputs').matchAll(/value: \$\{\{ steps\.lint\.outputs\.([a-z-]+) \}\}/g)].map((m) => m[1]);
  assert.deepEqual(outputs, ['findings', 'exit-code', 'sarif-file']);
  assert.match(yml, /steps\.lint\.outputs\.failed == 'true'/);
});
