// The hover's cost line reads the impact bench's figures (bench/impact, `npm run bench:impact -- --write`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { impactFigures, impactLine } from '../../server/src/analysis/knowledge/impact';
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
