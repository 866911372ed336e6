import type { Scope } from '../../server/src/analysis/facts';
import { parameters } from '../../server/src/analysis/scopes';
import type { Node } from '../../server/src/analysis/tree';
import type { ImportNeed, Rule, RuleContext, TextEdit } from '../../server/src/ruleApi/rule';
import { lineEnding } from '../../server/src/analysis/lines';
import { resolvedDecorators, type ResolvedDecorator } from '../shared/decorators';
import { libraryName } from '../shared/imports';
import { nameMatcher } from '../shared/names';
import { onPydantic2, pydanticVersion } from '../shared/pydantic';
import { indentBefore } from '../../server/src/analysis/lines';

const VALIDATOR = 'pydantic.validator';
const ROOT_VALIDATOR = 'pydantic.root_validator';
const TARGETS: ReadonlySet<string> = new Set([VALIDATOR, ROOT_VALIDATOR]);

interface Plan {
  /** The new decorator expression, without `@`. */
  decorator: string;
  imports: ImportNeed[];
  addClassmethod: boolean;
}

/** The keyword arguments of a decorator call, or null when it has splats or comments. */
function callArgs(call: Node): { positional: Node[]; keywords: Map<string, Node> } | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const a of args.namedChildren) {
    if (!a) continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (!name || !value) return null;
      keywords.set(name, value);
    } else if (a.type === 'comment' || a.type === 'list_splat' || a.type === 'dictionary_splat') return null;
    else positional.push(a);
  }
  return { positional, keywords };
}

function literal(node: Node | undefined): boolean | null {
  if (!node) return null;
  return node.type === 'true' ? true : node.type === 'false' ? false : null;
}

/** How to rewrite the decorator, or the reason it cannot be done mechanically. */
function plan(ctx: RuleContext, fn: Scope, d: ResolvedDecorator, all: ResolvedDecorator[], root: boolean): Plan | string {
  const text = ctx.model.text;
  if (!d.call) return root ? 'a bare `@root_validator` runs after validation: `@model_validator(mode="after")` receives the model instance, not a dict of values' : 'it has no field names';
  const args = callArgs(d.call);
  if (!args) return 'its arguments include `*`/`**` or comments';
  const params = fn.node ? parameters(fn.node, text) : [];
  if (params.length !== 2 || params.some((p) => p.binding.star || p.binding.defNode)) {
    return root ? 'its signature is not `(cls, values)`' : 'it takes `values`, `field` or `config`: in Pydantic 2 they come from a `ValidationInfo` argument (`info.data`)';
  }
  // `@classmethod` must sit directly under the new decorator.
  const after = all.slice(all.indexOf(d) + 1);
  const hasClassmethod = after.length === 1 && after[0].value.k === 'ref' && after[0].value.q === 'builtins.classmethod';
  if (after.length > 0 && !hasClassmethod) return 'other decorators sit between it and the function';
  if (!hasClassmethod && (!fn.node || indentBefore(text, fn.node.startIndex) === null)) return 'the function does not start its own line';
  const pre = literal(args.keywords.get('pre'));
  if (args.keywords.has('pre') && pre === null) return '`pre=` is not a literal';
  const kept: string[] = [];
  for (const [name, value] of args.keywords) {
    if (name === 'pre' || name === 'allow_reuse' || (root && name === 'skip_on_failure')) continue;
    if (!root && name === 'check_fields') kept.push(`check_fields=${value.text}`);
    else return `\`${name}=\` has no ${root ? '`@model_validator`' : '`@field_validator`'} equivalent`;
  }
  let decorator: string;
  let imports: ImportNeed[];
  if (root) {
    if (!pre) return 'it runs after validation: `@model_validator(mode="after")` receives the model instance, not a dict of values';
    if (args.positional.length > 0) return 'it has positional arguments';
    const ref = libraryName(ctx, 'pydantic.model_validator', d.node.startIndex);
    if (!ref) return '`model_validator` is shadowed here';
    decorator = `${ref.text}(mode="before")`;
    imports = ref.imports;
  } else {
    if (args.positional.length === 0) return 'it has no field names';
    const ref = libraryName(ctx, 'pydantic.field_validator', d.node.startIndex);
    if (!ref) return '`field_validator` is shadowed here';
    const parts = args.positional.map((p) => text.slice(p.startIndex, p.endIndex));
    if (pre) parts.push('mode="before"');
    decorator = `${ref.text}(${[...parts, ...kept].join(', ')})`;
    imports = ref.imports;
  }
  if (!hasClassmethod) {
    const cm = ctx.model.resolveName('classmethod', fn.parent ?? ctx.model.moduleScope, d.node.startIndex);
    if (cm.k !== 'ref' || cm.q !== 'builtins.classmethod') return '`classmethod` is shadowed here';
  }
  return { decorator, imports, addClassmethod: !hasClassmethod };
}

