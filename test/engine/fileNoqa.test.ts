// "Ignore in this file": the file-level noqa comment goes where a person puts it, and an
// existing one takes the new code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/engine/parser';
import { fileNoqaEdit, parseSuppressions } from '../../server/src/engine/suppressions';
import { ready } from '../helpers';

async function apply(text: string, code = 'FPL101'): Promise<string | null> {
  await ready;
  const tree = parse(text);
  const e = fileNoqaEdit(text, tree, code);
  return e ? text.slice(0, e.start) + e.text + text.slice(e.end) : null;
}

test('after the shebang, the encoding line and the module docstring with its blank line', async () => {
  assert.equal(await apply('import time\n'), '# fastapi-perf-lint: noqa: FPL101\nimport time\n');
  assert.equal(
    await apply('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""The app.\n\nMore.\n"""\n\nimport time\n'),
    '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""The app.\n\nMore.\n"""\n\n# fastapi-perf-lint: noqa: FPL101\nimport time\n',
  );
  assert.equal(await apply('"""Doc."""\nimport time\r\n'), '"""Doc."""\n# fastapi-perf-lint: noqa: FPL101\r\nimport time\r\n');
  assert.equal(await apply('"""Only a docstring."""'), '"""Only a docstring."""\n# fastapi-perf-lint: noqa: FPL101\n');
});

test('an existing file-level comment takes the code; nothing when it is there or blanket', async () => {
  assert.equal(await apply('import x\n# fastapi-perf-lint: noqa: FPL109\n'), 'import x\n# fastapi-perf-lint: noqa: FPL109, FPL101\n');
  assert.equal(await apply('# fastapi-perf-lint: noqa: FPL101\n'), null);
  assert.equal(await apply('# fastapi-perf-lint: noqa\n'), null);
  // A line noqa is not file-level: the file comment is added.
  assert.equal(await apply('time.sleep(1)  # noqa: FPL101\n', 'FPL102'), '# fastapi-perf-lint: noqa: FPL102\ntime.sleep(1)  # noqa: FPL101\n');
});

test('the edited file suppresses the code', async () => {
  const text = (await apply('"""Doc."""\n\nimport time\n'))!;
  const tree = parse(text);
  const s = parseSuppressions(text, tree, new Set(['FPL101']));
  assert.deepEqual(s.file, new Set(['FPL101']));
});
