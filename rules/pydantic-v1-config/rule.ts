import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { lineEnding } from '../../server/src/analysis/lines';
import { CONFIG_INVERTED, CONFIG_KEYS, CONFIG_REMOVED, CONFIG_RENAMED, SETTINGS_CONFIG_KEYS } from '../data/pydantic';
import { libraryName } from '../shared/imports';
import { readNames } from '../shared/names';
import { isModelClass, onPydantic2, pydanticVersion, snippet } from '../shared/pydantic';
import { indentBefore, lineEnd } from '../../server/src/analysis/lines';

const SETTINGS_V2: ReadonlySet<string> = new Set(['pydantic_settings.BaseSettings']);
const SETTINGS_V1: ReadonlySet<string> = new Set(['pydantic.BaseSettings']);
const MAX_LINE = 88;

interface Entry {
  key: string;
  value: string;
  start: number;
  end: number;
}

interface Translation {
  entries: Entry[];
  /** What could not be translated, for the message. */
  blockers: string[];
}

/** The `ConfigDict` entries of a v1 `class Config`, or what prevents the translation. */
function translate(model: FileModel, config: Scope, owner: Scope, settings: boolean): Translation {
  const text = model.text;
  const node = config.node!;
  const entries: Entry[] = [];
  const blockers: string[] = [];
  const superclasses = node.childForFieldName('superclasses');
  if (superclasses && superclasses.namedChildCount > 0) blockers.push(`it inherits from \`${snippet(superclasses.text.slice(1, -1))}\``);
  const configNames = model.bindings(config).names;
  // The model's other members may sit in chunks not analysed now: read them from the module summary.
  const ownerClass = model.resolver.cls(model.qualifiedName(owner));
  const ownerNames = new Set([...(ownerClass?.cls.attrs.map((a) => a.name) ?? []), ...Object.keys(ownerClass?.cls.methods ?? {})]);
  if (ownerNames.has('model_config')) blockers.push('the model also sets `model_config`');
  const seen = new Set<string>();
  for (const stmt of node.childForFieldName('body')?.namedChildren ?? []) {
    if (!stmt || stmt.type === 'comment' || stmt.type === 'pass_statement') continue;
    const assignment = stmt.type === 'expression_statement' && stmt.namedChildCount === 1 ? stmt.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right') ?? null;
    if (!assignment || left?.type !== 'identifier' || !right || right.type === 'assignment') {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const defName = def?.type === 'function_definition' || def?.type === 'class_definition' ? def.childForFieldName('name')?.text : undefined;
      blockers.push(defName ? `\`${defName}\` (a ${def!.type === 'class_definition' ? 'class' : 'method'})` : `\`${snippet(text.slice(stmt.startIndex, lineEnd(text, stmt.startIndex)).trim())}\` (not a plain assignment)`);
      continue;
    }
    const name = left.text;
    let key = name;
    let value = text.slice(right.startIndex, right.endIndex);
    if (Object.hasOwn(CONFIG_RENAMED, name)) key = CONFIG_RENAMED[name];
    else if (Object.hasOwn(CONFIG_INVERTED, name)) {
      if (value !== 'True' && value !== 'False') {
        blockers.push(`\`${name}\` (becomes \`${CONFIG_INVERTED[name]}\` with the opposite value)`);
        continue;
      }
      key = CONFIG_INVERTED[name];
      value = value === 'True' ? 'False' : 'True';
    } else if (CONFIG_REMOVED.has(name)) {
      blockers.push(`\`${name}\` (removed in Pydantic 2)`);
      continue;
    } else if (!CONFIG_KEYS.has(name) && !(settings && SETTINGS_CONFIG_KEYS.has(name))) {
      blockers.push(`\`${name}\` (not a Pydantic 2 option)`);
      continue;
    }
    if (seen.has(key)) {
      blockers.push(`\`${key}\` (set twice)`);
      continue;
    }
    seen.add(key);
    // Moved into the model's body, a name in the value could find the model's own attributes.
    const clash = readNames(right).find((n) => ownerNames.has(n) || configNames.has(n));
    if (clash) {
      blockers.push(`\`${name}\` (its value uses \`${clash}\`, which the class body binds)`);
      continue;
    }
    entries.push({ key, value, start: stmt.startIndex, end: stmt.endIndex });
  }
  return { entries, blockers };
}

/** The replacement text for the whole `class Config` block. */
function render(model: FileModel, config: Node, end: number, entries: Entry[], configDict: string, indent: string): string | null {
  const text = model.text;
  const eol = lineEnding(text);
  // Comments in the block (not inside a value), kept in place among the options.
  const comments = config
    .descendantsOfType('comment')
    .filter((c): c is Node => !!c && !entries.some((e) => c.startIndex >= e.start && c.endIndex <= e.end))
    .map((c) => ({ start: c.startIndex, text: c.text.trimEnd() })); // under CRLF a comment holds its `\r`
  const tail = text.slice(config.endIndex, end).trim();
  if (tail.startsWith('#')) comments.push({ start: config.endIndex, text: tail });
  const multiline = entries.some((e) => e.value.includes('\n') || e.value.includes('\r'));
  const oneLine = `model_config = ${configDict}(${entries.map((e) => `${e.key}=${e.value}`).join(', ')})`;
  if (comments.length === 0 && !multiline && indent.length + oneLine.length <= MAX_LINE) return oneLine;
  // One option per line, at the column the options had in the Config body.
  const first = entries[0];
  const inner = first ? indentBefore(text, first.start) : null;
  if (first && inner === null) return null;
  const unit = inner ?? `${indent}    `;
  const items = [...entries.map((e) => ({ start: e.start, end: e.end, line: `${e.key}=${e.value},` })), ...comments.map((c) => ({ start: c.start, end: c.start, line: c.text }))].sort((a, b) => a.start - b.start);
  let head = `model_config = ${configDict}(`;
  const lines: string[] = [];
  let prevEnd = -1;
  for (const item of items) {
    const isComment = item.line.startsWith('#');
    const sameLine = isComment && !/[\r\n]/.test(text.slice(Math.max(prevEnd, config.startIndex), item.start));
    if (isComment && sameLine && lines.length === 0 && prevEnd < 0) head += `  ${item.line}`;
    else if (isComment && sameLine && lines.length > 0) lines[lines.length - 1] += `  ${item.line}`;
    else lines.push(unit + item.line);
    prevEnd = Math.max(prevEnd, item.end);
  }
  return [head, ...lines, `${indent})`].join(eol);
}

