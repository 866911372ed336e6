import { scopesUnder } from '../../server/src/analysis/facts';
import { parseImport } from '../../server/src/analysis/imports';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { onPydantic2 } from '../shared/pydantic';

const V1 = 'pydantic.v1';
/** FastAPI 0.128.0 dropped support for `pydantic.v1` models. */
const FASTAPI_DROPPED_V1 = '0.128.0';

function isV1(name: string): boolean {
  return name === V1 || name.startsWith(`${V1}.`);
}

export const rule: Rule = {
  meta: {
    code: 'FPL406',
    id: 'pydantic-v1-import',
    family: 'pydantic',
    severity: 'warning',
    fix: 'none',
    // Pydantic 2 migration group: off by default (issue 16: no measurable cost per request).
    defaultEnabled: false,
    docs: {
      summary: 'An import of `pydantic.v1`, the Pydantic 1 API bundled inside Pydantic 2.',
      why: '`pydantic.v1` is the old pure-Python implementation: its models validate and serialize without pydantic-core, many times slower than Pydantic 2 models, and FastAPI has to convert between the two worlds. It was meant for migrating file by file. FastAPI 0.126 dropped Pydantic 1 and FastAPI 0.128 dropped `pydantic.v1` models as well, and `pydantic.v1` does not support Python 3.14. Importing `pydantic.v1` costs nothing by itself (an exception class, a helper): the rule belongs to the Pydantic 2 migration group, off by default: select it with `extend-select = ["FPL406"]`.',
      example: ['from pydantic.v1 import BaseModel', '', 'class PartnerOrder(BaseModel):', '    reference: str', '    amount: float'].join('\n'),
      useInstead: ['from pydantic import BaseModel', '', 'class PartnerOrder(BaseModel):', '    reference: str', '    amount: float'].join('\n'),
      fixSafety: 'No fix: moving a model to Pydantic 2 can change validation and the names of its methods and options (see FPL401-FPL403, and `bump-pydantic` for the mechanical part).',
      versions: 'Reported on Pydantic 2 (unknown counts as 2); an error on FastAPI 0.128 and later (unknown counts as the latest), a warning before.',
      references: ['https://fastapi.tiangolo.com/how-to/migrate-from-pydantic-v1-to-pydantic-v2/', 'https://docs.pydantic.dev/latest/migration/#continue-using-pydantic-v1-features'],
    },
  },
  check(ctx) {
    // On Pydantic 1, `pydantic.v1` is the whole project's API (an alias kept to ease the move), not a leftover.
    if (!onPydantic2(ctx)) return;
    const { model } = ctx;
    // A workspace package named `pydantic` is not the library.
    if (model.resolver.split(V1)) return;
    const dropped = atLeast(ctx.versions.fastapi, FASTAPI_DROPPED_V1);
    const fastapi = describeVersion('fastapi', ctx.versions.fastapi);
    // Imports at any level; only those in the chunks being checked (per-chunk runs of incremental linting).
    const imports: Node[] = [];
    for (const s of scopesUnder(model.moduleScope)) for (const imp of s.imports) if (model.covers(imp.startIndex)) imports.push(imp);
    for (const imp of imports) {
      // `import pydantic.v1`, `from pydantic.v1 import X`, `from pydantic import v1`; relative imports are the workspace's own.
      if (imp.childForFieldName('module_name')?.type === 'relative_import') continue;
      if (!parseImport(imp, model.text, model.context).some((b) => isV1(b.module) || isV1(b.target))) continue;
      ctx.report({
        node: imp,
        message: dropped
          ? '`pydantic.v1` models are not supported by FastAPI 0.128+ and validate in pure Python; move them to Pydantic 2'
          : '`pydantic.v1` models validate in pure Python, and FastAPI 0.128 drops them; move them to Pydantic 2 models',
        detail: `\`pydantic.v1\` models validate in pure Python without pydantic-core (${fastapi}).`,
        severity: dropped ? 'error' : undefined,
      });
    }
  },
};
