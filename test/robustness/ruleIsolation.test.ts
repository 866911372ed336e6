// Rule isolation and the per-file time budget, with injected rules: a rule that throws is
// reported once per file with the file and the rule, and the other rules' findings stay;
// a slow rule, or one reporting thousands of findings, is stopped by the budget with a note;
// the CLI and the server set a budget by default; a cut-short run is never reused.
import { ruleRegistry } from '../../server/src/engine/registry';
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../server/src/engine/document';
import { DEFAULT_TIME_BUDGET_MS, lintSource } from '../../server/src/engine/linter';
import type { Rule } from '../../server/src/ruleApi/rule';
import { lintOptionsFor } from '../../server/src/lsp/diagnostics';
import type { ServerContext } from '../../server/src/lsp/context';
import type { Effective } from '../../server/src/lsp/configuration';
import { mergeConfig } from '../../server/src/engine/config';
import { plannedOptions } from '../../server/src/engine/project';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
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

/** Busy for `ms` (the budget is measured with Date.now, as the linter does). Its code sorts before FPL101: registries run rules in code order. */
function slow(ms: number, reports = false): Rule {
  return {
    meta: meta('FPL100', 'test-slow'),
    check(ctx) {
      const until = Date.now() + ms;
      while (Date.now() < until) if (reports) ctx.report({ start: 0, end: 1, message: 'one more' });
    },
  };
}

const SRC = 'import time\n\nasync def f():\n    time.sleep(1)\n\nasync def g():\n    time.sleep(2)\n';

test('a rule that throws: told once per file with the rule, a note naming the file; the other rules report', async () => {
  await ready;
  const told: string[] = [];
  const r = lintSource(SRC, { path: '/w/app.py', rules: ruleRegistry([crashing, blockingSleep]), onRuleError: (rule, e) => told.push(`${rule.meta.code}: ${(e as Error).message}`) });
  assert.deepEqual(told, ['FPL991: boom']);
  assert.deepEqual(r.notes, ['FPL991 failed on /w/app.py: boom']);
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

test('a slow rule: the rules after it are skipped once the budget is spent, with a note', async () => {
  await ready;
  const r = lintSource(SRC, { rules: ruleRegistry([slow(120), blockingSleep]), timeBudgetMs: 40 });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.notes, ['time budget of 40 ms exceeded: some rules were skipped']);
  // The same rules without a budget: all of them run.
  assert.equal(lintSource(SRC, { rules: ruleRegistry([slow(5), blockingSleep]) }).findings.length, 2);
});

test('a rule reporting without end is stopped mid-way by the budget', async () => {
  await ready;
  const r = lintSource(SRC, { rules: ruleRegistry([slow(60_000, true), blockingSleep]), timeBudgetMs: 50 });
  assert.ok(r.findings.length > 0 && r.findings.every((f) => f.code === 'FPL100'));
  assert.deepEqual(r.notes, ['time budget of 50 ms exceeded: some rules were skipped']);
});

test('a run cut short by the budget is not reused by the next incremental lint', async () => {
  await ready;
  const doc = new Document(SRC, 1);
  try {
    let budget = 30;
    const slowOnce: Rule = { meta: slow(0).meta, check: (ctx) => (budget === 30 ? slow(80).check(ctx) : undefined) };
    const rules = ruleRegistry([slowOnce, blockingSleep]);
    const first = doc.lint({ rules, timeBudgetMs: budget });
    assert.equal(first.findings.length, 0);
    budget = 10_000;
    doc.update([{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '# edited\n' }], 2);
    const second = doc.lint({ rules, timeBudgetMs: budget });
    assert.equal(second.findings.length, 2, 'every chunk is analysed again');
    assert.equal(doc.linter.lastStats?.mode, 'full');
  } finally {
    doc.dispose();
  }
});

test('the CLI and the server lint with the default budget', () => {
  const eff = { config: mergeConfig(), versions: {}, settings: {} } as unknown as Effective;
  const ctx = { options: {} } as unknown as ServerContext;
  assert.equal(lintOptionsFor(ctx, eff, undefined, undefined, () => {}).timeBudgetMs, DEFAULT_TIME_BUDGET_MS);
  const file = { path: '/w/a.py', relPath: 'a.py', module: 'a', isPackage: false, eagerDetails: false };
  assert.equal(plannedOptions(file, new WorkspaceIndex(), mergeConfig(), REGISTRY).timeBudgetMs, DEFAULT_TIME_BUDGET_MS);
});
