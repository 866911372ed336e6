// The default number of worker threads: none on 2 cores (measured slower than one thread there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWorkers } from '../../server/src/cli/main';

test('default workers: one thread up to 2 cores, then one per core but one, at most 8', () => {
  assert.deepEqual([1, 2, 3, 4, 8, 9, 16, 64].map(defaultWorkers), [1, 1, 2, 3, 7, 8, 8, 8]);
});
