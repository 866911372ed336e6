// Every rule's documented example triggers it and its "use instead" does not (with the
// latest library versions, as when no version is found).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../rules/index';
import { lintWith, ready } from '../helpers';

for (const rule of RULES) {
  const { code } = rule.meta;
  test(`${code} ${rule.meta.id}: docs example triggers, "use instead" does not`, async () => {
    await ready;
    const d = rule.meta.docs;
    for (const key of ['summary', 'why', 'example', 'useInstead'] as const) assert.ok(d[key]?.trim(), `docs.${key}`);
    if (rule.meta.fix !== 'none') assert.ok(d.fixSafety?.trim(), 'docs.fixSafety');
    assert.ok((d.references ?? []).length > 0, 'docs.references');
    assert.ok(lintWith(d.example, [code]).some((f) => f.code === code), 'the example triggers the rule');
    assert.deepEqual(lintWith(d.useInstead, [code]).filter((f) => f.code === code).map((f) => f.message), [], '"use instead" does not');
  });
}
