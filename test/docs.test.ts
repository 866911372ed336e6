// The generated documentation matches the rules' metadata (run `npm run docs` when it does
// not), every rule documents what it should, and each docs "example" triggers its rule
// while its "use instead" does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { RULES } from '../rules/index';
import { renderDocs, ROOT, rulesTable, TABLE_END, TABLE_START, withTable } from '../scripts/docs';
import { fixtureVersions, lintWith, ready } from './helpers';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

test('generated docs are up to date (run `npm run docs`)', () => {
  const stale: string[] = [];
  for (const [path, content] of renderDocs()) if (read(path) !== content) stale.push(relative(ROOT, path));
  assert.deepEqual(stale, [], `out of date, run \`npm run docs\`: ${stale.join(', ')}`);
});

test('the rules table replaces only the text between its markers', () => {
  const readme = `intro\n${TABLE_START}\nold\n${TABLE_END}\noutro\n`;
  const table = rulesTable(RULES);
  assert.equal(withTable(readme, table), `intro\n${TABLE_START}\n${table}\n${TABLE_END}\noutro\n`);
  assert.throws(() => withTable('no markers here', table), /rules-table/);
});

for (const rule of RULES) {
  const { code, id, docs } = rule.meta;

  test(`${code} ${id}: docs are complete`, () => {
    for (const key of ['summary', 'why', 'example', 'useInstead', 'fixSafety'] as const) assert.ok(docs[key]?.trim(), `docs.${key} is empty`);
    assert.ok(docs.references && docs.references.length > 0, 'docs.references is empty');
    for (const r of docs.references) assert.match(r, /^https:\/\//, `reference is not a URL: ${r}`);
  });

  test(`${code} ${id}: the docs example triggers the rule and "use instead" does not`, async () => {
    await ready;
    const path = docs.file ?? 'example.py';
    // A rule that needs a known version (FPL206) pins it on the example's first line, as fixtures do.
    const example = lintWith(docs.example, [code], { path, versions: fixtureVersions(docs.example) }).filter((f) => f.code === code);
    assert.ok(example.length > 0, `the example raises no ${code}`);
    const instead = lintWith(docs.useInstead, [code], { path, versions: fixtureVersions(docs.useInstead) }).filter((f) => f.code === code);
    assert.deepEqual(
      instead.map((f) => f.message),
      [],
      `"use instead" raises ${code}`,
    );
  });
}