export const rule: Rule = {
  meta: {
    code: 'FPL403',
    id: 'pydantic-v1-validator',
    family: 'pydantic',
    severity: 'warning',
    fix: 'unsafe',
    // Pydantic 2 migration group: off by default (issue 16: no measurable cost per request).
    defaultEnabled: false,
    docs: {
      summary: 'A Pydantic 1 `@validator` or `@root_validator` on a Pydantic 2 project.',
      why: 'Pydantic 2 keeps `@validator` and `@root_validator` as deprecated shims: each one is wrapped in a compatibility layer that inspects the function\'s signature and, for every validated value, rebuilds the v1 arguments (`values`, `field`, `config`) around the call into Python. `@field_validator` and `@model_validator` are called by pydantic-core directly with a `ValidationInfo`, and `mode="before"` states when they run instead of a `pre=True` flag. `@validator` costs about what `@field_validator` does at run time: the rule belongs to the Pydantic 2 migration group, off by default: select it with `extend-select = ["FPL403"]`.',
      example: [
        'from pydantic import BaseModel, validator',
        '',
        'class ItemIn(BaseModel):',
        '    name: str',
        '',
        '    @validator("name", pre=True)',
        '    def strip_name(cls, v):',
        '        return v.strip()',
      ].join('\n'),
      useInstead: [
        'from pydantic import BaseModel, field_validator',
        '',
        'class ItemIn(BaseModel):',
        '    name: str',
        '',
        '    @field_validator("name", mode="before")',
        '    @classmethod',
        '    def strip_name(cls, v):',
        '        return v.strip()',
      ].join('\n'),
      fixSafety: 'Unsafe (offered as a suggestion, never applied by fix-all): Pydantic 2 validators differ in subtle ways (errors raised, what `mode="before"` input looks like, `info.data` holding only the fields validated so far). The fix covers `@validator(fields..., pre=..., check_fields=..., allow_reuse=...)` on a `(cls, value)` function, which becomes `@field_validator(fields..., mode="before")` plus `@classmethod`, and `@root_validator(pre=True)` on `(cls, values)`, which becomes `@model_validator(mode="before")` plus `@classmethod`. Validators taking `values`/`field`/`config`, using `each_item=` or `always=`, and post root validators (which receive the model instance in Pydantic 2) are reported without a fix.',
      versions: 'Pydantic 2 and later (the project\'s Pydantic version; unknown means the latest). `pydantic.v1.validator` is left alone.',
      references: ['https://docs.pydantic.dev/latest/migration/#changes-to-validators', 'https://docs.pydantic.dev/latest/concepts/validators/'],
    },
  },
  check(ctx) {
    if (!onPydantic2(ctx)) return;
    const { model } = ctx;
    const eol = lineEnding(model.text);
    const mayBeValidator = nameMatcher(model, TARGETS);
    for (const fn of model.functions) {
      if (!fn.node || !fn.decorators.some(mayBeValidator)) continue;
      const all = resolvedDecorators(model, fn);
      for (const d of all) {
        if (d.value.k !== 'ref' || (d.value.q !== VALIDATOR && d.value.q !== ROOT_VALIDATOR)) continue;
        const root = d.value.q === ROOT_VALIDATOR;
        const p = plan(ctx, fn, d, all, root);
        const expr = d.node.firstNamedChild!;
        let fix;
        if (typeof p !== 'string') {
          const edits: TextEdit[] = [{ start: expr.startIndex, end: expr.endIndex, text: p.decorator }];
          if (p.addClassmethod) edits.push({ start: fn.node.startIndex, end: fn.node.startIndex, text: `@classmethod${eol}${indentBefore(model.text, fn.node.startIndex)}` });
          fix = { title: `Replace with \`@${p.decorator}\` and \`@classmethod\``, edits, imports: p.imports };
        }
        const instead = root ? '`@model_validator(mode=...)`' : '`@field_validator(...)`';
        ctx.report({
          node: d.node,
          message: `\`@${root ? 'root_validator' : 'validator'}\` is the Pydantic 1 API, run through a wrapper; use ${instead} with \`@classmethod\``,
          detail: `\`${fn.name}\` (${pydanticVersion(ctx)}).${typeof p === 'string' ? ` Not rewritten automatically: ${p}.` : ''}`,
          fix,
        });
      }
    }
  },
};
