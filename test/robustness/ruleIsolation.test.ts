// Rule isolation and the per-file limits, with injected rules: a rule that throws is
// reported once per file with the file and the rule, and the other rules' findings stay;
// no clock decides what is reported: a slow rule delays the others but never skips them;
// a file whose rules report more than `max-findings` reports none, with a note, in the CLI's
// lint and the server's incremental one alike; a cut-short run is never reused.
import { ruleRegistry } from '../../server/src/engine/registry';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../server/src/engine/document';
import { lintSource } from '../../server/src/engine/linter';
import type { Rule } from '../../server/src/ruleApi/rule';
import { DEFAULT_CONFIG, mergeConfig } from '../../server/src/engine/config';
import { rule as blockingSleep } from '../../rules/blocking-sleep-in-async/rule';
import { ready } from '../helpers';

const docs = { summary: 's', why: 'w', example: 'e', useInstead: 'u' };
const meta = (code: string, id: string): Rule['meta'] => ({ code, id, family: 'event-loop', severity: 'warning', fix: 'none', docs });

const crashing: Rule = {
  meta: meta('FPL991', 'test-crash'),
  check(ctx) {
    ctx.report({ start: 0, end: 1, message: 'before the crash' });
    throw new TypeError('boom');
  },
};

/** Busy for `ms` of wall-clock time; with `reports`, reporting all along. */
function slow(ms: number, reports = false): Rule {
  return {
    meta: meta('FPL100', 'test-slow'),
    check(ctx) {
      const until = Date.now() + ms;
      while (Date.now() < until) if (reports) ctx.report({ start: 0, end: 1, message: 'one more' });
    },
  };
}

/** Reports `n` findings, one per character of the text (wrapping round). */
function reporting(n: number): Rule {
  return {
    meta: meta('FPL993', 'test-many'),
    check(ctx) {
      for (let i = 0; i < n; i++) ctx.report({ start: i % ctx.model.text.length, end: (i % ctx.model.text.length) + 1, message: `finding ${i}` });
    },
  };
}

const SRC = 'import time\n\nasync def f():\n    time.sleep(1)\n\nasync def g():\n    time.sleep(2)\n';

test('a rule that throws: told once per file with the rule, a note naming the file; the other rules report', async () => {
  await ready;
  const told: string[] = [];
  const r = lintSource(SRC, { path: '/w/app.py', rules: ruleRegistry([crashing, blockingSleep]), onRuleError: (rule, e) => told.push(`${rule.meta.code}: ${(e as Error).message}`) });
  assert.deepEqual(told, ['FPL991: boom']);
  assert.deepEqual(r.notes, [{ kind: 'rule-failed', code: 'FPL991', path: '/w/app.py', message: 'boom' }]);
  assert.deepEqual(r.findings.map((f) => f.code), ['FPL991', 'FPL101', 'FPL101'], 'what it reported before throwing stays, the other rule reports in full');
  // Per chunk (the server's incremental path), it is still told once for the file.
  const doc = new Document(SRC, 1);
  try {
    const once: string[] = [];
    const inc = doc.lint({ path: '/w/app.py', rules: ruleRegistry([crashing, blockingSleep]), onRuleError: (rule) => once.push(rule.meta.code) });
    assert.deepEqual(once, ['FPL991']);
    assert.equal(inc.findings.filter((f) => f.code === 'FPL101').length, 2);
  } finally {
    doc.dispose();
  }
});

test('a slow rule delays the others but never skips them: no clock decides what is reported', async () => {
  await ready;
  const r = lintSource(SRC, { rules: ruleRegistry([slow(300), blockingSleep]) });
  assert.deepEqual(r.findings.map((f) => f.code), ['FPL101', 'FPL101']);
  assert.deepEqual(r.notes, []);
});

test('max-findings: a file over the limit reports none, with a note naming the limit; at the limit, all', async () => {
  await ready;
  const config = mergeConfig({ maxFindings: 50 });
  const at = lintSource(SRC, { rules: ruleRegistry([reporting(48), blockingSleep]), config });
  assert.equal(at.findings.length, 50);
  assert.deepEqual(at.notes, []);
  const over = lintSource(SRC, { rules: ruleRegistry([reporting(49), blockingSleep]), config });
  assert.deepEqual(over.findings, []);
  assert.deepEqual(over.notes, [{ kind: 'finding-limit', limit: 50 }]);
  // A rule that never stops reporting is stopped at the limit.
  const endless = lintSource(SRC, { rules: ruleRegistry([slow(60 * 60_000, true), blockingSleep]), config });
  assert.deepEqual(endless.findings, []);
  assert.deepEqual(endless.notes, over.notes);
  assert.equal(DEFAULT_CONFIG.maxFindings, 50_000);
});

/**
 * FPL101's findings without their fix: a reused finding whose fix replaces code makes the
 * server analyse the whole file (whether the fix leaves an import unused reads every scope),
 * and this test is about the incremental path.
 */
const sleepNoFix: Rule = {
  meta: meta('FPL994', 'test-sleep'),
  check(ctx) {
    blockingSleep.check(Object.create(ctx, { report: { value: (f: Parameters<typeof ctx.report>[0]) => ctx.report({ ...f, fix: undefined }) } }));
  },
};

test('max-findings in the server: reused chunks count, the answer is the full lint\'s, and a cut-short run is not reused', async () => {
  await ready;
  const fns = (n: number): string => ['import time', ...Array.from({ length: n }, (_, i) => `async def f${i}():\n    time.sleep(${i})`)].join('\n') + '\n';
  const rules = ruleRegistry([sleepNoFix]);
  const config = mergeConfig({ maxFindings: 10 });
  const doc = new Document(fns(10), 1);
  try {
    const first = doc.lint({ rules, config });
    assert.equal(first.findings.length, 10);
    // One more function, analysed alone: with the ten reused findings it is over the limit.
    doc.update([{ range: { start: { line: 21, character: 0 }, end: { line: 21, character: 0 } }, text: 'async def g():\n    time.sleep(99)\n' }], 2);
    const second = doc.lint({ rules, config });
    assert.equal(doc.linter.lastStats?.mode, 'incremental');
    assert.deepEqual(second.findings, []);
    assert.deepEqual(second.notes, [{ kind: 'finding-limit', limit: 10 }]);
    assert.deepEqual(lintSource(doc.text, { rules, config }).notes, second.notes);
    // Back under the limit: every chunk is analysed again.
    doc.update([{ range: { start: { line: 21, character: 0 }, end: { line: 23, character: 0 } }, text: '' }], 3);
    const third = doc.lint({ rules, config });
    assert.equal(doc.linter.lastStats?.mode, 'full');
    assert.equal(third.findings.length, 10);
  } finally {
    doc.dispose();
  }
});
