// Project linting: the same findings whatever the number of workers, and with or without
// the prefilter (over the machine's standard library, the example project and the bench's FastAPI corpus).
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject, type ProjectResult } from '../../server/src/engine/project';
import { ready } from '../helpers';
import { tempDir } from '../tempDir';
import { fastapiCorpus } from '../../bench/corpus';

const STDLIB = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const EXAMPLES = join(__dirname, '..', '..', 'examples');

function flat(r: ProjectResult): string[] {
  return r.files.flatMap((f) => f.findings.map((x) => `${f.relPath}:${x.start}-${x.end} ${x.code} ${x.message}`)).sort();
}

test('examples: identical with 1 and 2 workers, with and without the prefilter', async () => {
  await ready;
  const config = mergeConfig();
  const runs = await Promise.all([
    lintProject({ rules: REGISTRY, paths: [EXAMPLES], root: EXAMPLES, config, workers: 1 }),
    lintProject({ rules: REGISTRY, paths: [EXAMPLES], root: EXAMPLES, config, workers: 2 }),
    lintProject({ rules: REGISTRY, paths: [EXAMPLES], root: EXAMPLES, config, workers: 1, prefilter: false }),
  ]);
  const [a, b, c] = runs.map(flat);
  assert.ok(a.length > 0);
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
});

test('standard library: the prefilter changes no finding', async () => {
  await ready;
  const config = mergeConfig();
  const withPrefilter = await lintProject({ rules: REGISTRY, paths: [STDLIB], root: STDLIB, config, workers: 2 });
  const without = await lintProject({ rules: REGISTRY, paths: [STDLIB], root: STDLIB, config, workers: 2, prefilter: false });
  assert.ok(withPrefilter.prefiltered > 1000, `most of the stdlib is set aside (${withPrefilter.prefiltered})`);
  assert.deepEqual(flat(withPrefilter), flat(without));
});

test('FastAPI-heavy corpus (the bench generates it: 1,000+ files): the prefilter changes no finding', async () => {
  await ready;
  const corpus = fastapiCorpus(join(tempDir('fpl-corpus-'), 'corpus'));
  assert.ok(corpus.files.length >= 1000);
  // Every rule, those off by default too: the prefilter must be sound for each.
  const config = mergeConfig({ select: ['ALL'] });
  const withPrefilter = await lintProject({ rules: REGISTRY, paths: [corpus.root], root: corpus.root, config, workers: 2 });
  const without = await lintProject({ rules: REGISTRY, paths: [corpus.root], root: corpus.root, config, workers: 2, prefilter: false });
  const a = flat(withPrefilter);
  assert.ok(a.length > 5000, `findings everywhere (${a.length})`);
  assert.deepEqual(a, flat(without));
});
