// The hover's cost line reads the impact bench's figures (bench/impact, `npm run bench:impact -- --write`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { impactFigures, impactLine, impactText, type ImpactFigures } from '../../server/src/analysis/knowledge/impact';
import { REGISTRY } from '../helpers';

const data = JSON.parse(readFileSync(join(__dirname, '..', '..', 'server', 'src', 'analysis', 'knowledge', 'impact.json'), 'utf8')) as {
  rules: Record<string, { versions: string }>;
};
test('every measured code is a rule, and its line quotes the figures, versions and machine', () => {
  assert.ok(Object.keys(data.rules).length >= 5, 'impact.json has no figures: run `npm run bench:impact -- --write`');
  for (const [code, f] of Object.entries(data.rules)) {
    assert.ok(REGISTRY.find(code), `${code} is not a rule`);
    const line = impactLine(code)!;
    assert.ok(line.includes(f.versions), line);
    assert.match(line, /50 concurrent clients got [\d.]+(× the)? requests\/s/);
    assert.match(line, /npm run bench:impact/);
  }
});

test('no line for a rule the bench does not measure, nor for an inherited property', () => {
  assert.equal(impactLine('FPL999'), undefined);
  assert.equal(impactFigures('constructor'), undefined);
  assert.equal(impactLine('toString'), undefined);
});

test('the figure that moved leads: latency when the requests/s stayed flat, throughput otherwise', () => {
  const base: ImpactFigures = { title: 'two calls in sequence', how: '--fix', versions: 'FastAPI 0.142', rps50: [200, 190], p99At50Ms: [400, 450], p50At1Ms: [45, 24] };
  assert.match(impactText(base), /: one client's p50 45\.0 ms → 24\.0 ms; 50 concurrent clients got 0\.9× the requests\/s/);
  assert.match(impactText({ ...base, rps50: [45, 2000] }), /: 50 concurrent clients got 44× the requests\/s .*; one client's p50/);
  // Flat throughput and flat latency: the usual order.
  assert.match(impactText({ ...base, p50At1Ms: [45, 44] }), /: 50 concurrent clients got 0\.9×/);
});
