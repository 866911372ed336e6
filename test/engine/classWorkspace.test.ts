// The multi-module fixture workspace test/fixtures/class-workspace (issue 18): blocking calls
// behind methods of the project's own classes. Each file marks its expectations as rule
// fixtures do: `# expect: FPLxxx` on the line before a finding, `# ok: FPLxxx` before none.
import { REGISTRY, ready } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject } from '../../server/src/engine/project';

const ROOT = join(__dirname, '..', 'fixtures', 'class-workspace');
const CODES = ['FPL107', 'FPL108'];

function pyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pyFiles(join(dir, e.name)) : e.name.endsWith('.py') ? [join(dir, e.name)] : []));
}

/** `rel:line code` for every marker: the expected findings, and the lines that must have none. */
function markers(): { expect: Set<string>; ok: Set<string> } {
  const expect = new Set<string>();
  const ok = new Set<string>();
  for (const file of pyFiles(ROOT)) {
    const rel = relative(ROOT, file).split('\\').join('/');
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const m = /#\s*(expect|ok):\s*(FPL\d+)/.exec(line);
      if (m) (m[1] === 'expect' ? expect : ok).add(`${rel}:${i + 2} ${m[2]}`);
    });
  }
  return { expect, ok };
}

test('methods of workspace classes: module instances, fresh instances, static and class methods, attributes, registries, callbacks, MRO', async () => {
  await ready;
  const result = await lintProject({ rules: REGISTRY, paths: [ROOT], root: ROOT, config: mergeConfig({ select: CODES }) });
  const found = new Set(result.files.flatMap((f) => f.findings.map((x) => `${f.relPath}:${f.lines!.lineOf(x.start) + 1} ${x.code}`)));
  const { expect, ok } = markers();
  assert.ok(expect.size >= 8 && ok.size >= 8, 'the fixture has true positives and negatives');
  assert.deepEqual([...found].sort(), [...expect].sort());
  for (const k of ok) assert.ok(!found.has(k), `no finding expected: ${k}`);
});

test('a lambda handed to a helper that calls it: the chain runs through the lambda', async () => {
  await ready;
  const result = await lintProject({ rules: REGISTRY, paths: [ROOT], root: ROOT, config: mergeConfig({ select: ['FPL108'] }) });
  const msgs = result.files.flatMap((f) => f.findings.map((x) => `${x.message} ${x.detail ?? ''}`));
  assert.ok(msgs.some((m) => m.includes('all_orders -> paginate_all -> all_orders.<lambda> -> BaseRepository.page -> requests.get')), msgs.join('\n'));
});
