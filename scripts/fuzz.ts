// `npm run fuzz -- --seconds 300 --seed 7 [--iterations N] [--mode mutate|edits|both] [--corpus all|stdlib|fixtures] [--no-fixes]`:
// mutation fuzzing of the engine and random edit streams against the incremental path
// (test/robustness/fuzz.ts). Failures are written to .artifacts/fuzz/ with a note on how
// to reproduce them (`--replay FILE.replay.json` replays an edit stream); the exit code is 1
// when there was any.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initParser } from '../server/src/engine/parser';
import { corpus, REPO } from '../test/robustness/corpus';
import { fuzzEdits, fuzzMutations, newStats, replayEdits } from '../test/robustness/fuzz';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      iterations: { type: 'string' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      mode: { type: 'string', default: 'both' },
      corpus: { type: 'string', default: 'all' },
      'no-fixes': { type: 'boolean', default: false },
      replay: { type: 'string' },
    },
  });
  if (values.replay) {
    // --replay .artifacts/fuzz/seedN-i-edits.replay.json: the edits of a failure, linted after each batch.
    await initParser();
    const name = readFileSync(values.replay.replace(/\.replay\.json$/, '.txt'), 'utf8').split('\n')[0];
    const file = corpus('all').find((f) => f.name === name);
    if (!file) throw new Error(`${name} is not in the corpus`);
    const failure = replayEdits(file, JSON.parse(readFileSync(values.replay, 'utf8')));
    process.stdout.write(failure ? `FAIL ${failure.message}\n` : 'replayed: no difference\n');
    return failure ? 1 : 0;
  }
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  const mode = values.mode!;
  if (!(seconds > 0) || !Number.isInteger(seed) || !['mutate', 'edits', 'both'].includes(mode)) {
    process.stderr.write('usage: npm run fuzz -- --seconds N --seed N [--mode mutate|edits|both] [--corpus all|stdlib|fixtures] [--no-fixes]\n');
    return 2;
  }
  await initParser();
  const files = corpus(values.corpus as 'all' | 'stdlib' | 'fixtures');
  const start = Date.now();
  const end = start + seconds * 1000;
  const stats = newStats();
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  process.stderr.write(`fuzzing ${files.length} files for ${seconds} s, seed ${seed}, mode ${mode}\n`);
  if (mode === 'both') {
    // Half the time each.
    fuzzMutations(files, { seed, iterations, deadline: start + (end - start) / 2, fixes: !values['no-fixes'] }, stats);
    fuzzEdits(files, { seed, iterations, deadline: end }, stats);
  } else if (mode === 'mutate') fuzzMutations(files, { seed, iterations, deadline: end, fixes: !values['no-fixes'] }, stats);
  else fuzzEdits(files, { seed, iterations, deadline: end }, stats);
  const out = join(REPO, '.artifacts', 'fuzz');
  stats.failures.forEach((f, i) => {
    mkdirSync(out, { recursive: true });
    const base = join(out, `seed${seed}-${i}-${f.mode}`);
    writeFileSync(`${base}.py`, f.text);
    writeFileSync(`${base}.txt`, `${f.file}\n${f.message}\n`);
    if (f.replay) writeFileSync(`${base}.replay.json`, JSON.stringify(f.replay));
  });
  const report = {
    seed,
    seconds: Math.round((Date.now() - start) / 1000),
    files: stats.files.size,
    mutatedTexts: stats.texts,
    mutations: stats.mutations,
    editBursts: stats.bursts,
    edits: stats.edits,
    findings: stats.findings,
    fixesVerified: stats.fixes.single,
    fixAllFiles: stats.fixes.fixAllFiles,
    failures: stats.failures.length,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  for (const f of stats.failures.slice(0, 20)) process.stdout.write(`FAIL [${f.mode}] ${f.file}: ${f.message.split('\n')[0]}\n`);
  if (stats.failures.length) process.stdout.write(`failing texts are in ${out}\n`);
  return stats.failures.length ? 1 : 0;
}

main().then((c) => (process.exitCode = c));