export const rule: Rule = {
  meta: {
    code: 'FPL402',
    id: 'pydantic-v1-config',
    family: 'pydantic',
    severity: 'warning',
    fix: 'safe',
    // Pydantic 2 migration group: off by default (issue 16: no measurable cost per request).
    defaultEnabled: false,
    docs: {
      summary: 'A Pydantic 1 `class Config:` inside a Pydantic 2 model.',
      why: 'Pydantic 2 reads `class Config` only for backward compatibility: it warns when each model class is built, and it does not translate the v1 option names, so `orm_mode`, `anystr_strip_whitespace` or `validate_all` silently stop working (the model no longer reads ORM attributes, strings are no longer stripped). `model_config = ConfigDict(...)` is read directly, its keys are checked by type checkers, and the options take effect. A `class Config` is read once, when the class is built, so it costs nothing per request: the rule belongs to the Pydantic 2 migration group, off by default: select it with `extend-select = ["FPL402"]`.',
      example: [
        'from pydantic import BaseModel',
        '',
        'class ItemOut(BaseModel):',
        '    id: int',
        '    name: str',
        '',
        '    class Config:',
        '        orm_mode = True',
        '        anystr_strip_whitespace = True',
      ].join('\n'),
      useInstead: [
        'from pydantic import BaseModel, ConfigDict',
        '',
        'class ItemOut(BaseModel):',
        '    id: int',
        '    name: str',
        '',
        '    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)',
      ].join('\n'),
      fixSafety: 'Safe when the `Config` body is only plain assignments of options Pydantic 2 knows: the class becomes `model_config = ConfigDict(...)` (`SettingsConfigDict` for pydantic-settings classes), renaming `orm_mode` to `from_attributes`, `allow_population_by_field_name` to `populate_by_name`, `anystr_strip_whitespace` to `str_strip_whitespace`, `anystr_lower`/`anystr_upper` to `str_to_lower`/`str_to_upper`, `min_anystr_length`/`max_anystr_length` to `str_min_length`/`str_max_length`, `keep_untouched` to `ignored_types`, `schema_extra` to `json_schema_extra`, `validate_all` to `validate_default`, and `allow_mutation = False` to `frozen=True`; comments are kept and the import is added. Methods, removed options (`fields`, `getter_dict`, `smart_union`, `json_loads` ...), unknown options or a `Config` with base classes leave the class untouched, and the message lists them.',
      versions: 'Pydantic 2 and later (the project\'s Pydantic version; unknown means the latest).',
      references: ['https://docs.pydantic.dev/latest/migration/#changes-to-config', 'https://docs.pydantic.dev/latest/api/config/'],
    },
  },
  check(ctx) {
    if (!onPydantic2(ctx)) return;
    const { model } = ctx;
    for (const config of model.classes) {
      const owner = config.parent;
      if (config.name !== 'Config' || !config.node || owner?.kind !== 'class' || !owner.node) continue;
      const ownerQ = model.qualifiedName(owner);
      if (!isModelClass(model, ownerQ)) continue;
      const node = config.node;
      const nameNode = node.childForFieldName('name');
      const settings = model.resolver.isSubclass(ownerQ, SETTINGS_V2);
      const { entries, blockers } = translate(model, config, owner, settings);
      if (model.resolver.isSubclass(ownerQ, SETTINGS_V1)) blockers.unshift('`pydantic.BaseSettings` moved to the pydantic-settings package in Pydantic 2');
      const dictName = settings ? 'SettingsConfigDict' : 'ConfigDict';
      const shown = blockers.length ? `model_config = ${dictName}(...)` : `model_config = ${dictName}(${entries.map((e) => `${e.key}=${snippet(e.value, 24)}`).join(', ')})`;
      let fix;
      if (blockers.length === 0) {
        const indent = indentBefore(model.text, node.startIndex);
        const ref = libraryName(ctx, settings ? 'pydantic_settings.SettingsConfigDict' : 'pydantic.ConfigDict', node.startIndex);
        // Through a trailing comment on the block's last line, so it moves with the options.
        const after = lineEnd(model.text, node.endIndex);
        const end = /^[ \t]*(#.*)?$/.test(model.text.slice(node.endIndex, after)) ? after : node.endIndex;
        const replacement = indent !== null && ref ? render(model, node, end, entries, ref.text, indent) : null;
        if (replacement) fix = { title: `Replace \`class Config\` with \`model_config = ${dictName}(...)\``, edits: [{ start: node.startIndex, end, text: replacement }], imports: ref!.imports };
      }
      ctx.report({
        start: node.startIndex,
        end: nameNode?.endIndex ?? node.startIndex,
        message: `\`class Config\` is Pydantic 1 configuration, read through a deprecated fallback; use \`model_config = ${dictName}(...)\``,
        detail: `\`class Config\` in \`${owner.name}\` (${pydanticVersion(ctx)}): use \`${shown}\`${blockers.length ? `. Not rewritten automatically: ${blockers.join('; ')}` : ''}.`,
        fix,
      });
    }
  },
};
