// The short, fixed-seed run of the fuzzer inside `npm test` (`npm run fuzz` runs for longer):
// mutated real files never make the engine throw or a rule crash, every range is valid, the
// fixes offered stay valid; random edit streams on the incremental path end with the
// diagnostics and module summary of a fresh parse and lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from '../helpers';
import { corpus } from './corpus';
import { fuzzEdits, fuzzMutations, newStats, type FuzzStats } from './fuzz';

const describe = (s: FuzzStats): string => s.failures.map((f) => `[${f.mode}] ${f.file}: ${f.message.split('\n').slice(0, 3).join(' | ')}`).join('\n');

test('mutations of the fixtures and the standard library: no throw, no rule crash, valid ranges and fixes', async () => {
  await ready;
  const stats = fuzzMutations(corpus('all'), { seed: 20251125, iterations: 250, fixes: true });
  assert.equal(stats.failures.length, 0, describe(stats));
  assert.equal(stats.texts, 250);
  // Fixtures weigh little in the whole corpus: a second run on them alone, where rules fire.
  const fixtures = fuzzMutations(corpus('fixtures'), { seed: 7, iterations: 250, fixes: true }, newStats());
  assert.equal(fixtures.failures.length, 0, describe(fixtures));
  assert.ok(fixtures.findings > 500, `the mutated fixtures still have findings (${fixtures.findings})`);
  assert.ok(fixtures.fixes.single > 20, `and fixes were checked (${fixtures.fixes.single})`);
});

test('random edit streams on the incremental path equal a fresh parse and lint after each burst', async () => {
  await ready;
  const stats = fuzzEdits(corpus('fixtures'), { seed: 20251125, iterations: 150 });
  assert.equal(stats.failures.length, 0, describe(stats));
  assert.equal(stats.bursts, 150);
});
