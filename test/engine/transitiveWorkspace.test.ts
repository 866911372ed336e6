// The multi-module fixture workspace (test/fixtures/transitive-workspace): FPL108 follows a
// chain across three modules (route -> services re-export -> services.reports -> util.pdf),
// points its related location at the blocking call in the last module, and the
// workspace-dependent decisions (per-request, dependency, unreferenced) come out right.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject, newIndex } from '../../server/src/engine/project';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { readFileSync } from 'node:fs';
import { ready } from '../helpers';

const ROOT = join(__dirname, '..', 'fixtures', 'transitive-workspace');

async function run(ignore: string[] = []) {
  await ready;
  const result = await lintProject({ rules: REGISTRY, paths: [ROOT], root: ROOT, config: mergeConfig({ extendSelect: ['FPL108', 'FPL110', 'FPL112'], ignore }) });
  const all = result.files.flatMap((f) => f.findings.map((finding) => ({ rel: f.relPath, finding, lines: f.lines! })));
  return { result, all };
}

test('FPL108 across three modules: chain in the message, related location at the blocking call', async () => {
  // FPL107 (the routes never await) would speak for these calls: the chains are FPL108's.
  const { all } = await run(['FPL107']);
  const hits = all.filter((x) => x.finding.code === 'FPL108');
  assert.deepEqual(hits.map((x) => `${x.rel}:${x.lines.lineOf(x.finding.start) + 1}`), ['app/routes.py:13', 'app/routes.py:18']);
  const first = hits[0].finding;
  assert.match(first.detail ?? '', /get_report -> build_report -> render_pdf -> subprocess\.run/);
  const blocking = first.related?.[0];
  assert.ok(blocking, 'has related information');
  assert.ok(blocking.file?.endsWith(join('app', 'util', 'pdf.py')), `related file is util/pdf.py, got ${blocking.file}`);
  assert.equal(blocking.range?.start.line, 6, 'the subprocess.run line (0-based)');
  assert.equal(blocking.range?.start.character, 4);
  assert.match(blocking.message, /subprocess\.run/);
  // The intermediate hop is placed too.
  assert.ok(first.related?.some((r) => r.file?.endsWith(join('services', 'reports.py')) && r.range?.start.line === 5));
});

test('workspace conditions: per-request client, cross-module dependency, fix safety from references', async () => {
  const { all } = await run();
  const code = (c: string) => all.filter((x) => x.finding.code === c);
  assert.deepEqual(code('FPL110').map((x) => x.rel), ['app/clients.py'], 'client built in a helper a route calls');
  assert.deepEqual(code('FPL112').map((x) => x.rel), ['app/deps.py'], 'dependency used through Depends in another module');
  assert.equal(code('FPL112')[0].finding.fix?.applicability, 'safe', 'an import used only for Depends is not a call');
  const fpl107 = code('FPL107').map((x) => [x.finding.message.match(/async def (\w+)/)![1], x.finding.fix?.applicability]);
  assert.deepEqual(fpl107, [
    ['get_report', 'safe'],
    ['admin_report', 'unsafe'], // app/cli.py awaits it
  ]);
  for (const x of all) assert.equal(x.finding.when, undefined, 'conditions are decided');
  for (const x of all) assert.equal(x.finding.fix?.safeWhen, undefined, 'fix safety is decided');
});

test('a summary received without text or body facts (from another worker) gets its facts from the file', async () => {
  await ready;
  const path = join(ROOT, 'app', 'util', 'pdf.py');
  const text = readFileSync(path, 'utf8');
  const index = newIndex([{ path, relPath: 'app/util/pdf.py', module: 'app.util.pdf', isPackage: false, eagerDetails: false }], mergeConfig({}));
  const tree = parse(text);
  const summary = new FileModel({ text, tree, context: { module: 'app.util.pdf', isPackage: false } }).summary;
  index.setSummary(path, summary, '', [0]);
  const d = index.detail('app.util.pdf', 'render_pdf');
  assert.ok(d, 'body facts loaded');
  assert.ok(d.calls.some((c) => c.ref === 'subprocess.run'));
});

test('FPL108 across modules does not depend on the number of workers', async () => {
  await ready;
  for (const workers of [1, 2]) {
    const result = await lintProject({ rules: REGISTRY, paths: [ROOT], root: ROOT, config: mergeConfig({ extendSelect: ['FPL108'], ignore: ['FPL107'] }), workers });
    const n = result.files.flatMap((f) => f.findings).filter((f) => f.code === 'FPL108').length;
    assert.equal(n, 2, `workers: ${workers}`);
  }
});
