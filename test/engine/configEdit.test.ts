// "Ignore for this project" edits the configuration file as a person would: formatting,
// comments and quotes stay; the result must parse and ignore the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreCodeEdit } from '../../server/src/engine/configEdit';

function apply(text: string, code: string, pyproject = true): string | null {
  const e = ignoreCodeEdit(text, code, pyproject);
  return e ? text.slice(0, e.start) + e.text + text.slice(e.end) : null;
}

test('one-line lists keep their layout, quotes and trailing comma', () => {
  assert.equal(apply('[tool.fastapi-perf-lint]\nignore = ["FPL109"]  # noisy\n', 'FPL101'), '[tool.fastapi-perf-lint]\nignore = ["FPL109", "FPL101"]  # noisy\n');
  assert.equal(apply("[tool.fastapi-perf-lint]\nignore=['FPL109',]\n", 'FPL101'), "[tool.fastapi-perf-lint]\nignore=['FPL109', 'FPL101',]\n");
  assert.equal(apply('[tool.fastapi-perf-lint]\nignore = []\n', 'FPL101'), '[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n');
});

test('multi-line lists get a new line indented like the last entry, after its comment', () => {
  const text = [
    '[project]',
    'name = "shop"',
    '',
    '[tool.fastapi-perf-lint]',
    '# why we ignore these',
    'ignore = [',
    '  "FPL109",   # sequential awaits are fine here',
    '  "FPL301"  # admin only',
    ']',
    'select = ["FPL"]',
    '',
    '[tool.ruff]',
    'line-length = 100',
    '',
  ].join('\n');
  assert.equal(apply(text, 'FPL101'), text.replace('  "FPL301"  # admin only\n', '  "FPL301",  # admin only\n  "FPL101"\n'));
  const comma = '[tool.fastapi-perf-lint]\nignore = [\n    "FPL109",\n]\n';
  assert.equal(apply(comma, 'FPL101'), '[tool.fastapi-perf-lint]\nignore = [\n    "FPL109",\n    "FPL101",\n]\n');
});

test('a missing key goes after the table\'s last key; a missing table at the end; CRLF stays CRLF', () => {
  const text = '[tool.fastapi-perf-lint]\nselect = ["FPL"]\n\n# ruff next\n[tool.ruff]\nx = 1\n';
  assert.equal(apply(text, 'FPL101'), '[tool.fastapi-perf-lint]\nselect = ["FPL"]\nignore = ["FPL101"]\n\n# ruff next\n[tool.ruff]\nx = 1\n');
  assert.equal(apply('[project]\nname = "x"\n', 'FPL101'), '[project]\nname = "x"\n\n[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n');
  assert.equal(apply('[project]\r\nname = "x"', 'FPL101'), '[project]\r\nname = "x"\r\n\r\n[tool.fastapi-perf-lint]\r\nignore = ["FPL101"]\r\n');
  assert.equal(apply('[tool.fastapi-perf-lint]\r\nselect = ["FPL"]\r\n', 'FPL101'), '[tool.fastapi-perf-lint]\r\nselect = ["FPL"]\r\nignore = ["FPL101"]\r\n');
  // fastapi-perf-lint.toml: the keys are at the top level.
  assert.equal(apply('# settings\nselect = ["FPL"]\n', 'FPL101', false), '# settings\nselect = ["FPL"]\nignore = ["FPL101"]\n');
  assert.equal(apply('', 'FPL101', false), 'ignore = ["FPL101"]\n');
});

test('nothing when the code is ignored already or the layout is unknown', () => {
  assert.equal(apply('[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n', 'FPL101'), null);
  assert.equal(apply('[tool.fastapi-perf-lint]\nignore = """x"""\n', 'FPL101'), null);
  assert.equal(apply('[tool]\nfastapi-perf-lint = { ignore = ["FPL109"] }\n', 'FPL101'), null, 'an inline table: a new [tool.fastapi-perf-lint] would redefine it');
  assert.equal(apply('[tool.fastapi-perf-lint\nbroken', 'FPL101'), null);
});
